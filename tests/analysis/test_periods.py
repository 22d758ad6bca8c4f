"""Periods from timestamps: local weeks from Monday, months, quarters, years."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis import add_period, period_order, previous_periods


def _frame(*stamps: str, utc: bool = True) -> pd.DataFrame:
    return pd.DataFrame({"t": pd.to_datetime(list(stamps), utc=utc)})


def test_weeks_start_on_monday_in_local_time():
    """Sunday 18:00 UTC is Monday 01:00 in Hà Nội: the new week."""
    res = add_period(_frame("2026-07-05 16:59", "2026-07-05 17:00"), "t", "W")
    assert res["period"].tolist() == ["2026-06-29", "2026-07-06"]


@pytest.mark.parametrize(
    ("freq", "expected"),
    [("M", ["2026-06", "2026-07"]), ("Q", ["2026-Q2", "2026-Q3"]), ("Y", ["2025", "2026"])],
)
def test_months_quarters_and_years_follow_the_local_calendar(freq, expected):
    """30 June 17:30 UTC is already 1 July in Việt Nam; New Year likewise."""
    stamps = (
        ("2025-12-31 16:00", "2026-06-30 17:30")
        if freq == "Y"
        else ("2026-06-30 16:00", "2026-06-30 17:30")
    )
    assert add_period(_frame(*stamps), "t", freq)["period"].tolist() == expected


def test_naive_timestamps_are_utc_unless_said_local():
    frame = _frame("2026-07-05 18:00", utc=False)
    assert add_period(frame, "t", "W")["period"].tolist() == ["2026-07-06"]
    assert add_period(frame, "t", "W", naive="local")["period"].tolist() == ["2026-06-29"]


def test_period_labels_are_ordered_categories_and_missing_times_stay_missing():
    frame = pd.DataFrame({"t": pd.to_datetime(["2026-03-01", None, "2026-01-10"], utc=True)})
    period = add_period(frame, "t", "Q")["period"]
    assert period.dtype.ordered
    assert list(period.dtype.categories) == ["2026-Q1"]
    assert period.isna().tolist() == [False, True, False]


def test_weeks_without_answers_between_first_and_last_are_empty_categories():
    res = add_period(_frame("2026-01-05", "2026-01-26"), "t", "W")
    assert list(res["period"].dtype.categories) == [
        "2026-01-05",
        "2026-01-12",
        "2026-01-19",
        "2026-01-26",
    ]
    assert period_order(res["period"]) == ["2026-01-05", "2026-01-26"]


@pytest.mark.parametrize(
    ("tz", "start", "years"),
    [
        ("Europe/Berlin", "2024-01-01", 2),
        ("America/Santiago", "2023-01-01", 2),
        ("Australia/Lord_Howe", "2024-01-01", 1),
        ("Asia/Kathmandu", "2024-01-01", 1),
        ("Asia/Ho_Chi_Minh", "1960-01-01", 70),
    ],
)
def test_periods_match_pandas_in_zones_with_daylight_saving_and_odd_offsets(tz, start, years):
    """Half-hour DST (Lord Howe), +5:45 (Kathmandu), midnight DST (Santiago), and
    seventy years (the long-span path, with Việt Nam's changes of zone before 1975)."""
    rng = np.random.default_rng(7)
    base = pd.Timestamp(start, tz="UTC").value
    ns = base + rng.integers(0, years * 365 * 86400, 20_000) * 10**9
    stamps = pd.Series(pd.to_datetime(ns, utc=True))
    local = stamps.dt.tz_convert(tz).dt.tz_localize(None)
    monday = local.dt.normalize() - pd.to_timedelta(local.dt.day_of_week, unit="D")
    expected = {
        "W": monday.dt.strftime("%Y-%m-%d"),
        "M": local.dt.strftime("%Y-%m"),
        "Q": local.dt.year.astype(str) + "-Q" + local.dt.quarter.astype(str),
        "Y": local.dt.strftime("%Y"),
    }
    for freq, want in expected.items():
        got = add_period(pd.DataFrame({"t": stamps}), "t", freq, tz=tz)["period"]
        assert got.astype(str).tolist() == want.tolist(), freq


def test_offsets_off_the_quarter_hour_fall_back_to_exact_conversion():
    """Liberia kept UTC-0:44:30 until 1972, so its local midnight is off the grid."""
    stamps = pd.Series(pd.to_datetime(["1971-03-01 00:40", "1971-03-01 00:50"], utc=True))
    res = add_period(pd.DataFrame({"t": stamps}), "t", "W", tz="Africa/Monrovia")
    # 1971-03-01 was a Monday; 00:40 UTC is 23:55:30 on Sunday 28 February locally.
    assert res["period"].tolist() == ["1971-02-22", "1971-03-01"]


def test_add_period_rejects_bad_input_and_leaves_the_frame_alone():
    frame = _frame("2026-07-06")
    before = frame.copy()
    add_period(frame, "t")
    pd.testing.assert_frame_equal(frame, before)
    with pytest.raises(ValueError, match="freq"):
        add_period(frame, "t", "D")
    with pytest.raises(ValueError, match="datetime64"):
        add_period(pd.DataFrame({"t": ["2026-07-06"]}), "t")


def test_previous_period_skips_periods_without_answers():
    periods = pd.Series(["2026-W03", "2026-W01", "2026-W03", "2026-W04"])
    assert previous_periods(periods) == {"2026-W03": "2026-W01", "2026-W04": "2026-W03"}
