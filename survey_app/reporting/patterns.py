"""Answer patterns per group: the respondent-level statistics of composite uncertainty.

Counts per question are enough for an index, not for its interval: one person's
answers move together (see :func:`analysis.composite_indices`, Notes). For a short
questionnaire the count of each answer pattern is enough, and it still aggregates in
SQL: an inner query pivots each response to one row (conditional aggregation, one
column per question), the outer query counts the rows per group and pattern. Python
receives at most a few hundred rows per group, never the answers.

Closed weeks of centre visits are read from the weekly patterns table instead
(survey_app.core.rollup fills it with the weekly counts, and forgets both together when
a late response is written into the week); only the rest of the span is pivoted live.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import pandas as pd
from sqlalchemy import Label, case, func, select
from sqlalchemy.orm import Session

from survey_app.core.rollup import ABSENT, ensure_weeks, pattern_question_ids
from survey_app.models import NO_VALUE, Answer, Instrument, Question, Response, WeekAnswerPattern
from survey_app.reporting.counts import (
    _label,
    _stored_conditions,
    _stored_weeks,
    _uncovered,
    fetch_items,
)
from survey_app.reporting.filters import (
    GROUPINGS,
    AnswerFilter,
    PeriodKind,
    filtered,
    frame_from_rows,
    period_label,
    question_conditions,
)

# Families whose items make composites (and the pulse's overall question, which the
# "what to fix first" analysis needs beside the factors).
PATTERN_FAMILIES = ("service", "policy", "overall")


def pattern_questions(session: Session, answer_filter: AnswerFilter) -> list[str]:
    """Satisfaction questions of the filter's instrument, in questionnaire order."""
    items = fetch_items(session, answer_filter.instrument_key)
    keep = items["family"].isin(PATTERN_FAMILIES)
    if answer_filter.families is not None:
        keep &= items["family"].isin(list(answer_filter.families))
    if answer_filter.questions is not None:
        keep &= items["question"].isin(list(answer_filter.questions))
    return [str(q) for q in items.loc[keep, "question"]]


def fetch_answer_patterns(
    session: Session,
    answer_filter: AnswerFilter,
    *,
    by: Sequence[str] = (),
    period: PeriodKind | None = None,
    questions: Sequence[str] | None = None,
    use_rollup: bool = True,
) -> pd.DataFrame:
    """Count of each answer pattern: ``by``..., ``period``, one column per question, ``n``.

    A question's column holds the answer (1–5) or NA ("not applicable", blank, or not
    asked). Suspect responses are left out unless the filter asks for them, exactly as
    in :func:`fetch_answer_counts`, so the patterns describe the same responses.
    ``questions`` defaults to the satisfaction questions (service, policy and overall
    families) of the instrument's newest version; for the 39-item survey every
    respondent is a pattern of their own, which is still only thousands of rows.
    Closed weeks come from the weekly patterns table where they can (``use_rollup``);
    both ways give the same figures.
    """
    unknown = set(by) - set(GROUPINGS)
    if unknown:
        raise ValueError(f"unknown grouping {sorted(unknown)}; use {sorted(GROUPINGS)}")
    keys = list(questions) if questions is not None else pattern_questions(session, answer_filter)
    names = [*by, *(["period"] if period else [])]
    columns = [*names, *keys, "n"]
    if not keys:
        return pd.DataFrame(columns=columns)
    weeks = _stored_weeks(answer_filter, by, period) if use_rollup else []
    if not weeks:
        return _patterns_live(session, answer_filter, keys, by=by, period=period)
    ensure_weeks(session, weeks)
    parts = [
        _patterns_stored(session, answer_filter, keys, weeks, by=by, period=period),
        *(
            _patterns_live(session, part, keys, by=by, period=period)
            for part in _uncovered(answer_filter, weeks)
        ),
    ]
    parts = [part for part in parts if not part.empty]
    if not parts:
        return _typed(pd.DataFrame(columns=columns), keys)
    combined = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
    grouped = combined.groupby([*names, *keys], dropna=False, as_index=False, sort=False)
    return _typed(grouped[["n"]].sum(), keys)


