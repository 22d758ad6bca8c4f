"""Stored weekly counts give exactly the figures counting the answers gives."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pandas as pd
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from survey_app.core.weeks import current_monday, local_midnight_utc
from survey_app.models import Channel, WeekAnswerCount, WeekRollup
from survey_app.reporting import AnswerFilter, fetch_answer_counts
from survey_app.seeding.demo import seed_demo
from tests import factories

END = date(2026, 11, 25)


@pytest.fixture
def demo(seeded: Session) -> Session:
    seed_demo(seeded, weeks=6, seed=12, end=END)
    return seeded


def same(left: pd.DataFrame, right: pd.DataFrame) -> bool:
    keys = [c for c in left.columns if c != "n"]

    def tidy(frame: pd.DataFrame) -> pd.DataFrame:
        frame = frame.assign(value=frame["value"].fillna(-1.0)).astype(
            {k: str for k in keys if k != "value"}
        )
        return frame.sort_values(keys).reset_index(drop=True)

    return tidy(left).equals(tidy(right))


@pytest.mark.parametrize(
    ("period", "by", "start", "end"),
    [
        ("W", ["centre"], date(2026, 10, 12), date(2026, 11, 23)),
        ("M", ["centre", "channel"], date(2026, 10, 1), date(2026, 12, 1)),
        ("Q", ["commune"], date(2026, 10, 1), date(2027, 1, 1)),
        (None, [], date(2026, 10, 14), date(2026, 11, 20)),  # ragged ends, counted live
    ],
)
def test_stored_weeks_equal_counting_the_answers(
    demo: Session, period: str | None, by: list[str], start: date, end: date
) -> None:
    answer_filter = AnswerFilter(start=local_midnight_utc(start), end=local_midnight_utc(end))
    stored = fetch_answer_counts(demo, answer_filter, by=by, period=period)
    live = fetch_answer_counts(demo, answer_filter, by=by, period=period, use_rollup=False)
    assert not live.empty
    assert same(stored, live)
    assert demo.scalar(select(func.count()).select_from(WeekRollup)) > 0


def test_filters_apply_to_stored_weeks_too(demo: Session) -> None:
    answer_filter = AnswerFilter(
        start=local_midnight_utc(date(2026, 10, 12)),
        end=local_midnight_utc(date(2026, 11, 23)),
        channels=[Channel.KIOSK],
        questions=["overall.visit", "feedback.general"],
        include_suspect=True,
    )
    stored = fetch_answer_counts(demo, answer_filter, by=["centre"], period="W")
    live = fetch_answer_counts(demo, answer_filter, by=["centre"], period="W", use_rollup=False)
    assert same(stored, live)
    assert set(stored["question"]) == {"overall.visit", "feedback.general"}


def test_a_late_paper_slip_is_counted_in_its_closed_week(demo: Session, client: object) -> None:
    week = date(2026, 11, 9)
    answer_filter = AnswerFilter(
        start=local_midnight_utc(week), end=local_midnight_utc(week + timedelta(weeks=1))
    )
    before = fetch_answer_counts(demo, answer_filter, period="W")["n"].sum()
    assert demo.get(WeekRollup, week) is not None
    factories.late_paper_slip(client, demo, visit_date="2026-11-11")
    demo.expire_all()
    assert demo.get(WeekRollup, week) is None
    after = fetch_answer_counts(demo, answer_filter, period="W")["n"].sum()
    assert after == before + 1


def test_the_open_week_is_never_stored(demo: Session) -> None:
    now = datetime.now(UTC)
    answer_filter = AnswerFilter(start=now - timedelta(days=3), end=now + timedelta(days=1))
    fetch_answer_counts(demo, answer_filter, period="W")
    open_monday = current_monday(now)
    stored = demo.scalar(
        select(func.count())
        .select_from(WeekAnswerCount)
        .where(WeekAnswerCount.week_start >= open_monday)
    )
    assert stored == 0
