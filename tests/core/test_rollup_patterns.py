"""Stored weekly answer patterns give exactly the patterns pivoting the answers gives."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from survey_app.core.weeks import local_midnight_utc
from survey_app.models import Channel, WeekAnswerPattern, WeekRollup
from survey_app.reporting import AnswerFilter, fetch_answer_patterns
from survey_app.seeding.demo import seed_demo
from tests import factories

END = date(2026, 11, 25)


@pytest.fixture
def demo(seeded: Session) -> Session:
    seed_demo(seeded, weeks=6, seed=12, end=END)
    return seeded


def tidy(frame: pd.DataFrame) -> pd.DataFrame:
    keys = [c for c in frame.columns if c != "n"]
    out = frame.copy()
    for key in keys:
        if str(out[key].dtype) == "Float64":
            out[key] = out[key].astype("float64").fillna(-1.0)
        else:
            out[key] = out[key].astype(str)
    return out.sort_values(keys).reset_index(drop=True)


def assert_same(stored: pd.DataFrame, live: pd.DataFrame) -> None:
    assert list(stored.columns) == list(live.columns)
    assert [str(t) for t in stored.dtypes] == [str(t) for t in live.dtypes]
    pd.testing.assert_frame_equal(tidy(stored), tidy(live))


@pytest.mark.parametrize(
    ("period", "by", "start", "end"),
    [
        ("W", ["centre"], date(2026, 10, 12), date(2026, 11, 23)),
        ("M", ["centre", "channel"], date(2026, 10, 1), date(2026, 12, 1)),
        ("Q", ["commune"], date(2026, 10, 1), date(2027, 1, 1)),
        (None, ["centre"], date(2026, 10, 14), date(2026, 11, 20)),  # ragged ends
        (None, [], date(2026, 10, 12), date(2026, 11, 23)),
    ],
)
def test_stored_patterns_equal_pivoting_the_answers(
    demo: Session, period: str | None, by: list[str], start: date, end: date
) -> None:
    answer_filter = AnswerFilter(start=local_midnight_utc(start), end=local_midnight_utc(end))
    stored = fetch_answer_patterns(demo, answer_filter, by=by, period=period)
    live = fetch_answer_patterns(demo, answer_filter, by=by, period=period, use_rollup=False)
    assert live["n"].sum() > 100
    assert_same(stored, live)
    assert demo.scalar(select(func.count()).select_from(WeekAnswerPattern)) > 0


@pytest.mark.parametrize("include_suspect", [False, True])
def test_filters_apply_to_stored_patterns_too(demo: Session, include_suspect: bool) -> None:
    answer_filter = AnswerFilter(
        start=local_midnight_utc(date(2026, 10, 12)),
        end=local_midnight_utc(date(2026, 11, 23)),
        channels=[Channel.KIOSK, Channel.POSTER_QR],
        families=["service", "overall"],
        include_suspect=include_suspect,
    )
    stored = fetch_answer_patterns(demo, answer_filter, by=["centre"], period="W")
    live = fetch_answer_patterns(demo, answer_filter, by=["centre"], period="W", use_rollup=False)
    assert live["n"].sum() > 0
    assert_same(stored, live)


def test_a_subset_of_questions_drops_responses_without_them(demo: Session) -> None:
    answer_filter = AnswerFilter(
        start=local_midnight_utc(date(2026, 10, 12)), end=local_midnight_utc(date(2026, 11, 23))
    )
    stored = fetch_answer_patterns(demo, answer_filter, by=["centre"], questions=["overall.visit"])
    live = fetch_answer_patterns(
        demo, answer_filter, by=["centre"], questions=["overall.visit"], use_rollup=False
    )
    assert_same(stored, live)


def test_a_late_paper_slip_changes_its_closed_weeks_patterns(demo: Session, client: object) -> None:
    week = date(2026, 11, 9)
    answer_filter = AnswerFilter(
        start=local_midnight_utc(week), end=local_midnight_utc(week + timedelta(weeks=1))
    )
    before = fetch_answer_patterns(demo, answer_filter, by=["centre"], period="W")
    assert demo.get(WeekRollup, week) is not None
    factories.late_paper_slip(client, demo, visit_date="2026-11-11")
    demo.expire_all()
    assert demo.get(WeekRollup, week) is None
    stored_rows = select(func.count()).where(WeekAnswerPattern.week_start == week)
    assert demo.scalar(stored_rows) == 0
    after = fetch_answer_patterns(demo, answer_filter, by=["centre"], period="W")
    live = fetch_answer_patterns(demo, answer_filter, by=["centre"], period="W", use_rollup=False)
    assert demo.get(WeekRollup, week) is not None
    assert after["n"].sum() == before["n"].sum() + 1
    assert_same(after, live)
