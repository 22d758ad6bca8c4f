"""The database counts what analysis needs, exactly as counting the raw answers would."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pandas as pd
import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from analysis import add_period, count_answers
from survey_app.models import Answer, Question, Response
from survey_app.reporting import (
    AnswerFilter,
    fetch_answer_counts,
    fetch_items,
    fetch_response_counts,
)
from survey_app.seeding.demo import seed_demo


@pytest.fixture
def demo(seeded: Session) -> Session:
    seed_demo(seeded, weeks=1, seed=5, end=date(2026, 11, 25))
    return seeded


def raw_answers(session: Session, *, include_suspect: bool = False) -> pd.DataFrame:
    """Every scale answer as a row, the slow way the database spares us."""
    statement = (
        select(Response.centre_id, Response.submitted_at, Question.key, Answer.value)
        .join(Answer, Answer.response_id == Response.id)
        .join(Question, Question.id == Answer.question_id)
        .where(Question.answer_type == "scale")
    )
    if not include_suspect:
        statement = statement.where(Response.is_suspect.is_(False))
    frame = pd.DataFrame(
        session.execute(statement).all(), columns=["centre", "submitted_at", "question", "value"]
    )
    frame["value"] = frame["value"].astype("float64")
    return frame


def tidy(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    frame = frame.assign(**{k: frame[k].astype(str) for k in keys if k != "value"})
    frame = frame.assign(value=frame["value"].astype("float64").fillna(-1.0))
    return frame.sort_values([*keys]).reset_index(drop=True)[[*keys, "n"]]


@pytest.mark.parametrize("period", ["W", "M", "Q", "Y"])
def test_sql_counts_equal_counting_raw_answers(demo: Session, period: str) -> None:
    from_sql = fetch_answer_counts(demo, AnswerFilter(), by=["centre"], period=period)
    raw = add_period(raw_answers(demo), "submitted_at", period)
    expected = count_answers(raw, by=["centre", "period"])
    keys = ["centre", "period", "question", "value"]
    assert tidy(from_sql, keys).equals(tidy(expected, keys))


def test_week_labels_are_local_mondays(seeded: Session) -> None:
    """23:30 UTC on Sunday 22 Nov 2026 is 06:30 on Monday 23 Nov in Lạng Sơn."""
    seed_demo(seeded, weeks=1, seed=1, end=date(2026, 11, 25))
    first = seeded.scalar(select(Response.id).order_by(Response.id).limit(1))
    seeded.execute(
        update(Response)
        .where(Response.id == first)
        .values(submitted_at=datetime(2026, 11, 22, 23, 30, tzinfo=UTC))
    )
    seeded.commit()
    counts = fetch_answer_counts(
        seeded,
        AnswerFilter(start=datetime(2026, 11, 22, 23, 0, tzinfo=UTC)),
        period="W",
    )
    assert set(counts["period"]) == {"2026-11-23"}
    quarters = fetch_answer_counts(seeded, AnswerFilter(), period="Q")
    assert set(quarters["period"]) == {"2026-Q4"}


def test_suspect_answers_are_left_out_unless_asked_for(demo: Session) -> None:
    flagged = demo.scalars(select(Response.id).limit(10)).all()
    demo.execute(update(Response).where(Response.id.in_(flagged)).values(is_suspect=True))
    demo.commit()
    kept = fetch_answer_counts(demo, AnswerFilter())["n"].sum()
    everything = fetch_answer_counts(demo, AnswerFilter(include_suspect=True))["n"].sum()
    assert everything - kept == 10 * 10  # ten responses, ten scale questions each
    responses = fetch_response_counts(demo, AnswerFilter())["responses"].sum()
    assert responses == len(demo.scalars(select(Response.id)).all()) - 10


def test_not_applicable_is_counted_as_missing_not_as_a_level(demo: Session) -> None:
    counts = fetch_answer_counts(demo, AnswerFilter(questions=["feedback.general"]))
    assert counts["value"].isna().any()
    assert set(counts["value"].dropna()) <= {1.0, 2.0, 3.0, 4.0, 5.0}


def test_filters_narrow_the_counts(demo: Session) -> None:
    centre = demo.scalar(select(Response.centre_id).limit(1))
    only = fetch_answer_counts(demo, AnswerFilter(centre_ids=[centre]), by=["centre", "channel"])
    assert set(only["centre"]) == {centre}
    assert set(only["channel"]) <= {"poster_qr", "receipt_code", "kiosk", "paper"}
    with pytest.raises(ValueError, match="unknown grouping"):
        fetch_answer_counts(demo, AnswerFilter(), by=["person"])


def test_items_describe_the_pulse_questions(seeded: Session) -> None:
    items = fetch_items(seeded)
    service = items[items["family"] == "service"]
    assert list(service["factor"]) == ["access", "procedure", "staff", "result", "feedback"]
    assert "comment" not in set(items["question"])
