"""Reporting periods (``survey_app.core.periods``): read back as ``analysis`` labels them."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pandas as pd
import pytest

from analysis import add_period
from survey_app.core.clock import LOCAL_TZ, LOCAL_TZ_NAME
from survey_app.core.periods import (
    ALL_KINDS,
    PeriodKind,
    chosen_period,
    parse_period,
    period_of,
    recent_periods,
)


def test_quarters_months_and_years_are_local_calendar_time() -> None:
    q3 = parse_period("2026-q3")
    assert (q3.kind, q3.label, q3.start_local, q3.end_local) == (
        "Q",
        "2026-Q3",
        date(2026, 7, 1),
        date(2026, 10, 1),
    )
    assert q3.start_utc == datetime(2026, 6, 30, 17, tzinfo=UTC)  # midnight at UTC+7
    assert parse_period("2026-12").end_local == date(2027, 1, 1)
    assert parse_period("2026").start_local == date(2026, 1, 1)
    assert parse_period("2026").end_local == date(2027, 1, 1)


@pytest.mark.parametrize("text", ["2026-11-18", "2026-W47", "2026-w47-3", " 2026-11-16 "])
def test_any_day_names_its_week(text: str) -> None:
    week = parse_period(text)
    assert (week.kind, week.label, week.end_local) == ("W", "2026-11-16", date(2026, 11, 23))


@pytest.mark.parametrize("text", ["Q3-2026", "2026-13", "2026-Q5", "", "quý 3"])
def test_what_names_no_period_is_refused_with_an_example(text: str) -> None:
    with pytest.raises(ValueError, match="2026-Q3"):
        parse_period(text)


def test_a_kind_not_asked_for_is_refused() -> None:
    with pytest.raises(ValueError, match="2026-07, 2026-Q3 or 2026, got '2026-11-16'"):
        parse_period("2026-11-16", ("M", "Q", "Y"))


def test_a_page_without_a_period_shows_the_last_full_month() -> None:
    today = date(2026, 1, 15)
    assert chosen_period(None, today=today).label == "2025-12"
    assert chosen_period("2026", ("W", "M", "Q"), today=today).label == "2025-12"
    assert chosen_period("2026-Q1", ("W", "M", "Q"), today=today).label == "2026-Q1"


def test_the_menu_offers_full_weeks_months_and_quarters_newest_first() -> None:
    offered = recent_periods(date(2026, 2, 4))
    assert [p.kind for p in offered] == ["W"] * 8 + ["M"] * 6 + ["Q"] * 4
    assert offered[0].label == "2026-01-26"  # the last full week, not the running one
    assert [p.label for p in offered[8:10]] == ["2026-02", "2026-01"]
    assert [p.label for p in offered[-4:]] == ["2026-Q1", "2025-Q4", "2025-Q3", "2025-Q2"]


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_a_day_is_labelled_as_analysis_labels_it(kind: PeriodKind) -> None:
    # 17:00 UTC is already the next day in Lạng Sơn: both must count it there.
    moments = [datetime(2025, 12, 28, 17, tzinfo=UTC) + timedelta(days=9 * k) for k in range(60)]
    frame = pd.DataFrame({"at": pd.to_datetime(moments, utc=True)})
    theirs = add_period(frame, "at", kind, tz=LOCAL_TZ_NAME)["period"].astype(str).tolist()
    ours = [period_of(moment.astimezone(LOCAL_TZ).date(), kind).label for moment in moments]
    assert ours == theirs
