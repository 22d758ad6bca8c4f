"""The one bridge from database rows to tidy DataFrames for ``analysis``.

Every SIPAS figure depends only on counts per group, question and answer value, so the
database does the counting (GROUP BY over indexed columns) and Python never loads the
answers themselves. Suspect responses are left out unless asked for.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

import pandas as pd
from sqlalchemy import ColumnElement, Integer, Select, String, cast, func, literal, select
from sqlalchemy.orm import Session

from survey_app.models import Answer, Channel, Instrument, Question, Response

Period = Literal["W", "M", "Q", "Y"]
LOCAL_TZ = "Asia/Ho_Chi_Minh"
# SQLite has no time zones. Vietnam has kept UTC+7 without daylight saving since 1975,
# so a fixed offset gives the same local day as PostgreSQL's zone arithmetic.
SQLITE_LOCAL_OFFSET = "+7 hours"

GROUPINGS: dict[str, ColumnElement[object]] = {
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


def fetch_answer_counts(
    session: Session,
    answer_filter: AnswerFilter,
    *,
    by: Sequence[str] = (),
    period: Period | None = None,
) -> pd.DataFrame:
    """Counts of scale answers: columns ``by``..., ``period``, ``question``, ``value``, ``n``.

    ``value`` is NaN for "not applicable" (kept, so shares can show it; every index
    leaves it out). ``period`` labels match :func:`analysis.add_period`.
    """
    unknown = set(by) - set(GROUPINGS)
    if unknown:
        raise ValueError(f"unknown grouping {sorted(unknown)}; use {sorted(GROUPINGS)}")
    group_columns = [GROUPINGS[name].label(name) for name in by]
    if period is not None:
        group_columns.append(period_label(session, period).label("period"))
    keys = [*group_columns, Question.key.label("question"), Answer.value.label("value")]
    statement = _filtered(select(*keys, func.count().label("n")), answer_filter).group_by(*keys)
    rows = session.execute(statement).all()
    columns = [*by, *(["period"] if period else []), "question", "value", "n"]
    frame = pd.DataFrame(rows, columns=columns)
    frame["value"] = pd.to_numeric(frame["value"], errors="coerce").astype("float64")
    frame["n"] = frame["n"].astype("int64")
    if "channel" in frame:
        frame["channel"] = frame["channel"].map(lambda c: Channel(c).value)
    return frame


def fetch_items(session: Session, instrument_key: str = "visit_pulse") -> pd.DataFrame:
    """Question metadata of the newest version: ``question``, ``family``, ``factor``, ``policy``."""
    newest = (
        select(Instrument.id)
        .filter_by(key=instrument_key)
        .order_by(Instrument.version.desc())
        .limit(1)
        .scalar_subquery()
    )
    rows = session.execute(
        select(Question.key, Question.family, Question.factor, Question.policy)
        .where(Question.instrument_id == newest, Question.answer_type == "scale")
        .order_by(Question.position)
    ).all()
    return pd.DataFrame(rows, columns=["question", "family", "factor", "policy"])


def fetch_response_counts(
    session: Session, answer_filter: AnswerFilter, *, by: Sequence[str] = ()
) -> pd.DataFrame:
    """How many responses each group has (the sample size a reader is told)."""
    group_columns = [GROUPINGS[name].label(name) for name in by]
    statement = (
        select(*group_columns, func.count(func.distinct(Response.id)).label("responses"))
        .select_from(Response)
        .join(Instrument, Instrument.id == Response.instrument_id)
        .where(*_response_conditions(answer_filter))
    )
    if group_columns:
        statement = statement.group_by(*group_columns)
    rows = session.execute(statement).all()
    return pd.DataFrame(rows, columns=[*by, "responses"])


def period_label(session: Session, period: Period) -> ColumnElement[str]:
    """SQL for the local period of ``Response.submitted_at``, labelled as analysis does."""
    if session.get_bind().dialect.name == "postgresql":
        local = func.timezone(LOCAL_TZ, Response.submitted_at)
        formats = {
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


def _filtered(statement: Select, answer_filter: AnswerFilter) -> Select:
    conditions = [*_response_conditions(answer_filter), Question.answer_type == "scale"]
    if answer_filter.families is not None:
        conditions.append(Question.family.in_(list(answer_filter.families)))
    if answer_filter.questions is not None:
        conditions.append(Question.key.in_(list(answer_filter.questions)))
    return (
        statement.select_from(Answer)
        .join(Response, Response.id == Answer.response_id)
        .join(Question, Question.id == Answer.question_id)
        .join(Instrument, Instrument.id == Response.instrument_id)
        .where(*conditions)
    )


def _response_conditions(answer_filter: AnswerFilter) -> list[ColumnElement[bool]]:
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
