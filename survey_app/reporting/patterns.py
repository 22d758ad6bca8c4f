"""Answer patterns per group: the respondent-level statistics of composite uncertainty.

Counts per question are enough for an index, not for its interval: one person's
answers move together (see :func:`analysis.composite_indices`, Notes). For a short
questionnaire the count of each answer pattern is enough, and it still aggregates in
SQL: an inner query pivots each response to one row (conditional aggregation, one
column per question), the outer query counts the rows per group and pattern. Python
receives at most a few hundred rows per group, never the answers.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd
from sqlalchemy import Label, case, func, select
from sqlalchemy.orm import Session

from survey_app.models import Answer, Question, Response
from survey_app.reporting.counts import fetch_items
from survey_app.reporting.filters import (
    GROUPINGS,
    AnswerFilter,
    PeriodKind,
    filtered,
    frame_from_rows,
    period_label,
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
) -> pd.DataFrame:
    """Count of each answer pattern: ``by``..., ``period``, one column per question, ``n``.

    A question's column holds the answer (1–5) or NA ("not applicable", blank, or not
    asked). Suspect responses are left out unless the filter asks for them, exactly as
    in :func:`fetch_answer_counts`, so the patterns describe the same responses.
    ``questions`` defaults to the satisfaction questions (service, policy and overall
    families) of the instrument's newest version; for the 39-item survey every
    respondent is a pattern of their own, which is still only thousands of rows.
    """
    unknown = set(by) - set(GROUPINGS)
    if unknown:
        raise ValueError(f"unknown grouping {sorted(unknown)}; use {sorted(GROUPINGS)}")
    keys = list(questions) if questions is not None else pattern_questions(session, answer_filter)
    group_columns: list[Label[Any]] = [GROUPINGS[name].label(name) for name in by]
    if period is not None:
        group_columns.append(period_label(session, period).label("period"))
    names = [*by, *(["period"] if period else [])]
    columns = [*names, *keys, "n"]
    if not keys:
        return pd.DataFrame(columns=columns)
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
    frame = frame_from_rows(rows, columns)
    for key in keys:
        frame[key] = pd.to_numeric(frame[key], errors="coerce").astype("Float64")
    frame["n"] = frame["n"].astype("int64")
    if "channel" in frame:
        frame["channel"] = frame["channel"].map(lambda c: getattr(c, "value", c))
    return frame
