"""Kruskal–Wallis from counts equals scipy on the expanded answers."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from scipy import stats

from analysis import expand_counts, kruskal_from_table, kruskal_wallis_counts


@settings(max_examples=150, deadline=None)
@example(np.full((5, 5), 24))
@given(hnp.arrays(np.int64, st.tuples(st.integers(2, 6), st.just(5)), elements=st.integers(0, 40)))
def test_kruskal_from_counts_equals_scipy_on_expanded_answers(table):
    groups = [np.repeat(np.arange(1, 6), row) for row in table if row.sum() > 0]
    res = kruskal_from_table(table)
    values = np.concatenate(groups) if groups else np.array([])
    if len(groups) < 2 or np.unique(values).size < 2:
        assert np.isnan(res.statistic)
        return
    expected = stats.kruskal(*groups)
    assert res.statistic == pytest.approx(expected.statistic, rel=1e-9, abs=1e-9)
    if np.isnan(expected.pvalue):
        # Identical groups: H is zero up to rounding (scipy then gives NaN); p is 1.
        assert res.pvalue == pytest.approx(1.0)
    else:
        assert res.pvalue == pytest.approx(expected.pvalue, rel=1e-9, abs=1e-300)
    assert res.df == len(groups) - 1
    assert res.n == values.size


def test_kruskal_per_question_and_period_from_counts(make_pulse):
    counts = make_pulse(centres=4, weeks=2, per_cell=50, rate=0.7, seed=8)
    counts.loc[counts["centre"] == "C03", "value"] = counts["value"].map({5: 3, 2: 1})
    res = kruskal_wallis_counts(counts, "centre", "week")
    assert len(res) == 2 * 6
    raw = expand_counts(counts)
    cell = raw.loc[(raw["week"] == "2026-W01") & (raw["question"] == "staff.general")]
    expected = stats.kruskal(*[g["value"].to_numpy() for _, g in cell.groupby("centre")])
    row = res.loc[(res["week"] == "2026-W01") & (res["question"] == "staff.general")].iloc[0]
    assert row["statistic"] == pytest.approx(expected.statistic)
    assert row["p_value"] == pytest.approx(expected.pvalue)
    assert row["groups"] == 4


def test_kruskal_ignores_missing_answers_and_empty_groups():
    counts = pd.DataFrame(
        {
            "centre": ["A", "A", "B", "B", "C"],
            "question": "q",
            "value": pd.array([5, None, 1, 5, None], dtype="Int64"),
            "n": [10, 99, 5, 5, 7],
        }
    )
    row = kruskal_wallis_counts(counts, "centre").iloc[0]
    expected = stats.kruskal([5] * 10, [1] * 5 + [5] * 5)
    assert row["groups"] == 2
    assert row["n"] == 20
    assert row["statistic"] == pytest.approx(expected.statistic)


def test_identical_answers_everywhere_give_no_statistic():
    res = kruskal_from_table([[10, 0], [5, 0]])
    assert np.isnan(res.statistic)
    assert np.isnan(res.pvalue)
