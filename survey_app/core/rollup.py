"""Building and invalidating the weekly answer counts and patterns (survey_app.models.rollup).

Built on read: the first page that needs a closed week counts it once, in its own
transaction, and every later page reads the stored counts. Kept true on write: a
response written into a closed week deletes that week's counts in the same
transaction, so the next reader recounts it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import case, delete, func, insert, literal, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from survey_app.core.clock import LOCAL_TZ
from survey_app.core.weeks import current_monday, local_midnight_utc, monday_of
from survey_app.models import (
    NO_VALUE,
    Answer,
    Question,
    Response,
    WeekAnswerCount,
    WeekAnswerPattern,
    WeekRollup,
)

ABSENT = ""  # a question the response did not answer at all, in a stored pattern


def closed_weeks_within(start: datetime, end: datetime, now: datetime | None = None) -> list[date]:
    """Mondays of the closed weeks lying wholly inside ``[start, end)``."""
    open_week = current_monday(now)
    first = monday_of(start.astimezone(LOCAL_TZ).date())
    if local_midnight_utc(first) < start:
        first += timedelta(weeks=1)
    weeks = []
    monday = first
    while local_midnight_utc(monday + timedelta(weeks=1)) <= end and monday < open_week:
        weeks.append(monday)
        monday += timedelta(weeks=1)
    return weeks


def ensure_weeks(session: Session, weeks: Iterable[date]) -> None:
    """Count every listed closed week that has not been counted yet."""
    wanted = sorted(set(weeks))
    if not wanted:
        return
    built = set(
        session.scalars(select(WeekRollup.week_start).where(WeekRollup.week_start.in_(wanted)))
    )
    for monday in wanted:
        if monday not in built:
            _build(session, monday)


def _build(session: Session, monday: date) -> None:
    start, end = local_midnight_utc(monday), local_midnight_utc(monday + timedelta(weeks=1))
    in_week = (Response.submitted_at >= start, Response.submitted_at < end)
    low, high = session.execute(
        # ``id + 0``: read the time index, not the whole primary key from one end.
        select(func.min(Response.id + 0), func.max(Response.id + 0)).where(*in_week)
    ).one()
    if low is None:
        low = high = 0
    value_code = func.coalesce(Answer.value, NO_VALUE)
    counted = (
        select(
            literal(monday),
            Response.centre_id,
            Response.channel,
            Response.is_suspect,
            Answer.question_id,
            value_code,
            Response.commune_id,
            func.count(),
        )
        .select_from(Response)
        .join(Answer, Answer.response_id == Response.id)
        .join(Question, Question.id == Answer.question_id)
        .where(
            *in_week,
            # The week's response ids bound the answers' primary key, so PostgreSQL reads
            # the week's answers through that index instead of scanning every answer.
            Answer.response_id.between(low, high),
            Response.centre_id.is_not(None),
            Question.answer_type == "scale",
        )
        .group_by(
            Response.centre_id,
            Response.channel,
            Response.is_suspect,
            Answer.question_id,
            value_code,
            Response.commune_id,
        )
    )
    columns = ["week_start", "centre_id", "channel", "is_suspect", "question_id", "value_code"]
    try:
        session.execute(insert(WeekAnswerCount).from_select([*columns, "commune_id", "n"], counted))
        patterns = _count_patterns(session, monday, in_week, (low, high))
        if patterns:
            session.execute(insert(WeekAnswerPattern), patterns)
        session.add(WeekRollup(week_start=monday))
        session.commit()
    except IntegrityError:
        # Another request counted the same week at the same moment: theirs stands.
        session.rollback()


def pattern_question_ids(session: Session, instrument_id: int) -> list[int]:
    """The scale questions of one instrument version, in the order a pattern lists them."""
    return list(
        session.scalars(
            select(Question.id)
            .where(Question.instrument_id == instrument_id, Question.answer_type == "scale")
            .order_by(Question.id)
        )
    )


def _count_patterns(
    session: Session, monday: date, in_week: tuple[Any, ...], bounds: tuple[int, int]
) -> list[dict[str, object]]:
    """Rows of ``week_answer_pattern`` for one week: every response pivoted, then counted.

    The same pivot as :func:`survey_app.reporting.patterns.fetch_answer_patterns`, over
    every scale question of the response's instrument version, so any subset of the
    questions can be read back (a response with no answer among the subset is left out).
    """
    instrument_ids = session.scalars(
        select(Response.instrument_id).where(*in_week).distinct()
    ).all()
    rows: list[dict[str, object]] = []
    for instrument_id in instrument_ids:
        question_ids = pattern_question_ids(session, instrument_id)
        if not question_ids:
            continue
        value_code = func.coalesce(Answer.value, NO_VALUE)
        pivot = [
            func.max(case((Answer.question_id == qid, value_code))).label(f"q{i}")
            for i, qid in enumerate(question_ids)
        ]
        keys = [Response.centre_id, Response.commune_id, Response.channel, Response.is_suspect]
        per_response = (
            select(Response.id.label("rid"), *[k.label(k.key) for k in keys], *pivot)
            .select_from(Response)
            .join(Answer, Answer.response_id == Response.id)
            .where(
                *in_week,
                Answer.response_id.between(*bounds),
                Response.instrument_id == instrument_id,
                Response.centre_id.is_not(None),
                Answer.question_id.in_(question_ids),
            )
            .group_by(Response.id, *keys)
            .subquery()
        )
        outer = [per_response.c[k.key] for k in keys]
        answers = [per_response.c[f"q{i}"] for i in range(len(question_ids))]
        statement = select(*outer, *answers, func.count()).group_by(*outer, *answers)
        for row in session.connection().execute(statement):
            centre_id, commune_id, channel, is_suspect, *values, n = row
            rows.append(
                {
                    "week_start": monday,
                    "centre_id": centre_id,
                    "commune_id": commune_id,
                    "channel": channel,
                    "is_suspect": bool(is_suspect),
                    "instrument_id": instrument_id,
                    "pattern": ",".join(ABSENT if v is None else str(int(v)) for v in values),
                    "n": n,
                }
            )
    return rows


def _forget(session: Session, *conditions: Any) -> None:
    session.execute(delete(WeekRollup).where(*(c(WeekRollup) for c in conditions)))
    session.execute(delete(WeekAnswerCount).where(*(c(WeekAnswerCount) for c in conditions)))
    session.execute(delete(WeekAnswerPattern).where(*(c(WeekAnswerPattern) for c in conditions)))


def invalidate_week(session: Session, monday: date) -> None:
    """Forget the stored counts of the week starting on ``monday`` (and commit)."""
    _forget(session, lambda table: table.week_start == monday)
    session.commit()


def invalidate_week_of(session: Session, when: datetime) -> None:
    """Forget the counts of the week ``when`` falls in, if it is closed (no commit)."""
    monday = monday_of(when.astimezone(LOCAL_TZ).date())
    if monday >= current_monday():
        return
    _forget(session, lambda table: table.week_start == monday)


def invalidate_all(session: Session) -> None:
    """Forget every stored week (after bulk loads such as demo data; no commit)."""
    _forget(session)
