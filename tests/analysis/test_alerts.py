"""Early warnings: drops, targets, EWMA trends, and translatable messages."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis import MESSAGES, early_warnings, ewma_chart, format_message


def _series(centre: str, satisfied: list[int], n: int = 200) -> pd.DataFrame:
    rows = []
    for week, k in enumerate(satisfied):
        label = f"2026-W{week + 1:02d}"
        for question in ("staff.general", "access.general"):
            rows += [(centre, label, question, 5, k), (centre, label, question, 2, n - k)]
    return pd.DataFrame(rows, columns=["centre", "week", "question", "value", "n"])


@pytest.fixture
def two_factor_items():
    return pd.DataFrame(
        {
            "question": ["staff.general", "access.general"],
            "family": "service",
            "factor": ["staff", "access"],
        }
    )


def test_a_steady_centre_raises_no_warning(two_factor_items):
    rng = np.random.default_rng(1)
    counts = _series("A", list(rng.binomial(200, 0.9, 12)))
    assert early_warnings(counts, two_factor_items, "centre", "week").empty


def test_a_sharp_fall_is_a_significant_drop_and_below_target(two_factor_items):
    """Centre B: 85 % for 11 weeks, then 60 %."""
    counts = pd.concat([_series("A", [180] * 12), _series("B", [170] * 11 + [120])])
    res = early_warnings(counts, two_factor_items, "centre", "week")
    assert set(res["centre"]) == {"B"}
    assert set(res["week"]) == {"2026-W12"}
    staff = res.loc[res["component"] == "staff"].set_index("reason")
    assert {"significant_drop", "below_target", "ewma_signal"} <= set(staff.index)
    drop = staff.loc["significant_drop"]
    assert drop["previous"] == pytest.approx(85)
    assert drop["current"] == pytest.approx(60)
    assert drop["p_adjusted"] < 0.05
    assert staff.loc["below_target", "target"] == 80
    assert drop["message"] == (
        "staff at B fell from 85.00% in 2026-W11 to 60.00% in 2026-W12 "
        f"(adjusted p = {drop['p_adjusted']:.3f})."
    )


def test_a_slow_slide_is_caught_by_the_ewma_alone(two_factor_items):
    """88 % for 8 weeks, then 84 % for 12: the 4-point step is not significant week on
    week (z ≈ 1.2 with 200 answers) and 84 % is above target, but the smoothed level
    has drifted below its limit by the end."""
    satisfied = [176] * 8 + [168] * 12
    res = early_warnings(_series("A", satisfied), two_factor_items, "centre", "week")
    assert set(res["reason"]) == {"ewma_signal"}
    row = res.iloc[0]
    assert row["ewma"] < row["limit"] < row["baseline"] == pytest.approx(88)


def test_ewma_chart_skips_thin_weeks_and_needs_a_baseline(two_factor_items):
    counts = _series("A", [176] * 10)
    thin = counts["week"] == "2026-W10"
    counts.loc[thin, "n"] = counts.loc[thin, "n"] // 20
    chart = ewma_chart(counts, two_factor_items, "centre", "week")
    assert set(chart["week"]) == {"2026-W09"}  # week 10 has too few answers
    assert ewma_chart(_series("A", [176] * 8), two_factor_items, "centre", "week").empty


def test_messages_come_from_a_template_per_reason_that_can_be_swapped():
    assert set(MESSAGES) == {"significant_drop", "below_target", "ewma_signal"}
    vietnamese = {"below_target": "{component} tại {unit}: {current:.2f}% (mục tiêu {target:.0f}%)"}
    text = format_message(
        "below_target",
        vietnamese,
        component="Công chức",
        unit="Lộc Bình",
        current=78.456,
        target=80,
    )
    assert text == "Công chức tại Lộc Bình: 78.46% (mục tiêu 80%)"
    with pytest.raises(ValueError, match="no message template"):
        format_message("nonsense")


def test_no_warnings_still_have_the_documented_columns(two_factor_items):
    res = early_warnings(_series("A", [180]), two_factor_items, "centre", "week")
    assert res.empty
    assert {"reason", "previous", "current", "p_value", "target", "message"} <= set(res.columns)
