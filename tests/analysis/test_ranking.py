"""Empirical-Bayes shrinkage and ranks with intervals."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis import fit_beta_prior, rank_intervals, rank_units


def _commune_counts(rows: list[tuple[str, int, int]]) -> pd.DataFrame:
    """(commune, satisfied, answers) for question overall.visit."""
    out = []
    for commune, k, n in rows:
        out += [(commune, "overall.visit", 5, k), (commune, "overall.visit", 1, n - k)]
    return pd.DataFrame(out, columns=["commune", "question", "value", "n"])


@pytest.fixture
def overall_items():
    return pd.DataFrame(
        {"question": ["overall.visit"], "family": ["overall"], "factor": ["overall"]}
    )


def _communes() -> list[tuple[str, int, int]]:
    rng = np.random.default_rng(12)
    rows = [
        (f"X{i:02d}", int(rng.binomial(300, r)), 300) for i, r in enumerate(rng.beta(40, 10, 30))
    ]
    return [*rows, ("tiny_top", 8, 8), ("big_top", 296, 300), ("tiny_low", 5, 8)]


def test_shrinkage_pulls_a_small_extreme_unit_towards_the_mean_more_than_a_large_one(
    overall_items,
):
    """tiny_top has 8 of 8 satisfied (100 %), big_top 296 of 300 (98.7 %): the prior
    counts as about 50 answers, so tiny_top moves most of the way to the provincial
    ~80 %, big_top only a little."""
    res = rank_units(
        _commune_counts(_communes()), overall_items, "commune", "overall.visit", rng=1, min_n=1
    ).set_index("commune")
    tiny = res.loc["tiny_top", "index_raw"] - res.loc["tiny_top", "posterior_mean"]
    big = res.loc["big_top", "index_raw"] - res.loc["big_top", "posterior_mean"]
    assert tiny > 5 * big > 0
    low = res.loc["tiny_low", "posterior_mean"] - res.loc["tiny_low", "index_raw"]
    assert low > 10  # 62.5 % raw is pulled up a long way


def test_a_commune_with_eight_answers_is_neither_first_nor_last(overall_items):
    """On raw rates tiny_top (8/8) is first and tiny_low (5/8) last; shrunk, neither."""
    raw = pd.DataFrame(_communes(), columns=["commune", "k", "n"]).assign(
        rate=lambda f: f["k"] / f["n"]
    )
    assert raw.loc[raw["rate"].idxmax(), "commune"] == "tiny_top"
    assert raw.loc[raw["rate"].idxmin(), "commune"] == "tiny_low"
    res = rank_units(
        _commune_counts(_communes()), overall_items, "commune", "overall.visit", rng=1, min_n=1
    ).set_index("commune")
    units = int(res["units"].iloc[0])
    assert res.loc["big_top", "rank"] == 1
    assert 1 < res.loc["tiny_top", "rank"] < units
    assert 1 < res.loc["tiny_low", "rank"] < units
    # Its rank interval is wide: eight answers say little about where it stands.
    assert res.loc["tiny_top", "rank_high"] - res.loc["tiny_top", "rank_low"] > units / 2
    assert (res["rank_low"] <= res["rank_high"]).all()
    assert (
        (res["cred_low"] <= res["posterior_mean"]) & (res["posterior_mean"] <= res["cred_high"])
    ).all()


def test_marginal_likelihood_recovers_a_known_prior():
    """400 units with rates from Beta(40, 10) (mean 0.8, a + b = 50)."""
    rng = np.random.default_rng(2)
    n = rng.integers(50, 400, 400)
    k = rng.binomial(n, rng.beta(40, 10, 400))
    prior = fit_beta_prior(k, n)
    assert prior.method == "mle"
    assert prior.converged
    assert prior.alpha / prior.concentration == pytest.approx(0.8, abs=0.01)
    assert 50 / 1.5 < prior.concentration < 50 * 1.5
    moments = fit_beta_prior(k, n, method="moments")
    assert moments.alpha / moments.concentration == pytest.approx(0.8, abs=0.01)


def test_units_that_differ_only_by_chance_are_pulled_most_of_the_way_to_the_mean():
    """No real spread: the prior outweighs each unit's 200 answers several times over."""
    rng = np.random.default_rng(3)
    n = np.full(40, 200)
    k = rng.binomial(n, 0.85)
    prior = fit_beta_prior(k, n)
    assert prior.concentration / (prior.concentration + 200) > 0.75


