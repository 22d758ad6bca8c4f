"""Telling the citizen: the outbox first, then SMTP or the SMS gateway (faked here)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import pytest
from flask.testing import FlaskCliRunner
from sqlalchemy import select
from sqlalchemy.orm import Session

from survey_app.complaints.notify import (
    Backends,
    DeliveryError,
    HttpSmsGateway,
    SmtpEmailBackend,
    backends_from_config,
    deliver,
)
from survey_app.complaints.workflow import Step, WorkflowRules, perform
from survey_app.models import ComplaintClass, ComplaintMessage, MessageChannel, MessageStatus, User
from tests.complaints.conftest import EMAIL, PHONE, raise_complaint, walk
from tests.fake_smtp import FakeSmtp


@dataclass
class FakeEmail:
    sent: list[tuple[str, str, str]] = field(default_factory=list)

    def send_email(self, to: str, subject: str, body: str) -> None:
        self.sent.append((to, subject, body))


@dataclass
class FakeSms:
    sent: list[tuple[str, str]] = field(default_factory=list)
    fail: bool = False

    def send_sms(self, phone: str, text: str) -> None:
        if self.fail:
            raise DeliveryError("gateway down")
        self.sent.append((phone, text))


def messages(session: Session) -> list[ComplaintMessage]:
    session.expire_all()
    return list(session.scalars(select(ComplaintMessage).order_by(ComplaintMessage.id)))


def test_an_answer_puts_one_message_per_channel_in_the_outbox(
    seeded: Session, handler: User, rules: WorkflowRules
) -> None:
    complaint, _ = raise_complaint(seeded, email=EMAIL)
    walk(seeded, complaint, rules, handler, until="answer")
    queued = messages(seeded)
    assert {m.channel for m in queued} == {MessageChannel.EMAIL, MessageChannel.SMS}
    assert all(m.status is MessageStatus.QUEUED for m in queued)
    email = next(m for m in queued if m.channel is MessageChannel.EMAIL)
    assert complaint.tracking_code in email.subject
    assert "bố trí thêm một quầy" in email.body
    assert "/phan-anh/tra-cuu" in email.body
    for m in queued:  # the outbox holds no address: it is read from the complaint
        assert PHONE not in m.body
        assert EMAIL not in m.body


@pytest.mark.parametrize(
    ("cls", "action", "step", "words"),
    [
        (
            ComplaintClass.OUTSIDE_REMIT,
            "forward",
            Step("forward", destination="Sở Xây dựng"),
            "Sở Xây dựng",
        ),
        (
            ComplaintClass.NOT_ACCEPTED,
            "reject",
            Step("reject", reason="Thiếu nội dung"),
            "Thiếu nội dung",
        ),
    ],
)
def test_forwarding_and_rejecting_tell_the_citizen_too(  # noqa: PLR0917
    seeded: Session,
    handler: User,
    rules: WorkflowRules,
    cls: ComplaintClass,
    action: str,
    step: Step,
    words: str,
) -> None:
    complaint, _ = raise_complaint(seeded, email=EMAIL, phone=None)
    perform(seeded, complaint, Step("classify", classification=cls), handler, rules)
    perform(seeded, complaint, step, handler, rules)
    (message,) = messages(seeded)
    assert message.channel is MessageChannel.EMAIL
    assert words in message.body


def test_no_other_step_sends_anything(seeded: Session, handler: User, rules: WorkflowRules) -> None:
    complaint, _ = raise_complaint(seeded, email=EMAIL)
    walk(seeded, complaint, rules, handler, until="start")
    assert messages(seeded) == []


def test_without_a_gateway_messages_are_held_for_staff_and_nothing_is_lost(
    seeded: Session, handler: User, rules: WorkflowRules
) -> None:
    complaint, _ = raise_complaint(seeded, email=EMAIL)
    walk(seeded, complaint, rules, handler, until="answer")
    report = deliver(seeded, Backends())
    assert (report.held, report.sent) == (2, 0)
    assert {m.status for m in messages(seeded)} == {MessageStatus.HELD}


def test_configured_gateways_send_to_the_decrypted_address(
    seeded: Session, handler: User, rules: WorkflowRules
) -> None:
    complaint, _ = raise_complaint(seeded, email=EMAIL)
    walk(seeded, complaint, rules, handler, until="answer")
    email, sms = FakeEmail(), FakeSms()
    report = deliver(seeded, Backends(email=email, sms=sms))
    assert report.sent == 2
    assert email.sent[0][0] == EMAIL
    assert sms.sent[0][0] == PHONE
    assert complaint.tracking_code in sms.sent[0][1]
    assert all(m.status is MessageStatus.SENT and m.sent_at for m in messages(seeded))


def test_a_failed_send_is_kept_and_retried_by_the_cli(
    seeded: Session, handler: User, rules: WorkflowRules, runner: FlaskCliRunner
) -> None:
    complaint, _ = raise_complaint(seeded)
    walk(seeded, complaint, rules, handler, until="answer")
    report = deliver(seeded, Backends(sms=FakeSms(fail=True)))
    assert report.failed == 1
    (message,) = messages(seeded)
    assert message.status is MessageStatus.FAILED
    assert message.attempts == 1
    assert "gateway down" in message.last_error
    result = runner.invoke(args=["complaints", "send"])
    assert result.exit_code == 0, result.output
    assert "1 held for staff" in result.output  # the test configuration has no gateway
    assert messages(seeded)[0].status is MessageStatus.HELD


def test_the_smtp_backend_uses_starttls_and_login() -> None:
    smtp = FakeSmtp()
    backend = SmtpEmailBackend(
        host="smtp.example.vn",
        port=587,
        sender="hailong@example.vn",
        username="hailong",
        password="mật-khẩu",
        smtp_factory=smtp,  # type: ignore[arg-type]
    )
    backend.send_email(EMAIL, "Phản ánh PA-23456789 đã có trả lời", "Nội dung")
    assert smtp.calls[0] == ("connect", "smtp.example.vn", 587, 10.0)
    assert smtp.calls[1:3] == [("starttls",), ("login", "hailong", "mật-khẩu")]
    assert smtp.calls[3][:3] == ("send", EMAIL, "Phản ánh PA-23456789 đã có trả lời")
    assert smtp.calls[3][3].strip() == "Nội dung"


def test_the_http_sms_adapter_posts_json_with_its_token_and_checks_the_status() -> None:
    seen: list[Any] = []

    class Reply:
        def __init__(self, status: int) -> None:
            self.status = status

        def __enter__(self) -> Reply:
            return self

        def __exit__(self, *args: object) -> None:
            return None

    def opener(status: int) -> Any:
        def open_(request: Any, timeout: float) -> Reply:
            seen.append((request, timeout))
            return Reply(status)

        return open_

    gateway = HttpSmsGateway("https://sms.example.vn/send", "tok", 5.0, opener(202))
    gateway.send_sms(PHONE, "HàiLòng: xin chào")
    request, timeout = seen[0]
    assert (request.full_url, request.get_method(), timeout) == (
        "https://sms.example.vn/send",
        "POST",
        5.0,
    )
    assert request.get_header("Authorization") == "Bearer tok"
    assert json.loads(request.data) == {"to": PHONE, "text": "HàiLòng: xin chào"}
    with pytest.raises(DeliveryError, match="500"):
        HttpSmsGateway("https://sms.example.vn/send", "tok", 5.0, opener(500)).send_sms(PHONE, "x")
    with pytest.raises(DeliveryError, match="http"):
        HttpSmsGateway("file:///etc/passwd").send_sms(PHONE, "x")


def test_backends_come_from_configuration_and_tests_have_none() -> None:
    assert backends_from_config({"MAIL_SERVER": None, "SMS_GATEWAY_URL": None}) == Backends()
    configured = backends_from_config(
        {
            "MAIL_SERVER": "smtp.example.vn",
            "MAIL_PORT": 465,
            "MAIL_SENDER": "a@example.vn",
            "MAIL_USE_TLS": False,
            "SMS_GATEWAY_URL": "https://sms.example.vn/send",
            "SMS_GATEWAY_TOKEN": "tok",
        }
    )
    assert isinstance(configured.email, SmtpEmailBackend)
    assert configured.email.port == 465
    assert isinstance(configured.sms, HttpSmsGateway)
    assert configured.sms.token == "tok"
