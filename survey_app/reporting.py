"""The one bridge from database rows to tidy DataFrames for ``analysis``.

Every SIPAS figure depends only on counts per group, question and answer value, so the
database does the counting (GROUP BY over indexed columns) and Python never loads the
answers themselves. Suspect responses are left out unless asked for.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Literal

import pandas as pd
from sqlalchemy import ColumnElement, Integer, Select, String, cast, func, literal, select
from sqlalchemy.orm import Session

from survey_app.models import (
    NO_VALUE,
    Answer,
    Channel,
    Instrument,
    Question,
    Response,
    WeekAnswerCount,
)
from survey_app.rollup import closed_weeks_within, ensure_weeks
from survey_app.weeks import local_midnight_utc

Period = Literal["W", "M", "Q", "Y"]
LOCAL_TZ = "Asia/Ho_Chi_Minh"
# SQLite has no time zones. Vietnam has kept UTC+7 without daylight saving since 1975,
# so a fixed offset gives the same local day as PostgreSQL's zone arithmetic.
SQLITE_LOCAL_OFFSET = "+7 hours"

ROLLED_UP_GROUPINGS = frozenset({"centre", "commune", "channel"})
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
    use_rollup: bool = True,
) -> pd.DataFrame:
    """Counts of scale answers: columns ``by``..., ``period``, ``question``, ``value``, ``n``.

    ``value`` is NaN for "not applicable" (kept, so shares can show it; every index
    leaves it out). ``period`` labels match :func:`analysis.add_period`. Closed weeks
    come from the weekly counts table (survey_app.rollup) where they can; the rest is
    counted from the answers themselves. Both give the same figures.
    """
    unknown = set(by) - set(GROUPINGS)
    if unknown:
        raise ValueError(f"unknown grouping {sorted(unknown)}; use {sorted(GROUPINGS)}")
    weeks = _stored_weeks(answer_filter, by, period) if use_rollup else []
    if not weeks:
        return _count_live(session, answer_filter, by=by, period=period)
    ensure_weeks(session, weeks)
    stored = _count_stored(session, answer_filter, weeks, by=by, period=period)
    rest = _uncovered(answer_filter, weeks)
    live = [_count_live(session, part, by=by, period=period) for part in rest]
    keys = [*by, *(["period"] if period else []), "question", "value"]
    combined = pd.concat([stored, *live], ignore_index=True)
    if combined.empty:
        return combined
    return combined.groupby(keys, dropna=False, as_index=False, sort=False)["n"].sum()


def _stored_weeks(
    answer_filter: AnswerFilter, by: Sequence[str], period: Period | None
) -> list[date]:
    """Closed weeks the weekly table can answer for, or none when it cannot help."""
    if (
        answer_filter.instrument_key != "visit_pulse"  # only centre visits are rolled up
        or answer_filter.start is None
        or answer_filter.end is None
        or not set(by) <= ROLLED_UP_GROUPINGS
    ):
        return []
    weeks = closed_weeks_within(answer_filter.start, answer_filter.end)
    # A week split between two months (or quarters, years) cannot be labelled whole.
    return [w for w in weeks if _label(w, period) == _label(w + timedelta(days=6), period)]


def _label(day: date, period: Period | None) -> str:
    if period is None:
        return ""
    if period == "W":
        return (day - timedelta(days=day.weekday())).isoformat()
    if period == "M":
        return f"{day.year:04d}-{day.month:02d}"
    if period == "Q":
        return f"{day.year:04d}-Q{(day.month - 1) // 3 + 1}"
    return f"{day.year:04d}"


def _uncovered(answer_filter: AnswerFilter, weeks: list[date]) -> list[AnswerFilter]:
    """The parts of the filter's time range that the stored weeks do not cover."""
    parts = []
    cursor = answer_filter.start
    for monday in sorted(weeks):
        week_start = local_midnight_utc(monday)
        if cursor is not None and cursor < week_start:
            parts.append(replace(answer_filter, start=cursor, end=week_start))
        cursor = local_midnight_utc(monday + timedelta(weeks=1))
    if cursor is not None and answer_filter.end is not None and cursor < answer_filter.end:
        parts.append(replace(answer_filter, start=cursor))
    return parts


def _count_stored(
    session: Session,
    answer_filter: AnswerFilter,
    weeks: list[date],
    *,
    by: Sequence[str],
    period: Period | None,
) -> pd.DataFrame:
    table = WeekAnswerCount
    columns = {"centre": table.centre_id, "commune": table.commune_id, "channel": table.channel}
    keys = [columns[name].label(name) for name in by]
    keys += [table.week_start.label("week"), Question.key.label("question"), table.value_code]
    conditions = [
        table.week_start.in_(weeks),
        Instrument.key == answer_filter.instrument_key,
        *_question_conditions(answer_filter),
    ]
    if not answer_filter.include_suspect:
        conditions.append(table.is_suspect.is_(False))
    if answer_filter.centre_ids is not None:
        conditions.append(table.centre_id.in_(list(answer_filter.centre_ids)))
    if answer_filter.commune_ids is not None:
        conditions.append(table.commune_id.in_(list(answer_filter.commune_ids)))
    if answer_filter.channels is not None:
        conditions.append(table.channel.in_(list(answer_filter.channels)))
    rows = session.execute(
        select(*keys, func.sum(table.n).label("n"))
        .join(Question, Question.id == table.question_id)
        .join(Instrument, Instrument.id == Question.instrument_id)
        .where(*conditions)
        .group_by(*keys)
    ).all()
    frame = _frame(rows, [*by, "week", "question", "value", "n"])
    if period is not None:
        labels = {week: _label(week, period) for week in set(frame["week"])}
        frame.insert(len(by), "period", frame["week"].map(labels))
    frame = frame.drop(columns="week")
    frame["value"] = frame["value"].astype("float64").where(frame["value"] != NO_VALUE)
    frame["n"] = frame["n"].astype("int64")
    if "channel" in frame:
        frame["channel"] = frame["channel"].map(lambda c: getattr(c, "value", c))
    return frame


