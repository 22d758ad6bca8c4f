"""Questionnaires as data: an instrument version and its keyed questions."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from survey_app.models.base import Base, UTCDateTime, utcnow


class Instrument(Base):
    """One version of a questionnaire, loaded from a TOML file in the repository."""

    __tablename__ = "instrument"
    __table_args__ = (UniqueConstraint("key", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(60))
    version: Mapped[int]
    kind: Mapped[str] = mapped_column(String(20))
    title_vi: Mapped[str] = mapped_column(String(200))
    title_en: Mapped[str] = mapped_column(String(200))
    # sha256 of the source file: a changed file must come with a new version.
    checksum: Mapped[str] = mapped_column(String(64))
    definition: Mapped[dict[str, Any]] = mapped_column(JSON)
    loaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    questions: Mapped[list[Question]] = relationship(
        back_populates="instrument", order_by="Question.position"
    )


class Question(Base):
    """A keyed question of an instrument, with its factor and allowed values."""

    __tablename__ = "question"
    __table_args__ = (UniqueConstraint("instrument_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    instrument_id: Mapped[int] = mapped_column(ForeignKey("instrument.id"))
    key: Mapped[str] = mapped_column(String(80), index=True)
    position: Mapped[int]
    section: Mapped[str] = mapped_column(String(60))
    family: Mapped[str] = mapped_column(String(20))
    factor: Mapped[str] = mapped_column(String(40))
    item: Mapped[str] = mapped_column(String(60))
    policy: Mapped[str | None] = mapped_column(String(40))
    answer_type: Mapped[str] = mapped_column(String(20))
    allowed_values: Mapped[list[int] | None] = mapped_column(JSON)
    not_applicable: Mapped[bool] = mapped_column(default=False)
    required: Mapped[bool] = mapped_column(default=False)
    text_vi: Mapped[str] = mapped_column(Text)
    text_en: Mapped[str] = mapped_column(Text)

    instrument: Mapped[Instrument] = relationship(back_populates="questions")
