"""Answer patterns from SQL equal pivoting the raw answers response by response."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from analysis import (
    add_period,
    composite_indices,
    early_warnings,
    fix_first,
    integrity_warnings,
    pattern_counts,
)
from survey_app.models import Answer, Question, Response
from survey_app.reporting import (
    AnswerFilter,
    fetch_answer_counts,
    fetch_answer_patterns,
    fetch_items,
)
from survey_app.seeding.demo import seed_demo

PULSE = [
    "access.general",
    "procedure.general",
    "staff.general",
    "result.general",
    "feedback.general",
    "overall.visit",
]


@pytest.fixture
def demo(seeded: Session) -> Session:
    seed_demo(seeded, weeks=1, seed=5, end=date(2026, 11, 25))
    return seeded


def raw_patterns(session: Session, *, include_suspect: bool = False) -> pd.DataFrame:
    """Every response pivoted in Python, the slow way the database spares us."""
    statement = (
        select(Response.id, Response.centre_id, Response.submitted_at, Question.key, Answer.value)
        .join(Answer, Answer.response_id == Response.id)
        .join(Question, Question.id == Answer.question_id)
        .where(Question.key.in_(PULSE))
    )
    if not include_suspect:
        statement = statement.where(Response.is_suspect.is_(False))
    rows = pd.DataFrame(
        session.execute(statement).all(), columns=["rid", "centre", "at", "question", "value"]
    )
    wide = rows.pivot_table(
        index=["rid", "centre", "at"], columns="question", values="value", aggfunc="max"
    ).reset_index()
    wide = add_period(wide, "at", "W")
    for q in PULSE:
        if q not in wide:
            wide[q] = float("nan")
    keys = ["centre", "period", *PULSE]
    return wide.groupby(keys, dropna=False).size().rename("n").reset_index()


def tidy(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.assign(centre=frame["centre"].astype(int), period=frame["period"].astype(str))
    for q in PULSE:
        out[q] = out[q].astype("float64").fillna(-1)
    keys = ["centre", "period", *PULSE]
    return out.sort_values(keys).reset_index(drop=True)[[*keys, "n"]].astype({"n": "int64"})


@pytest.mark.parametrize("include_suspect", [False, True])
def test_sql_patterns_equal_pivoting_raw_answers(demo: Session, include_suspect: bool) -> None:
    flt = AnswerFilter(include_suspect=include_suspect)
    from_sql = fetch_answer_patterns(demo, flt, by=["centre"], period="W")
    assert list(from_sql.columns) == ["centre", "period", *PULSE, "n"]
    expected = raw_patterns(demo, include_suspect=include_suspect)
    pd.testing.assert_frame_equal(tidy(from_sql), tidy(expected), check_dtype=False)


def test_patterns_give_the_same_counts_and_indices(demo: Session) -> None:
    """The patterns describe exactly the responses the counts do."""
    patterns = fetch_answer_patterns(demo, AnswerFilter(), by=["centre"], period="M")
    counts = fetch_answer_counts(
        demo, AnswerFilter(questions=PULSE), by=["centre"], period="M", use_rollup=False
    )
    mine = pattern_counts(patterns, ["centre", "period"])
    merged = counts.merge(
        mine, on=["centre", "period", "question", "value"], how="outer", suffixes=("", "_p")
    )
    assert (merged["n"] == merged["n_p"]).all()
    items = fetch_items(demo)
    plain = composite_indices(counts, items, ["centre", "period"], replicates=0)
    honest = composite_indices(counts, items, ["centre", "period"], patterns=patterns)
    assert plain["index"].equals(honest["index"])
    service = honest.loc[honest["component"] == "service"]
    assert (service.loc[~service["too_few"], "ci_method"] == "respondent").all()


def test_unknown_grouping_is_refused(demo: Session) -> None:
    with pytest.raises(ValueError, match="unknown grouping"):
        fetch_answer_patterns(demo, AnswerFilter(), by=["person"])


def test_patterns_feed_warnings_integrity_and_fix_first_end_to_end(seeded: Session) -> None:
    """What the pages will call: counts and patterns at the same grain, from SQL."""
    seed_demo(seeded, weeks=3, seed=8, end=date(2026, 11, 25))
    flt = AnswerFilter()
    counts = fetch_answer_counts(seeded, flt, by=["centre"], period="W")
    patterns = fetch_answer_patterns(seeded, flt, by=["centre"], period="W")
    items = fetch_items(seeded)
    found = early_warnings(counts, items, "centre", "period", patterns=patterns)
    assert set(found["severity"]) <= {"at_risk", "watch"}
    assert found["rule_text"].map(lambda t: isinstance(t, str) and t.endswith(".")).all()
    integrity = integrity_warnings(counts, "centre", "period")
    assert set(integrity["indicator"]) >= {"harassment", "extra_payment"}
    first = fix_first(patterns.drop(columns="period"), "centre", items=items, replicates=50)
    assert set(first["factor"]) == {"access", "procedure", "staff", "result", "feedback"}
    province = fix_first(patterns.drop(columns=["centre", "period"]), items=items, replicates=50)
    assert province["rank"].tolist() == [1, 2, 3, 4, 5]
