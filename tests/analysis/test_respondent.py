"""Respondent-level uncertainty of composites: worked examples and edge cases."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis import co_counts, composite_indices, pattern_counts, period_change
from analysis.intervals import wilson_interval
from analysis.respondent import composite_variance, proportion_covariance
from analysis.uncertainty import excess_dof, pattern_moments, variance_interval

ITEMS = pd.DataFrame(
    {"question": ["a.1", "a.2"], "family": ["service"] * 2, "factor": ["access"] * 2}
)


def _respondents(patterns: pd.DataFrame) -> pd.DataFrame:
    return patterns.loc[patterns.index.repeat(patterns["n"])].drop(columns="n")


def test_covariance_equals_the_linearised_sum_over_respondents():
    """Partly answered questionnaires: compute Σ_r (s_rj − p_j)(s_rl − p_l)/(n_j n_l) ×
    n_jl/(n_jl − 1) by hand on the expanded respondents."""
    pats = pd.DataFrame(
        {"a.1": [5, 5, 1, 2, None, 4], "a.2": [4, 1, 1, 5, 5, None], "n": [12, 3, 4, 2, 6, 5]}
    )
    cov = proportion_covariance(co_counts(pats))[0]
    resp = _respondents(pats)
    ans = resp.notna().to_numpy()
    sat = resp.isin([4, 5]).to_numpy().astype(float)
    n = ans.sum(axis=0)
    p = (sat * ans).sum(axis=0) / n
    for j in range(2):
        for m in range(2):
            both = ans[:, j] & ans[:, m]
            total = ((sat[both, j] - p[j]) * (sat[both, m] - p[m])).sum()
            expected = total / (n[j] * n[m]) * both.sum() / (both.sum() - 1)
            assert cov[j, m] == pytest.approx(expected)
    assert cov[0, 0] == pytest.approx(p[0] * (1 - p[0]) / (n[0] - 1))


def test_identical_answers_give_the_variance_of_one_item_not_half_of_it():
    """Two items everyone answers alike carry one item's information."""
    pats = pd.DataFrame({"a.1": [5, 1], "a.2": [5, 1], "n": [70, 30]})
    var = composite_variance(proportion_covariance(co_counts(pats)), np.array([[0.5, 0.5]]))
    assert var[0, 0] == pytest.approx(0.7 * 0.3 / 99)
    res = composite_indices(pattern_counts(pats), ITEMS, patterns=pats)
    naive = composite_indices(pattern_counts(pats), ITEMS, replicates=2000, rng=1)
    honest_width = res["ci_high"].iloc[0] - res["ci_low"].iloc[0]
    naive_width = naive["ci_high"].iloc[0] - naive["ci_low"].iloc[0]
    assert res["ci_method"].iloc[0] == "respondent"
    assert honest_width > 1.3 * naive_width  # √2 wider in theory


def test_thirty_of_thirty_on_two_items_has_a_real_lower_bound():
    """Issue 11: a two-item factor answered 30 out of 30 got [100.0, 100.0]."""
    pats = pd.DataFrame({"a.1": [5], "a.2": [4], "n": [30]})
    for res in (
        composite_indices(pattern_counts(pats), ITEMS, patterns=pats),
        composite_indices(pattern_counts(pats), ITEMS, rng=1),
    ):
        row = res.iloc[0]
        assert row["index"] == 100.0
        assert row["ci_high"] == 100.0
        # Wilson's bound for 30 of 30: 30 / (30 + 1.96²)
        assert row["ci_low"] == pytest.approx(100 * 30 / (30 + 1.959964**2), abs=0.01)


def test_point_estimates_never_change_with_patterns(make_pulse, pulse_items):
    counts = make_pulse(centres=3, weeks=2, per_cell=60, rate=0.8, seed=3)
    plain = composite_indices(counts, pulse_items, ["centre", "week"], replicates=0)
    rng = np.random.default_rng(4)
    # Patterns describing other (made-up) respondents change intervals only.
    pats = plain[["centre", "week"]].drop_duplicates().reset_index(drop=True)
    for q in pulse_items["question"]:
        pats[q] = rng.choice([1, 5], len(pats))
    pats["n"] = 50
    honest = composite_indices(counts, pulse_items, ["centre", "week"], patterns=pats)
    pd.testing.assert_series_equal(plain["index"], honest["index"])


def test_change_test_with_patterns_matches_the_pooled_test_for_one_item():
    pats = pd.DataFrame(
        {"week": ["w1", "w1", "w2", "w2"], "a.1": [5, 1, 5, 1], "a.2": [5, 1, 5, 1]}
    ).assign(n=[90, 10, 60, 40])
    counts = pattern_counts(pats, "week")
    old = period_change(counts, ITEMS, None, "week")
    new = period_change(counts, ITEMS, None, "week", patterns=pats)
    items = new["level"] == "item"
    np.testing.assert_allclose(new.loc[items, "z"], old.loc[items, "z"])
    # The factor of two identical items is one item: the same z, not √2 larger.
    factor_z = new.loc[new["level"] == "factor", "z"].iloc[0]
    assert factor_z == pytest.approx(new.loc[items, "z"].iloc[0])
    assert abs(old.loc[old["level"] == "factor", "z"].iloc[0]) > 1.4 * abs(factor_z)


