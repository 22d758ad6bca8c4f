"""Complaints and petitions (phản ánh, kiến nghị). The workflow comes with its own issue."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from survey_app.models.base import Base, UTCDateTime, str_enum, utcnow


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


class Complaint(Base):
    """A complaint or petition, tracked by a public code and a PIN.

    Contact data is held only as ciphertext, and only with recorded consent.
    """

    __tablename__ = "complaint"

    id: Mapped[int] = mapped_column(primary_key=True)
    tracking_code: Mapped[str] = mapped_column(String(16), unique=True)
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

    events: Mapped[list[ComplaintEvent]] = relationship(
        back_populates="complaint", order_by="ComplaintEvent.at"
    )


class ComplaintEvent(Base):
    """One step of a complaint's history: who moved it, when, from where to where."""

    __tablename__ = "complaint_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaint.id"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="")

    complaint: Mapped[Complaint] = relationship(back_populates="events")