def test_a_prior_needs_three_units():
    with pytest.raises(ValueError, match="three units"):
        fit_beta_prior([5, 6], [10, 10])


def test_composite_components_are_ranked_from_item_posteriors(pulse_items, make_pulse):
    counts = make_pulse(centres=6, weeks=1, per_cell=60, rate=0.8, seed=6)
    res = rank_units(counts, pulse_items, "centre", "service", rng=3)
    assert len(res) == 6
    assert sorted(res["rank"]) == list(range(1, 7))
    assert ((res["posterior_mean"] > 0) & (res["posterior_mean"] < 100)).all()
    again = rank_units(counts, pulse_items, "centre", "service", rng=3)
    pd.testing.assert_frame_equal(res, again)


def test_unknown_component_is_rejected(pulse_items, make_pulse):
    counts = make_pulse(centres=3, weeks=1, per_cell=60, rate=0.8, seed=6)
    with pytest.raises(ValueError, match="matches 0"):
        rank_units(counts, pulse_items, "centre", "sipas")


def test_units_under_the_minimum_are_not_ranked_and_are_reported(overall_items):
    """Issue 11: units with 3, 5, 8 and 12 answers were ranked beside "too few answers"."""
    rows = [*_communes(), ("u3", 3, 3), ("u5", 4, 5), ("u12", 11, 12)]
    res = rank_units(_commune_counts(rows), overall_items, "commune", "overall.visit", rng=1)
    ranked = set(res["commune"])
    assert not ranked & {"tiny_top", "tiny_low", "u3", "u5", "u12"}
    assert (res["n"] >= 30).all()
    assert sorted(res["rank"]) == list(range(1, len(res) + 1))
    assert (res["units"] == len(res)).all()
    assert (res["excluded"] == 5).all()
    left = res.attrs["excluded"].set_index("commune")["n"].to_dict()
    assert left == {"tiny_top": 8, "tiny_low": 8, "u3": 3, "u5": 5, "u12": 12}


# -- rank_intervals: one proportion per unit, ranks with intervals by simulation ------------


def test_rank_intervals_are_wide_when_the_true_rates_are_equal() -> None:
    gen = np.random.default_rng(7)
    trials = np.full(10, 60)
    successes = gen.binomial(trials, 0.8)
    res = rank_intervals(successes, trials, seed=3)
    widths = res["rank_high"] - res["rank_low"]
    # Ten units with the same true rate: every one could be almost anywhere.
    assert (widths >= 5).all(), res
    assert res["rank_low"].min() == 1
    assert res["rank_high"].max() == 10


def test_rank_intervals_are_tight_when_the_rates_are_well_apart() -> None:
    trials = np.full(5, 400)
    successes = (trials * np.array([0.45, 0.60, 0.75, 0.88, 0.97])).astype(int)
    res = rank_intervals(successes, trials, seed=3)
    assert res["rank"].tolist() == [5, 4, 3, 2, 1]
    assert (res["rank_low"] == res["rank"]).all()
    assert (res["rank_high"] == res["rank"]).all()


def test_rank_intervals_hold_the_point_rank_and_are_reproducible() -> None:
    successes, trials = [30, 41, 35, 50, 28], [40, 50, 45, 60, 40]
    first = rank_intervals(successes, trials, seed=11)
    again = rank_intervals(successes, trials, seed=11)
    pd.testing.assert_frame_equal(first, again)
    assert ((first["rank_low"] <= first["rank"]) & (first["rank"] <= first["rank_high"])).all()
    # A wider interval (95 %) never sits inside a narrower one (90 %).
    wide = rank_intervals(successes, trials, seed=11, confidence=0.95)
    assert (wide["rank_low"] <= first["rank_low"]).all()
    assert (wide["rank_high"] >= first["rank_high"]).all()


def test_rank_intervals_with_equal_estimates_share_a_rank_and_two_units_use_jeffreys() -> None:
    res = rank_intervals([40, 40], [50, 50], seed=0)
    assert res["rank"].tolist() == [1, 1]
    assert res["rank_low"].tolist() == [1, 1]
    assert res["rank_high"].tolist() == [2, 2]
    assert rank_intervals([], []).empty


def test_rank_intervals_refuse_impossible_counts() -> None:
    with pytest.raises(ValueError, match="successes and trials"):
        rank_intervals([5], [0])
    with pytest.raises(ValueError, match="successes and trials"):
        rank_intervals([6], [5])
