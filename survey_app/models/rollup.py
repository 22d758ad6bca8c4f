"""Weekly answer counts kept in the database, so pages do not recount closed weeks.

A closed week (one that ended before the current local week began) changes only when
a response dated in it is written later, such as a paper slip typed in the next week;
such a write deletes the week's rows, and the next reader rebuilds them.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, Integer, SmallInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from survey_app.models.base import Base, UTCDateTime, str_enum, utcnow
from survey_app.models.response import Channel

NO_VALUE = -1  # the stored code for "not applicable" (a row with no value)


class WeekAnswerCount(Base):
    """How many answers of each value one question got at one centre in one local week."""

    __tablename__ = "week_answer_count"

    week_start: Mapped[date] = mapped_column(Date, primary_key=True)
    # No foreign keys: the rows are derived from responses that carry the same keys, and
    # checking them on every counted row cost more than counting (migration 0007).
    centre_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    channel: Mapped[Channel] = mapped_column(str_enum(Channel, "week_channel"), primary_key=True)
    is_suspect: Mapped[bool] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    value_code: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    commune_id: Mapped[int] = mapped_column(Integer)
    n: Mapped[int] = mapped_column(Integer)


class WeekAnswerPattern(Base):
    """How many responses gave one answer pattern at one centre in one local week.

    ``pattern`` lists the response's answer to every scale question of its instrument
    version, in question-id order, comma-separated: the value, ``-1`` for an answer
    without a value ("not applicable"), empty for a question not answered at all.
    """

    __tablename__ = "week_answer_pattern"

    week_start: Mapped[date] = mapped_column(Date, primary_key=True)
    centre_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    commune_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    channel: Mapped[Channel] = mapped_column(
        str_enum(Channel, "week_pattern_channel"), primary_key=True
    )
    is_suspect: Mapped[bool] = mapped_column(primary_key=True)
    instrument_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    pattern: Mapped[str] = mapped_column(String(400), primary_key=True)
    n: Mapped[int] = mapped_column(Integer)


class WeekRollup(Base):
    """A closed week whose counts and patterns are stored (``week_answer_count``, ``_pattern``)."""

    __tablename__ = "week_rollup"

    week_start: Mapped[date] = mapped_column(Date, primary_key=True)
    built_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
