"""Answer-level and per-period queries for the administration side's exports."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from survey_app.models import Answer, Channel, Instrument, Question, Response
from survey_app.reporting.filters import (
    GROUPINGS,
    AnswerFilter,
    PeriodKind,
    period_label,
    response_conditions,
)

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
        .where(*response_conditions(answer_filter))
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
    session: Session, answer_filter: AnswerFilter, *, by: Sequence[str] = (), period: PeriodKind
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
        .where(*response_conditions(answer_filter))
        .group_by(*keys)
    )
    rows = session.execute(statement).all()
    frame = pd.DataFrame(rows, columns=[*by, "period", "responses"])
    frame["responses"] = frame["responses"].astype("int64")
    return frame