def test_co_count_input_gives_the_same_interval_as_patterns():
    pats = pd.DataFrame(
        {"a.1": [5, 5, 1, 2, None], "a.2": [4, 1, 1, 5, 5], "n": [40, 10, 12, 8, 6]}
    )
    cc = co_counts(pats)
    frame = pd.DataFrame(
        {
            "question_a": ["a.1", "a.1", "a.2"],
            "question_b": ["a.1", "a.2", "a.2"],
            "n_both": [cc.n_both[0, 0, 0], cc.n_both[0, 0, 1], cc.n_both[0, 1, 1]],
            "k_a": [cc.k_first[0, 0, 0], cc.k_first[0, 0, 1], cc.k_first[0, 1, 1]],
            "k_b": [cc.k_first[0, 0, 0], cc.k_first[0, 1, 0], cc.k_first[0, 1, 1]],
            "k_both": [cc.k_both[0, 0, 0], cc.k_both[0, 0, 1], cc.k_both[0, 1, 1]],
        }
    )
    counts = pattern_counts(pats)
    from_frame = composite_indices(counts, ITEMS, patterns=frame)
    from_object = composite_indices(counts, ITEMS, patterns=cc)
    pd.testing.assert_frame_equal(from_frame, from_object)
    # Patterns give the same variance, with Student's t on the respondents' degrees of
    # freedom in place of z: the same centre, a slightly wider interval.
    from_patterns = composite_indices(counts, ITEMS, patterns=pats)
    assert from_patterns["index"].equals(from_frame["index"])
    assert (from_patterns["ci_low"] < from_frame["ci_low"]).all()
    assert (from_patterns["ci_high"] > from_frame["ci_high"]).all()


def test_pattern_moments_variance_matches_co_counts():
    pats = pd.DataFrame(
        {"a.1": [5, 5, 1, 2, None], "a.2": [4, 1, 1, 5, 5], "n": [40, 10, 12, 8, 6]}
    )
    weights = np.array([[0.5, 0.5], [1.0, 0.0]])
    groups = pd.DataFrame(index=pd.RangeIndex(1))
    var, df, has = pattern_moments(
        pats,
        groups,
        by=[],
        questions=["a.1", "a.2"],
        scale=(1, 2, 3, 4, 5),
        positive=frozenset({4, 5}),
        weights=weights,
    )
    cc = co_counts(pats)
    n = cc.item_n()[0]
    # The pattern form uses N/(N − 1) on all respondents, the co-count form
    # n_jl/(n_jl − 1) per pair: equal when everyone answered, close otherwise.
    expected = composite_variance(proportion_covariance(cc), weights)
    np.testing.assert_allclose(var, expected, rtol=0.02)
    assert has.tolist() == [True]
    assert np.all(df > 1)
    assert n.tolist() == [70, 76]


def test_bad_patterns_raise():
    with pytest.raises(ValueError, match="off the scale"):
        co_counts(pd.DataFrame({"a.1": [7], "n": [3]}))
    with pytest.raises(ValueError, match="non-negative"):
        co_counts(pd.DataFrame({"a.1": [5], "n": [-1]}))
    with pytest.raises(ValueError, match="k_both"):
        co_counts(
            pd.DataFrame(
                {
                    "question_a": ["x"],
                    "question_b": ["y"],
                    "n_both": [3],
                    "k_a": [4],
                    "k_b": [1],
                    "k_both": [1],
                }
            )
        )


def test_independent_answers_get_wilson_and_answers_that_move_together_get_t():
    """The t correction is for the variance beyond a binomial count's (excess_dof)."""
    # One item: the respondent-level variance is the binomial one, so nothing is left
    # for Student's t and the interval is Wilson's on the item's answers.
    one = pd.DataFrame({"a.1": [5, 1], "n": [27, 3]})
    df = 2 / (1 / 27 + 1 / 3 - 4 / 30)  # 2 / (Σd⁴/(Σd²)² − 1/N) for 27 of 30
    assert excess_dof(np.array([df]), np.array([0.9]), np.array([30]))[0] == np.inf
    low, high = wilson_interval(27, 30).low, wilson_interval(27, 30).high
    items = ITEMS.iloc[:1]
    row = composite_indices(pattern_counts(one), items, patterns=one).iloc[0]
    assert (row["ci_low"], row["ci_high"]) == pytest.approx((100 * low, 100 * high))
    # Two items that three unhappy respondents fail together: a binomial count of the
    # 60 answers would spread its 6 failures; here three people carry them, so the
    # variance rests on few respondents and the interval is wider than with z.
    together = pd.DataFrame({"a.1": [5, 1], "a.2": [5, 1], "n": [27, 3]})
    var, dof, _ = pattern_moments(
        together,
        pd.DataFrame(index=[0]),
        by=[],
        questions=["a.1", "a.2"],
        scale=range(1, 6),
        positive=frozenset({4, 5}),
        weights=np.array([[0.5, 0.5]]),
    )
    left = excess_dof(dof, np.array([[0.9]]), np.array([[60]]))
    assert np.isfinite(left[0, 0])
    assert left[0, 0] > dof[0, 0]
    row = composite_indices(pattern_counts(together), ITEMS, patterns=together).iloc[0]
    z_low, _ = variance_interval(
        np.array([0.9]), var[0], n_floor=np.array([30]), n_cap=np.array([60]), z=1.959964
    )
    assert row["ci_low"] < 100 * z_low[0] - 0.5
