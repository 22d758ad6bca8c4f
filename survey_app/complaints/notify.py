"""Telling the citizen: an outbox table first, then e-mail (SMTP) or an SMS gateway.

Every message is written to the outbox in the same transaction as the step that causes
it, so nothing is lost when a gateway is down or none is configured: staff see held
messages and can deliver them by hand, and ``flask complaints send`` retries. Messages
hold no address; the recipient is decrypted from the complaint at sending time.
"""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from typing import Any, Protocol
from urllib.error import URLError

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from survey_app.complaints.crypto import decrypt_contact
from survey_app.core.mail import SEND_ERRORS, SmtpSender
from survey_app.models import (
    Complaint,
    ComplaintMessage,
    MessageChannel,
    MessageStatus,
    User,
    utcnow,
)

# Citizens are written to in Vietnamese: their language is not recorded with the complaint.
SUBJECTS = {
    "answer": "Phản ánh {code} đã có trả lời",
    "forward": "Phản ánh {code} đã được chuyển đến cơ quan có thẩm quyền",
    "reject": "Phản ánh {code} không được tiếp nhận",
}
OPENINGS = {
    "answer": "{centre} đã trả lời phản ánh {code} của Ông/Bà:\n\n{text}",
    "forward": "{centre} đã chuyển phản ánh {code} của Ông/Bà đến: {text}.",
    "reject": "{centre} không tiếp nhận phản ánh {code} của Ông/Bà. Lý do: {text}",
}
CLOSING = "Ông/Bà xem lại bất cứ lúc nào tại {url} bằng mã phản ánh và mã PIN."
SMS_TEXT = "HàiLòng: {subject}. Xem tại {url} bằng mã phản ánh và mã PIN."
LOOKUP_PATH = "/phan-anh/tra-cuu"


class DeliveryError(RuntimeError):
    """A gateway refused or could not take a message."""


class EmailBackend(Protocol):
    """Anything that can send one e-mail."""

    def send_email(self, to: str, subject: str, body: str) -> None: ...


class SmsGateway(Protocol):
    """Anything that can send one text message."""

    def send_sms(self, phone: str, text: str) -> None: ...


@dataclass(frozen=True, slots=True)
class SmtpEmailBackend(SmtpSender):
    """E-mail from ``sender`` through the one SMTP sender; failures become DeliveryError."""

    sender: str = "hailong@localhost"
    timeout: float = 10.0

    def send_email(self, to: str, subject: str, body: str) -> None:
        message = EmailMessage()
        message["From"] = self.sender
        message["To"] = to
        message["Subject"] = subject
        message.set_content(body)
        try:
            self.send(message)
        except SEND_ERRORS as error:
            raise DeliveryError(f"SMTP: {error}") from error