def _typed(frame: pd.DataFrame, keys: Sequence[str]) -> pd.DataFrame:
    for key in keys:
        frame[key] = pd.to_numeric(frame[key], errors="coerce").astype("Float64")
    frame["n"] = frame["n"].astype("int64")
    if "channel" in frame:
        frame["channel"] = frame["channel"].map(lambda c: getattr(c, "value", c))
    return frame


def _patterns_stored(
    session: Session,
    answer_filter: AnswerFilter,
    keys: Sequence[str],
    weeks: list[date],
    *,
    by: Sequence[str],
    period: PeriodKind | None,
) -> pd.DataFrame:
    """The stored patterns of ``weeks``, read back onto ``keys`` (a subset of each's questions)."""
    table = WeekAnswerPattern
    group = {"centre": table.centre_id, "commune": table.commune_id, "channel": table.channel}
    conditions = _stored_conditions(table, answer_filter, weeks)
    statement = (
        select(
            *[group[name].label(name) for name in by],
            table.week_start,
            table.instrument_id,
            table.pattern,
            func.sum(table.n),
        )
        .join(Instrument, Instrument.id == table.instrument_id)
        .where(*conditions)
        .group_by(
            *[group[name] for name in by], table.week_start, table.instrument_id, table.pattern
        )
    )
    rows = session.connection().execute(statement).all()
    names = [*by, *(["period"] if period else [])]
    frame = frame_from_rows(rows, [*by, "week", "instrument", "pattern", "n"])
    if frame.empty:
        return pd.DataFrame(columns=[*names, *keys, "n"])
    if period is not None:
        labels = {week: _label(week, period) for week in set(frame["week"])}
        frame["period"] = frame["week"].map(labels)
    pieces = []
    for instrument_id, part in frame.groupby("instrument", sort=False):
        positions = _positions(session, answer_filter, int(str(instrument_id)), keys)
        cells = part["pattern"].str.split(",", expand=True)
        codes = pd.DataFrame(
            {key: cells[positions[key]] if key in positions else ABSENT for key in keys},
            index=part.index,
        )
        # Left out, as the live pivot leaves it out: a response with no answer among keys.
        answered = (codes != ABSENT).any(axis=1)
        values = codes.replace({ABSENT: None, str(NO_VALUE): None})
        pieces.append(
            pd.concat(
                [part.loc[answered, names], values[answered], part.loc[answered, ["n"]]], axis=1
            )
        )
    return _typed(pd.concat(pieces, ignore_index=True), keys)


def _positions(
    session: Session, answer_filter: AnswerFilter, instrument_id: int, keys: Sequence[str]
) -> dict[str, int]:
    """Where each of ``keys`` the filter lets through sits in one instrument's stored patterns."""
    order = {qid: i for i, qid in enumerate(pattern_question_ids(session, instrument_id))}
    rows = session.execute(
        select(Question.id, Question.key).where(
            Question.instrument_id == instrument_id,
            Question.key.in_(list(keys)),
            *question_conditions(answer_filter),
        )
    ).all()
    return {key: order[qid] for qid, key in rows if qid in order}


def _patterns_live(
    session: Session,
    answer_filter: AnswerFilter,
    keys: Sequence[str],
    *,
    by: Sequence[str],
    period: PeriodKind | None,
) -> pd.DataFrame:
    """Pivot each response of the filter from its answers, then count the patterns."""
    group_columns: list[Label[Any]] = [GROUPINGS[name].label(name) for name in by]
    if period is not None:
        group_columns.append(period_label(session, period).label("period"))
    names = [*by, *(["period"] if period else [])]
    columns = [*names, *keys, "n"]
    pivot = [
        func.max(case((Question.key == key, Answer.value))).label(f"q{i}")
        for i, key in enumerate(keys)
    ]
    # Group columns depend on the response alone; listing them keeps PostgreSQL's
    # GROUP BY rules satisfied without relying on functional dependency.
    per_response = (
        filtered(select(Response.id.label("rid"), *group_columns, *pivot), answer_filter)
        .where(Question.key.in_(keys))
        .group_by(Response.id, *group_columns)
        .subquery()
    )
    outer = [per_response.c[name] for name in names]
    answers = [per_response.c[f"q{i}"] for i in range(len(keys))]
    statement = select(*outer, *answers, func.count().label("n")).group_by(*outer, *answers)
    rows = session.execute(statement).all()
    return _typed(frame_from_rows(rows, columns), keys)
