"""Yamane's sample size and systematic PPS draws of communes."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis import pps_systematic_sample, yamane_sample_size


@pytest.mark.parametrize(
    ("population", "margin", "expected"),
    [(800_000, 0.05, 400), (1000, 0.05, 286), (1000, 0.03, 527), (100, 0.05, 80)],
)
def test_yamane_sample_size(population, margin, expected):
    """n = N / (1 + N e²), rounded up: 1000 / 3.5 = 285.7 → 286; 100 / 1.25 = 80."""
    assert yamane_sample_size(population, margin) == expected


def test_yamane_rejects_nonsense():
    with pytest.raises(ValueError, match="margin"):
        yamane_sample_size(1000, 0)
    with pytest.raises(ValueError, match="population"):
        yamane_sample_size(0)


def _communes() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "commune": [f"X{i:02d}" for i in range(12)],
            "population": [40_000, 3000, 5000, 800, 9000, 2200, 7000, 1500, 6000, 4000, 2500, 1000],
        }
    )


def test_pps_draw_is_reproducible_and_of_the_requested_size():
    first = pps_systematic_sample(_communes(), 4, rng=5)
    again = pps_systematic_sample(_communes(), 4, rng=5)
    pd.testing.assert_frame_equal(first, again)
    assert len(first) == 4
    assert first["commune"].is_unique


def test_a_commune_larger_than_the_sampling_interval_is_taken_with_certainty():
    """40,000 of 82,000 people with 4 draws: π = 4 × 40,000 / 82,000 > 1."""
    res = pps_systematic_sample(_communes(), 4, rng=1).set_index("commune")
    assert res.loc["X00", "certainty"]
    assert res.loc["X00", "inclusion_probability"] == 1.0


def test_each_commune_is_drawn_with_probability_proportional_to_its_population():
    frame = _communes()
    draws = 4000
    hits = pd.Series(0, index=frame["commune"])
    rng = np.random.default_rng(9)
    for _ in range(draws):
        hits[pps_systematic_sample(frame, 4, rng=rng)["commune"]] += 1
    expected = 3 * frame["population"].iloc[1:] / frame["population"].iloc[1:].sum()
    observed = hits.iloc[1:].to_numpy() / draws
    np.testing.assert_allclose(observed, expected.to_numpy(), atol=0.03)
    assert hits.iloc[0] == draws


def test_drawing_every_commune_takes_each_with_certainty():
    res = pps_systematic_sample(_communes(), 12, rng=1)
    assert len(res) == 12
    assert (res["inclusion_probability"] == 1).all()


def test_pps_rejects_impossible_requests():
    with pytest.raises(ValueError, match="cannot draw"):
        pps_systematic_sample(_communes(), 13)
    with pytest.raises(ValueError, match="positive sizes"):
        pps_systematic_sample(_communes().assign(population=0), 2)
