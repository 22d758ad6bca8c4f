"""What citizens answered: responses, answers in long form, one-time receipt codes."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from survey_app.models.base import Base, UTCDateTime, str_enum, utcnow
from survey_app.models.reference import Centre

# SQLite only auto-increments an INTEGER PRIMARY KEY; PostgreSQL gets 64 bits.
BigId = BigInteger().with_variant(Integer, "sqlite")


class Channel(enum.StrEnum):
    """How an answer reached us; the streams stay apart in every report."""

    POSTER_QR = "poster_qr"
    RECEIPT_CODE = "receipt_code"
    KIOSK = "kiosk"
    PAPER = "paper"
    SURVEY_ONLINE = "survey_online"
    SURVEY_PAPER = "survey_paper"


class Response(Base):
    """One submitted questionnaire. Anonymous: no person, no dossier, no contact data."""

    __tablename__ = "response"
    __table_args__ = (
        Index(None, "centre_id", "submitted_at"),
        Index(None, "commune_id", "submitted_at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    # Issued with the form page; unique, so a double tap or a retry stores one response.
    submission_id: Mapped[str] = mapped_column(String(36), unique=True)
    instrument_id: Mapped[int] = mapped_column(ForeignKey("instrument.id"))
    commune_id: Mapped[int] = mapped_column(ForeignKey("commune.id"))
    # Survey answers come from residents of a commune, not from a centre's counter.
    centre_id: Mapped[int | None] = mapped_column(ForeignKey("centre.id"))
    counter_id: Mapped[int | None] = mapped_column(ForeignKey("counter.id"))
    service_field_id: Mapped[int | None] = mapped_column(ForeignKey("service_field.id"))
    channel: Mapped[Channel] = mapped_column(str_enum(Channel, "channel"))
    # When the visit was rated (for a paper slip: the day written on it) ...
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    # ... and when the row was stored.
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Suspect answers are kept with their reasons and left out of indices by default.
    is_suspect: Mapped[bool] = mapped_column(default=False)
    flags: Mapped[list[str]] = mapped_column(JSON, default=list)
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    answers: Mapped[list[Answer]] = relationship(
        back_populates="response", cascade="all, delete-orphan"
    )


class Answer(Base):
    """One answer to one question: a scale value, NULL for "not applicable", or text."""

    __tablename__ = "answer"
    __table_args__ = (Index(None, "question_id", "value"),)

    response_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("response.id", ondelete="CASCADE"), primary_key=True
    )
    question_id: Mapped[int] = mapped_column(ForeignKey("question.id"), primary_key=True)
    value: Mapped[int | None] = mapped_column(SmallInteger)
    text: Mapped[str | None] = mapped_column(Text)

    response: Mapped[Response] = relationship(back_populates="answers")


class ReceiptCode(Base):
    """A one-time code printed on a dossier receipt. Only its hash is stored.

    Nothing links the code to the response it produced, so a rating stays anonymous
    even to someone holding both the receipt and the database.
    """

    __tablename__ = "receipt_code"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    centre_id: Mapped[int] = mapped_column(ForeignKey("centre.id"), index=True)
    service_field_id: Mapped[int | None] = mapped_column(ForeignKey("service_field.id"))
    batch: Mapped[str] = mapped_column(String(40), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    centre: Mapped[Centre] = relationship()
