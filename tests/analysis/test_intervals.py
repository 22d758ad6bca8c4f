"""Wilson intervals, the binomial sampler and the parametric bootstrap."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from analysis import binomial_draws, bootstrap_interval, composite_indices, wilson_interval
from analysis import intervals as intervals_module


@pytest.mark.parametrize(
    ("k", "n", "low", "high"),
    [
        (81, 263, 0.2553, 0.3662),
        (15, 148, 0.0624, 0.1605),
        (0, 20, 0.0, 0.1611),
        (1, 29, 0.0061, 0.1718),
    ],
)
def test_wilson_interval_matches_newcombe_1998(k, n, low, high):
    """Newcombe, Statistics in Medicine 17 (1998) 857-872, Wilson score method."""
    ci = wilson_interval(k, n)
    assert float(ci.low) == pytest.approx(low, abs=5e-5)
    assert float(ci.high) == pytest.approx(high, abs=5e-5)


def test_wilson_interval_is_exact_at_the_ends_and_nan_without_answers():
    ci = wilson_interval([0, 10, 0], [10, 10, 0])
    assert ci.low[0] == 0.0
    assert ci.high[1] == 1.0
    assert np.isnan(ci.low[2])
    assert np.isnan(ci.high[2])


def test_wilson_interval_rejects_impossible_counts():
    with pytest.raises(ValueError, match="successes <= trials"):
        wilson_interval(11, 10)
    with pytest.raises(ValueError, match="confidence"):
        wilson_interval(1, 10, confidence=1.5)


def test_wilson_95_interval_covers_the_true_rate_95_percent_of_the_time():
    """2,000 samples of n = 250 at p = 0.85 (a centre-week at a typical rate).

    The exact coverage there is 94.93 % (sum of binomial probabilities of the k whose
    interval holds p), so the 93-97 % band is about four standard errors wide
    (SE = √(0.95 × 0.05 / 2000) = 0.49 %): a broken interval fails, a sound one passes.
    """
    rng = np.random.default_rng(20260706)
    k = rng.binomial(250, 0.85, size=2000)
    ci = wilson_interval(k, np.full(2000, 250))
    coverage = np.mean((ci.low <= 0.85) & (ci.high >= 0.85))
    assert 0.93 <= coverage <= 0.97


class _SequentialBits:
    """Stands in for a bit generator: random_raw yields every 16-bit level in turn."""

    def random_raw(self, size: int) -> np.ndarray:
        levels = np.arange(4 * size, dtype=np.uint64) % (1 << 16)
        words = levels.reshape(-1, 4)
        return words[:, 0] | words[:, 1] << 16 | words[:, 2] << 32 | words[:, 3] << 48


class _LevelRng:
    bit_generator = _SequentialBits()


@pytest.mark.parametrize(("n", "p"), [(63, 0.8), (200, 0.9), (1000, 0.85), (5000, 0.97), (40, 0.5)])
def test_fast_binomial_sampler_inverts_the_exact_binomial_distribution(n, p):
    """Feed every one of the 65,536 levels through the sampler and compare each draw
    with scipy's exact quantile at the same level: never more than one answer apart,
    and equal for at least 98.9 % of levels (the worst cases sit at the threshold
    n p (1 - p) = 10, like (63, 0.8) and (40, 0.5) here).
    """
    draws = binomial_draws(np.array([n]), np.array([p]), 1 << 16, _LevelRng())[0]
    levels = (np.arange(1 << 16) + 0.5) / (1 << 16)
    exact = stats.binom.ppf(levels, n, p)
    diff = np.abs(np.rint(draws * n) - exact)
    assert diff.max() <= 1
    assert np.mean(diff > 0) <= 0.011


def test_fast_and_exact_binomial_draws_agree_in_distribution():
    rng = np.random.default_rng(3)
    fast = binomial_draws(np.array([300]), np.array([0.82]), 100_000, rng)[0] * 300
    exact = binomial_draws(np.array([300]), np.array([0.82]), 100_000, rng, draws="exact")[0]
    assert np.mean(fast) == pytest.approx(300 * 0.82, abs=0.1)
    assert np.std(fast) == pytest.approx(np.sqrt(300 * 0.82 * 0.18), rel=0.02)
    quantiles = [0.025, 0.5, 0.975]
    assert np.quantile(fast, quantiles) == pytest.approx(
        np.quantile(exact * 300, quantiles), abs=1.0
    )


def test_small_cells_use_the_exact_sampler(monkeypatch):
    """n p (1 - p) below 10 never touches the fast path."""
    monkeypatch.setattr(intervals_module, "_normal_quantiles", lambda: pytest.fail("fast"))
    draws = binomial_draws(np.array([20, 30]), np.array([0.9, 1.0]), 50, np.random.default_rng(1))
    assert draws.shape == (2, 50)
    assert np.all(draws[1] == 1.0)


def test_bootstrap_interval_is_reproducible_with_a_seed():
    n = np.array([[120, 90, 150], [40, 60, 80]])
    k = np.array([[100, 70, 140], [30, 50, 70]])
    w = np.array([[1 / 3, 1 / 3, 1 / 3]])
    first = bootstrap_interval(n, k, w, rng=11)
    again = bootstrap_interval(n, k, w, rng=11)
    np.testing.assert_array_equal(first.low, again.low)
    np.testing.assert_array_equal(first.high, again.high)


def test_bootstrap_interval_of_a_mean_of_proportions_covers_95_percent():
    """2,000 simulated centre-weeks, 5 items of 200 answers each at 80-90 %.

    The percentile interval of the mean of the five proportions should cover the true
    mean about 95 % of the time (items are independent here, as the bootstrap assumes).
    """
    rng = np.random.default_rng(5)
    p = np.array([0.8, 0.85, 0.9, 0.82, 0.88])
    n = np.full((2000, 5), 200)
    k = rng.binomial(n, p)
    ci = bootstrap_interval(n, k, np.full((1, 5), 0.2), rng=6)
    truth = p.mean()
    coverage = np.mean((ci.low[:, 0] <= truth) & (truth <= ci.high[:, 0]))
    assert 0.93 <= coverage <= 0.97


def test_fast_and_exact_bootstrap_intervals_agree():
    n = np.array([[200, 180, 220, 150, 90]])
    k = np.array([[170, 150, 200, 120, 60]])
    w = np.full((1, 5), 0.2)
    fast = bootstrap_interval(n, k, w, replicates=20_000, rng=1)
    exact = bootstrap_interval(n, k, w, replicates=20_000, rng=1, draws="exact")
    assert fast.low[0, 0] == pytest.approx(exact.low[0, 0], abs=0.003)
    assert fast.high[0, 0] == pytest.approx(exact.high[0, 0], abs=0.003)


def test_bootstrap_interval_is_nan_when_an_item_has_no_answers():
    ci = bootstrap_interval(np.array([[50, 0]]), np.array([[40, 0]]), np.array([[0.5, 0.5]]), rng=1)
    assert np.isnan(ci.low[0, 0])
    assert np.isnan(ci.high[0, 0])


def test_bootstrap_interval_checks_shapes():
    with pytest.raises(ValueError, match=r"\(G, I\)"):
        bootstrap_interval(np.array([1, 2]), np.array([1, 2]), np.array([[1.0]]))


def test_one_item_factors_carry_the_wilson_interval_and_the_service_index_a_bootstrap(
    pulse_items, make_pulse
):
    counts = make_pulse(centres=2, weeks=1, per_cell=120, rate=0.85, seed=4)
    res = composite_indices(counts, pulse_items, "centre", rng=2)
    staff = res.loc[(res["component"] == "staff") & (res["centre"] == "C00")].iloc[0]
    raw = counts.loc[(counts["centre"] == "C00") & (counts["question"] == "staff.general")]
    ci = wilson_interval(int(raw.loc[raw["value"] == 5, "n"].iloc[0]), 120)
    assert staff["ci_method"] == "wilson"
    assert staff["ci_low"] == pytest.approx(100 * float(ci.low))
    service = res.loc[res["component"] == "service"]
    assert (service["ci_method"] == "bootstrap").all()
    assert (service["ci_low"] < service["index"]).all()
    assert (service["index"] < service["ci_high"]).all()
