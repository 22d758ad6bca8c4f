"""Complaints and petitions (phản ánh, kiến nghị), their history and the citizen's outbox.

The workflow itself lives in ``survey_app.complaints.workflow``.
"""

from __future__ import annotations

import enum
import secrets
from datetime import datetime

from sqlalchemy import ForeignKey, Index, LargeBinary, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from survey_app.models.base import Base, UTCDateTime, str_enum, utcnow
from survey_app.models.reference import Centre
from survey_app.models.user import User


class ComplaintStatus(enum.StrEnum):
    """Where a complaint stands in its workflow."""

    RECEIVED = "received"
    CLASSIFIED = "classified"
    ASSIGNED = "assigned"
    IN_PROGRESS = "in_progress"
    ANSWERED = "answered"
    CLOSED = "closed"
    FORWARDED = "forwarded"
    REJECTED = "rejected"


class ComplaintClass(enum.StrEnum):
    """The four classes of Nghị định 20/2008/NĐ-CP (sipas.md section 6)."""

    NOT_ACCEPTED = "a_not_accepted"
    CONDUCT = "b_conduct"
    REGULATION = "c_regulation"
    OUTSIDE_REMIT = "d_outside_remit"


class TransferReason(enum.StrEnum):
    """Why a complaint goes to the inspectorate (thanh tra) rather than the centre."""

    DENUNCIATION = (
        "denunciation"  # tố cáo: an official's wrongdoing, under the Law on Denunciations
    )
    EXTRA_PAYMENT = "extra_payment"  # asked to pay beyond the official fees


OPEN_STATUSES = frozenset(
    {
        ComplaintStatus.RECEIVED,
        ComplaintStatus.CLASSIFIED,
        ComplaintStatus.ASSIGNED,
        ComplaintStatus.IN_PROGRESS,
    }
)
END_STATUSES = frozenset(
    {ComplaintStatus.CLOSED, ComplaintStatus.FORWARDED, ComplaintStatus.REJECTED}
)


def new_public_id() -> str:
    """A random id for Open311, which says nothing of the tracking code or the order."""
    return secrets.token_hex(8)


class Complaint(Base):
    """A complaint or petition, tracked by a public code and a PIN.

    Contact data is held only as ciphertext, and only with recorded consent.
    """

    __tablename__ = "complaint"
    # The handlers' queue: open complaints of some centres, soonest deadline first.
    __table_args__ = (Index(None, "status", "due_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    tracking_code: Mapped[str] = mapped_column(String(16), unique=True)
    # What Open311 publishes: the tracking code is half of the code-and-PIN pair.
    public_id: Mapped[str] = mapped_column(String(16), unique=True, default=new_public_id)
    pin_hash: Mapped[str] = mapped_column(String(200))
    centre_id: Mapped[int] = mapped_column(ForeignKey("centre.id"), index=True)
    # One-way link: the manager can read the ratings beside it; indices never need it.
    response_id: Mapped[int | None] = mapped_column(ForeignKey("response.id"))
    status: Mapped[ComplaintStatus] = mapped_column(
        str_enum(ComplaintStatus, "complaint_status"), default=ComplaintStatus.RECEIVED
    )
    classification: Mapped[ComplaintClass | None] = mapped_column(
        str_enum(ComplaintClass, "complaint_class")
    )
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    contact_ciphertext: Mapped[bytes | None] = mapped_column(LargeBinary)
    consent_version: Mapped[str | None] = mapped_column(String(20))
    consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    consent_channel: Mapped[str | None] = mapped_column(String(20))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answer: Mapped[str | None] = mapped_column(Text)
    assigned_to_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    forwarded_to: Mapped[str | None] = mapped_column(String(200))
    reject_reason: Mapped[str | None] = mapped_column(Text)
    # Set when it was transferred to the inspectorate (status forwarded): the reason.
    transfer_reason: Mapped[TransferReason | None] = mapped_column(
        str_enum(TransferReason, "transfer_reason")
    )
    # Issued with the form page: a double tap or a retry stores one complaint.
    submission_id: Mapped[str | None] = mapped_column(String(36), unique=True)
    # When it was answered, forwarded or rejected; on time when no later than due_at.
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    contact_erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    anonymised_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    events: Mapped[list[ComplaintEvent]] = relationship(
        back_populates="complaint", order_by="ComplaintEvent.at"
    )
    assigned_to: Mapped[User | None] = relationship()
    centre: Mapped[Centre] = relationship()

    @property
    def is_open(self) -> bool:
        """True while the centre still owes the citizen a step."""
        return self.status in OPEN_STATUSES


class ComplaintEvent(Base):
    """One step of a complaint's history: who moved it, when, from where to where."""

    __tablename__ = "complaint_event"
    # One escalation per complaint and missed deadline, even when two daily runs overlap:
    # the second run's insert finds the row there and records (and sends) nothing.
    __table_args__ = (
        Index(
            "uq_complaint_event_escalation",
            "complaint_id",
            "deadline_at",
            unique=True,
            sqlite_where=text("deadline_at IS NOT NULL"),
            postgresql_where=text("deadline_at IS NOT NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaint.id"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="")
    # An escalation (a system event): the deadline that passed. One per complaint and deadline.
    deadline_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    complaint: Mapped[Complaint] = relationship(back_populates="events")

    @property
    def is_escalation(self) -> bool:
        """True for the record that an overdue complaint was reported to the centre's leader."""
        return self.deadline_at is not None


class MessageChannel(enum.StrEnum):
    """How a message reaches the citizen."""

    EMAIL = "email"
    SMS = "sms"


class MessageStatus(enum.StrEnum):
    """Where a message to the citizen stands."""

    QUEUED = "queued"  # waiting for a delivery attempt
    SENT = "sent"  # a gateway took it, or staff delivered it by hand
    FAILED = "failed"  # the last attempt failed; `flask complaints send` tries again
    HELD = "held"  # no gateway configured: kept here for staff to deliver by hand
    CANCELLED = "cancelled"  # the contact data was erased before it went


class ComplaintMessage(Base):
    """A message to the citizen about their complaint: the outbox staff can see.

    It holds no address: the recipient is read from the complaint's encrypted contact
    when it is sent, so erasing the contact erases it everywhere.
    """

    __tablename__ = "complaint_message"

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaint.id"), index=True)
    channel: Mapped[MessageChannel] = mapped_column(str_enum(MessageChannel, "message_channel"))
    status: Mapped[MessageStatus] = mapped_column(
        str_enum(MessageStatus, "message_status"), default=MessageStatus.QUEUED, index=True
    )
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(String(300))
    sent_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    complaint: Mapped[Complaint] = relationship()