@dataclass(frozen=True, slots=True)
class HttpSmsGateway:
    """An SMS gateway that takes ``{"to": …, "text": …}`` as JSON with a bearer token."""

    url: str
    token: str | None = None
    timeout: float = 10.0
    opener: Callable[..., Any] = urllib.request.urlopen

    def send_sms(self, phone: str, text: str) -> None:
        if not self.url.startswith(("https://", "http://")):
            raise DeliveryError("SMS_GATEWAY_URL must be an http(s) URL")
        headers = {"Content-Type": "application/json"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        request = urllib.request.Request(  # noqa: S310  (scheme checked above)
            self.url,
            data=json.dumps({"to": phone, "text": text}).encode("utf-8"),
            headers=headers,
            method="POST",
        )
        try:
            with self.opener(request, timeout=self.timeout) as response:
                status = response.status
        except (OSError, URLError) as error:
            raise DeliveryError(f"SMS gateway: {error}") from error
        if not 200 <= status < 300:
            raise DeliveryError(f"SMS gateway answered {status}")


@dataclass(frozen=True, slots=True)
class Backends:
    """The configured ways out; None means "hold the message in the outbox"."""

    email: EmailBackend | None = None
    sms: SmsGateway | None = None


def backends_from_config(config: Mapping[str, Any]) -> Backends:
    """SMTP when ``MAIL_SERVER`` is set, the HTTP gateway when ``SMS_GATEWAY_URL`` is."""
    timeout = float(config.get("OUTBOUND_TIMEOUT_SECONDS", 10.0))
    email = (
        SmtpEmailBackend.from_config(config, sender=config["MAIL_SENDER"], timeout=timeout)
        if config.get("MAIL_SERVER")
        else None
    )
    sms = (
        HttpSmsGateway(config["SMS_GATEWAY_URL"], config.get("SMS_GATEWAY_TOKEN"), timeout)
        if config.get("SMS_GATEWAY_URL")
        else None
    )
    return Backends(email, sms)


def queue_messages(
    session: Session, complaint: Complaint, action: str, now: datetime, lookup_url: str = ""
) -> list[ComplaintMessage]:
    """Write the messages an answer, forward or rejection owes the citizen to the outbox."""
    contact = decrypt_contact(complaint.contact_ciphertext)
    if not contact or action not in SUBJECTS:
        return []
    url = lookup_url or current_app.config["PUBLIC_BASE_URL"].rstrip("/") + LOOKUP_PATH
    subject = SUBJECTS[action].format(code=complaint.tracking_code)
    text = {
        "answer": complaint.answer,
        "forward": complaint.forwarded_to,
        "reject": complaint.reject_reason,
    }[action]
    body = "\n\n".join(
        (
            OPENINGS[action].format(
                centre=complaint.centre.name, code=complaint.tracking_code, text=text or ""
            ),
            CLOSING.format(url=url),
        )
    )
    messages = []
    if contact.email:
        messages.append(
            ComplaintMessage(
                complaint_id=complaint.id,
                channel=MessageChannel.EMAIL,
                subject=subject,
                body=body,
                created_at=now,
            )
        )
    if contact.phone:
        messages.append(
            ComplaintMessage(
                complaint_id=complaint.id,
                channel=MessageChannel.SMS,
                subject=subject,
                body=SMS_TEXT.format(subject=subject, url=url),
                created_at=now,
            )
        )
    session.add_all(messages)
    return messages


@dataclass(frozen=True, slots=True)
class DeliveryReport:
    """How many messages went, stayed held, failed, or were cancelled."""

    sent: int = 0
    held: int = 0
    failed: int = 0
    cancelled: int = 0


def deliver(
    session: Session,
    backends: Backends,
    *,
    complaint_id: int | None = None,
    statuses: Iterable[MessageStatus] = (MessageStatus.QUEUED,),
    now: datetime | None = None,
) -> DeliveryReport:
    """Try to send waiting messages; each ends sent, held, failed or cancelled."""
    query = select(ComplaintMessage).where(ComplaintMessage.status.in_(list(statuses)))
    if complaint_id is not None:
        query = query.where(ComplaintMessage.complaint_id == complaint_id)
    counts = dict.fromkeys(("sent", "held", "failed", "cancelled"), 0)
    for message in session.scalars(query.order_by(ComplaintMessage.id)).all():
        outcome = _deliver_one(message, backends, now or utcnow())
        counts[outcome] += 1
    session.commit()
    return DeliveryReport(**counts)


def _deliver_one(message: ComplaintMessage, backends: Backends, now: datetime) -> str:
    contact = decrypt_contact(message.complaint.contact_ciphertext)
    address = contact.email if message.channel is MessageChannel.EMAIL else contact.phone
    if not address:
        message.status = MessageStatus.CANCELLED
        return "cancelled"
    email, sms = backends.email, backends.sms
    if (message.channel is MessageChannel.EMAIL and email is None) or (
        message.channel is MessageChannel.SMS and sms is None
    ):
        message.status = MessageStatus.HELD
        return "held"
    message.attempts += 1
    try:
        if message.channel is MessageChannel.EMAIL and email is not None:
            email.send_email(address, message.subject, message.body)
        elif sms is not None:
            sms.send_sms(address, message.body)
    except DeliveryError as error:
        message.status = MessageStatus.FAILED
        message.last_error = str(error)[:300]
        return "failed"
    message.status = MessageStatus.SENT
    message.sent_at = now
    return "sent"


def mark_delivered_by_hand(
    session: Session, message: ComplaintMessage, actor: User, now: datetime | None = None
) -> None:
    """Record that a member of staff told the citizen themselves (by phone, in person)."""
    if message.status not in (MessageStatus.HELD, MessageStatus.FAILED, MessageStatus.QUEUED):
        raise ValueError("only a waiting message can be marked as delivered")
    message.status = MessageStatus.SENT
    message.sent_at = now or utcnow()
    message.sent_by_id = actor.id
    session.commit()


def cancel_messages(session: Session, complaint_id: int) -> None:
    """Cancel whatever still waits for a complaint whose contact data is being erased."""
    waiting = (MessageStatus.QUEUED, MessageStatus.HELD, MessageStatus.FAILED)
    for message in session.scalars(
        select(ComplaintMessage).where(
            ComplaintMessage.complaint_id == complaint_id, ComplaintMessage.status.in_(waiting)
        )
    ):
        message.status = MessageStatus.CANCELLED
