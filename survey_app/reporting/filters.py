"""What a figure is about (AnswerFilter) and the SQL pieces every count shares."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import pandas as pd
from sqlalchemy import ColumnElement, Integer, Select, String, cast, func, literal
from sqlalchemy.orm import InstrumentedAttribute, Session

from survey_app.core.clock import LOCAL_TZ_NAME
from survey_app.core.periods import PeriodKind
from survey_app.models import Answer, Channel, Instrument, Question, Response

LOCAL_TZ = LOCAL_TZ_NAME  # PostgreSQL's timezone() takes the name
# SQLite has no time zones. Vietnam has kept UTC+7 without daylight saving since 1975,
# so a fixed offset gives the same local day as PostgreSQL's zone arithmetic.
SQLITE_LOCAL_OFFSET = "+7 hours"

ROLLED_UP_GROUPINGS = frozenset({"centre", "commune", "channel"})
GROUPINGS: dict[str, InstrumentedAttribute[Any]] = {
    "centre": Response.centre_id,
    "commune": Response.commune_id,
    "counter": Response.counter_id,
    "service_field": Response.service_field_id,
    "channel": Response.channel,
}


@dataclass(frozen=True, slots=True)
class AnswerFilter:
    """Which responses a figure is about. Times are UTC; ``end`` is exclusive."""

    instrument_key: str = "visit_pulse"
    start: datetime | None = None
    end: datetime | None = None
    centre_ids: Sequence[int] | None = None
    commune_ids: Sequence[int] | None = None
    channels: Sequence[Channel] | None = None
    families: Sequence[str] | None = None
    include_suspect: bool = False
    questions: Sequence[str] | None = field(default=None)


def period_label(session: Session, period: PeriodKind) -> ColumnElement[str]:
    """SQL for the local period of ``Response.submitted_at``, labelled as analysis does."""
    if session.get_bind().dialect.name == "postgresql":
        local = func.timezone(LOCAL_TZ, Response.submitted_at)
        formats: dict[str, ColumnElement[Any]] = {
            "W": func.to_char(func.date_trunc("week", local), "YYYY-MM-DD"),
            "M": func.to_char(local, "YYYY-MM"),
            "Q": func.to_char(local, 'YYYY"-Q"Q'),
            "Y": func.to_char(local, "YYYY"),
        }
        return formats[period]
    local = func.datetime(Response.submitted_at, SQLITE_LOCAL_OFFSET)
    quarter = (cast(func.strftime("%m", local), Integer) + 2) // 3
    formats = {
        # 'weekday 0' moves to the coming Sunday (or stays on one); six days back is Monday.
        "W": func.date(local, "weekday 0", "-6 days"),
        "M": func.strftime("%Y-%m", local),
        "Q": func.strftime("%Y", local) + literal("-Q") + cast(quarter, String),
        "Y": func.strftime("%Y", local),
    }
    return formats[period]


def frame_from_rows(rows: Sequence[Sequence[object]], columns: list[str]) -> pd.DataFrame:
    """A DataFrame built column by column: much faster than from row objects."""
    if not rows:
        return pd.DataFrame(columns=columns)
    return pd.DataFrame(dict(zip(columns, zip(*rows, strict=True), strict=True)))


def question_conditions(answer_filter: AnswerFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = [Question.answer_type == "scale"]
    if answer_filter.families is not None:
        conditions.append(Question.family.in_(list(answer_filter.families)))
    if answer_filter.questions is not None:
        conditions.append(Question.key.in_(list(answer_filter.questions)))
    return conditions


def filtered(statement: Select, answer_filter: AnswerFilter) -> Select:
    conditions = [*response_conditions(answer_filter), *question_conditions(answer_filter)]
    return (
        statement.select_from(Answer)
        .join(Response, Response.id == Answer.response_id)
        .join(Question, Question.id == Answer.question_id)
        .join(Instrument, Instrument.id == Response.instrument_id)
        .where(*conditions)
    )


def response_conditions(answer_filter: AnswerFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = [Instrument.key == answer_filter.instrument_key]
    if not answer_filter.include_suspect:
        conditions.append(Response.is_suspect.is_(False))
    if answer_filter.start is not None:
        conditions.append(Response.submitted_at >= answer_filter.start)
    if answer_filter.end is not None:
        conditions.append(Response.submitted_at < answer_filter.end)
    if answer_filter.centre_ids is not None:
        conditions.append(Response.centre_id.in_(list(answer_filter.centre_ids)))
    if answer_filter.commune_ids is not None:
        conditions.append(Response.commune_id.in_(list(answer_filter.commune_ids)))
    if answer_filter.channels is not None:
        conditions.append(Response.channel.in_(list(answer_filter.channels)))
    return conditions
