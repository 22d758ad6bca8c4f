"""Period-over-period and unit-against-rest tests, with Benjamini–Hochberg."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from analysis import benjamini_hochberg, period_change


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.floats(0, 1), st.just(float("nan"))), min_size=1, max_size=60))
def test_benjamini_hochberg_equals_scipy_false_discovery_control(pvalues):
    p = np.array(pvalues)
    ours = benjamini_hochberg(p)
    ok = ~np.isnan(p)
    assert np.isnan(ours[~ok]).all()
    if ok.any():
        np.testing.assert_allclose(ours[ok], stats.false_discovery_control(p[ok], method="bh"))


def test_benjamini_hochberg_rejects_values_outside_0_1():
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        benjamini_hochberg([0.2, 1.5])


def _weekly(rows: list[tuple[str, str, str, int, int]]) -> pd.DataFrame:
    """(centre, week, question, satisfied, answers) → counts of 5s and 2s."""
    out = []
    for centre, week, question, k, n in rows:
        out.append((centre, week, question, 5, k))
        out.append((centre, week, question, 2, n - k))
    return pd.DataFrame(out, columns=["centre", "week", "question", "value", "n"])


def test_item_change_is_the_pooled_two_proportion_test(pulse_items):
    """Staff at centre A: 90/100 in w1, 70/100 in w2; the z-test's p equals the 2 × 2
    chi-square test without continuity correction."""
    counts = _weekly([("A", "w1", "staff.general", 90, 100), ("A", "w2", "staff.general", 70, 100)])
    res = period_change(counts, pulse_items, "centre", "week", levels=["item"])
    row = res.iloc[0]
    chi2 = stats.chi2_contingency([[90, 10], [70, 30]], correction=False)
    assert row["previous"] == pytest.approx(90)
    assert row["current"] == pytest.approx(70)
    assert row["difference"] == pytest.approx(-20)
    assert row["p_value"] == pytest.approx(chi2.pvalue)
    assert row["z"] ** 2 == pytest.approx(chi2.statistic)


def test_one_item_factor_change_equals_its_item_change(pulse_items):
    counts = _weekly([("A", "w1", "staff.general", 90, 100), ("A", "w2", "staff.general", 70, 100)])
    res = period_change(counts, pulse_items, "centre", "week", levels=["item", "factor"])
    assert res["p_value"].iloc[0] == pytest.approx(res["p_value"].iloc[1])


def test_composite_change_uses_the_variance_of_a_weighted_mean_of_proportions():
    """Factor of two items, 100 answers each in both weeks.

    item a: 80 → 70 (pooled 0.75), item b: 90 → 90 (pooled 0.9)
    Δ = ((70 + 90) − (80 + 90)) / 2 = −5 points
    Var(Δ) = ¼ (0.75 × 0.25 × 2/100) + ¼ (0.9 × 0.1 × 2/100) = 0.001388…
    z = −0.05 / √0.0013889 = −1.3416
    """
    items = pd.DataFrame({"question": ["a", "b"], "family": "service", "factor": "access"})
    counts = _weekly(
        [
            ("A", "w1", "a", 80, 100),
            ("A", "w2", "a", 70, 100),
            ("A", "w1", "b", 90, 100),
            ("A", "w2", "b", 90, 100),
        ]
    )
    res = period_change(counts, items, "centre", "week", levels=["factor"])
    var = 0.25 * (0.75 * 0.25 * 0.02) + 0.25 * (0.9 * 0.1 * 0.02)
    assert res["z"].iloc[0] == pytest.approx(-0.05 / np.sqrt(var))
    assert res["p_value"].iloc[0] == pytest.approx(2 * stats.norm.sf(0.05 / np.sqrt(var)))


def test_periods_are_compared_with_the_previous_period_present(pulse_items):
    counts = _weekly(
        [("A", w, "staff.general", 80, 100) for w in ("w1", "w2", "w4")]
        + [("B", "w4", "staff.general", 80, 100)]
    )
    res = period_change(counts, pulse_items, "centre", "week", levels=["item"])
    assert res[["centre", "week", "previous_period"]].values.tolist() == [
        ["A", "w2", "w1"],
        ["A", "w4", "w2"],
    ]
    latest = period_change(counts, pulse_items, "centre", "week", levels=["item"], latest_only=True)
    assert latest["week"].tolist() == ["w4"]


def test_thin_cells_are_not_tested(pulse_items):
    counts = _weekly([("A", "w1", "staff.general", 20, 25), ("A", "w2", "staff.general", 5, 25)])
    row = period_change(counts, pulse_items, "centre", "week", levels=["item"]).iloc[0]
    assert not row["tested"]
    assert np.isnan(row["p_value"])
    assert not row["significant"]
    assert row["difference"] == pytest.approx(-60)


def test_p_values_are_adjusted_across_every_cell(pulse_items, make_pulse):
    counts = make_pulse(centres=4, weeks=3, per_cell=80, rate=0.8, seed=3)
    res = period_change(counts, pulse_items, "centre", "week")
    np.testing.assert_allclose(res["p_adjusted"], benjamini_hochberg(res["p_value"]))
    assert set(res["level"]) == {"item", "factor", "index"}


def test_comparisons_reject_overlapping_columns(pulse_items, make_pulse):
    counts = make_pulse(centres=2, weeks=2, per_cell=40, rate=0.8, seed=1)
    with pytest.raises(ValueError, match="period"):
        period_change(counts, pulse_items, "week", "week")


def test_a_unit_new_to_a_question_shows_its_current_index_untested(pulse_items):
    counts = _weekly(
        [
            ("A", "w1", "access.general", 80, 100),
            ("A", "w2", "access.general", 80, 100),
            ("A", "w2", "staff.general", 60, 100),
        ]
    )
    res = period_change(counts, pulse_items, "centre", "week", levels=["item"])
    staff = res.loc[res["component"] == "staff.general"].iloc[0]
    assert np.isnan(staff["previous"])
    assert staff["current"] == pytest.approx(60)
    assert not staff["tested"]


def test_options_out_of_range_are_rejected(pulse_items, make_pulse):
    counts = make_pulse(centres=2, weeks=2, per_cell=40, rate=0.8, seed=1)
    with pytest.raises(ValueError, match="alpha"):
        period_change(counts, pulse_items, "centre", "week", alpha=5)
    with pytest.raises(ValueError, match="unknown level"):
        period_change(counts, pulse_items, "centre", "week", levels=["factors"])
