"""Sampling helpers for the province's own SIPAS survey (sipas.md section 4)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from analysis._checks import RngLike, as_rng, positive_int, require_columns

__all__ = ["pps_systematic_sample", "yamane_sample_size"]


def yamane_sample_size(population: int, margin: float = 0.05) -> int:
    """Yamane's sample size for a population of ``population`` people.

    Notes
    -----
    n = N / (1 + N e²), rounded up. It is the simple-random-sampling size for a
    proportion near 50 % at 95 % confidence, roughly; a multi-stage design needs
    more (times the design effect).

    Examples
    --------
    >>> yamane_sample_size(800_000)
    400
    >>> yamane_sample_size(1000, margin=0.03)
    527
    """
    population = positive_int(population, name="population")
    if not 0 < margin < 1:
        raise ValueError(f"margin must lie strictly between 0 and 1, got {margin}")
    # Round before ceil so float noise (e.g. 399.80000000001) does not add one.
    return math.ceil(round(population / (1 + population * margin**2), 9))


def pps_systematic_sample(
    frame: pd.DataFrame,
    size: int,
    *,
    population: str = "population",
    rng: RngLike = None,
) -> pd.DataFrame:
    """Draw units (communes) with probability proportional to size, systematically.

    Parameters
    ----------
    frame : DataFrame
        The sampling frame, one row per unit, in the order to sweep; sort it by
        district or geography first for implicit stratification.
    size : int
        Units to draw.
    population : str
        Column of unit sizes (positive numbers).
    rng : Generator or int, optional
        Seed the random start for a reproducible draw.

    Returns
    -------
    DataFrame
        The selected rows (frame order) plus ``inclusion_probability``, ``weight``
        (its inverse, the base design weight) and ``certainty`` (taken for its size).

    Notes
    -----
    πᵢ = n Mᵢ / Σ M. A unit with πᵢ ≥ 1 is taken with certainty and the rest is
    re-computed without it, until every remaining πᵢ < 1. Then, with interval
    k = Σ M / n' and a random start u ~ U(0, k), the unit whose cumulative-size range
    holds u + j k (j = 0 … n' − 1) is drawn; each unit is drawn at most once and with
    probability exactly πᵢ.

    Examples
    --------
    >>> communes = pd.DataFrame({"commune": list("ABCDEF"),
    ...                          "population": [12000, 3000, 5000, 800, 9000, 2200]})
    >>> pick = pps_systematic_sample(communes, 3, rng=7)
    >>> len(pick), bool(pick["weight"].ge(1).all())
    (3, True)
    """
    require_columns(frame, [population], what="frame")
    size = positive_int(size, name="size")
    sizes = pd.to_numeric(frame[population]).to_numpy(dtype=np.float64)
    if np.isnan(sizes).any() or (sizes <= 0).any():
        raise ValueError(f"column {population!r} must hold positive sizes")
    if size > len(frame):
        raise ValueError(f"cannot draw {size} units from a frame of {len(frame)}")
    gen = as_rng(rng)
    certain = np.zeros(len(frame), dtype=bool)
    while True:
        rest = ~certain
        remaining = size - int(certain.sum())
        if remaining == 0:
            prob = certain.astype(np.float64)
            break
        prob = np.where(rest, remaining * sizes / sizes[rest].sum(), 1.0)
        newly = rest & (prob >= 1)
        if not newly.any():
            break
        certain |= newly
    chosen = certain.copy()
    if remaining > 0:
        idx = np.flatnonzero(~certain)
        cum = np.cumsum(sizes[idx])
        step = cum[-1] / remaining
        points = gen.uniform(0, step) + step * np.arange(remaining)
        hit = np.searchsorted(cum, points, side="right")
        chosen[idx[np.minimum(hit, idx.size - 1)]] = True
    prob = np.where(certain, 1.0, prob)
    out = frame.loc[chosen].copy()
    out["inclusion_probability"] = prob[chosen]
    out["weight"] = 1 / prob[chosen]
    out["certainty"] = certain[chosen]
    return out