def _count_live(
    session: Session,
    answer_filter: AnswerFilter,
    *,
    by: Sequence[str],
    period: Period | None,
) -> pd.DataFrame:
    """Count straight from the answers (GROUP BY over indexed columns)."""
    group_columns = [GROUPINGS[name].label(name) for name in by]
    if period is not None:
        group_columns.append(period_label(session, period).label("period"))
    keys = [*group_columns, Question.key.label("question"), Answer.value.label("value")]
    statement = _filtered(select(*keys, func.count().label("n")), answer_filter).group_by(*keys)
    rows = session.execute(statement).all()
    columns = [*by, *(["period"] if period else []), "question", "value", "n"]
    frame = _frame(rows, columns)
    frame["value"] = pd.to_numeric(frame["value"], errors="coerce").astype("float64")
    frame["n"] = frame["n"].astype("int64")
    if "channel" in frame:
        frame["channel"] = frame["channel"].map(lambda c: getattr(c, "value", c))
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


def _frame(rows: Sequence[Sequence[object]], columns: list[str]) -> pd.DataFrame:
    """A DataFrame built column by column: much faster than from row objects."""
    if not rows:
        return pd.DataFrame(columns=columns)
    return pd.DataFrame(dict(zip(columns, zip(*rows, strict=True), strict=True)))


def _question_conditions(answer_filter: AnswerFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = [Question.answer_type == "scale"]
    if answer_filter.families is not None:
        conditions.append(Question.family.in_(list(answer_filter.families)))
    if answer_filter.questions is not None:
        conditions.append(Question.key.in_(list(answer_filter.questions)))
    return conditions


def _filtered(statement: Select, answer_filter: AnswerFilter) -> Select:
    conditions = [*_response_conditions(answer_filter), *_question_conditions(answer_filter)]
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


# Exports of the administration side (survey_app.admin): responses in wide form for
# answer-level files, and response counts per period beside the indices. Names of
# centres, communes, counters and fields are left to the caller, which looks them up
# once instead of joining four tables into every row.

EXPORT_RESPONSE_COLUMNS = [
    "response",
    "centre",
    "commune",
    "counter",
    "service_field",
    "channel",
    "submitted_at",
    "is_suspect",
    "flags",
]


def _export_responses(answer_filter: AnswerFilter, limit: int) -> Select:
    """The ``limit`` oldest responses matching ``answer_filter``; ties broken by id."""
    return (
        select(
            Response.id.label("response"),
            Response.centre_id.label("centre"),
            Response.commune_id.label("commune"),
            Response.counter_id.label("counter"),
            Response.service_field_id.label("service_field"),
            Response.channel.label("channel"),
            Response.submitted_at.label("submitted_at"),
            Response.is_suspect.label("is_suspect"),
            Response.flags.label("flags"),
        )
        .select_from(Response)
        .join(Instrument, Instrument.id == Response.instrument_id)
        .where(*_response_conditions(answer_filter))
        .order_by(Response.submitted_at, Response.id)
        .limit(limit)
    )


def fetch_export_responses(
    session: Session, answer_filter: AnswerFilter, *, limit: int
) -> pd.DataFrame:
    """At most ``limit`` responses, oldest first: ``EXPORT_RESPONSE_COLUMNS``.

    ``response`` is the internal id, for joining :func:`fetch_export_answers` only;
    it must never reach an exported file.
    """
    rows = session.execute(_export_responses(answer_filter, limit)).all()
    frame = pd.DataFrame(rows, columns=EXPORT_RESPONSE_COLUMNS)
    frame["channel"] = frame["channel"].map(lambda c: Channel(c).value)
    return frame


def fetch_export_answers(
    session: Session, answer_filter: AnswerFilter, *, limit: int
) -> pd.DataFrame:
    """Every answer of the responses :func:`fetch_export_responses` returns, in long form.

    Columns ``response``, ``question``, ``value`` (NaN for "not applicable" and for
    text answers), ``text``.
    """
    chosen = _export_responses(answer_filter, limit).subquery()
    statement = (
        select(
            Answer.response_id.label("response"),
            Question.key.label("question"),
            Answer.value.label("value"),
            Answer.text.label("text"),
        )
        .join(Question, Question.id == Answer.question_id)
        .where(Answer.response_id.in_(select(chosen.c.response)))
    )
    rows = session.execute(statement).all()
    frame = pd.DataFrame(rows, columns=["response", "question", "value", "text"])
    frame["value"] = pd.to_numeric(frame["value"], errors="coerce").astype("float64")
    return frame


def fetch_response_period_counts(
    session: Session, answer_filter: AnswerFilter, *, by: Sequence[str] = (), period: Period
) -> pd.DataFrame:
    """Responses per group and local period: ``by``..., ``period``, ``responses``."""
    unknown = set(by) - set(GROUPINGS)
    if unknown:
        raise ValueError(f"unknown grouping {sorted(unknown)}; use {sorted(GROUPINGS)}")
    keys = [*(GROUPINGS[name].label(name) for name in by), period_label(session, period)]
    statement = (
        select(*keys[:-1], keys[-1].label("period"), func.count().label("responses"))
        .select_from(Response)
        .join(Instrument, Instrument.id == Response.instrument_id)
        .where(*_response_conditions(answer_filter))
        .group_by(*keys)
    )
    rows = session.execute(statement).all()
    frame = pd.DataFrame(rows, columns=[*by, "period", "responses"])
    frame["responses"] = frame["responses"].astype("int64")
    return frame
