"""Uncertainty: Wilson intervals for item indices, a parametric bootstrap for composites."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Literal

import numpy as np
from scipy import special

from analysis._checks import RngLike, as_rng, positive_int, z_value

__all__ = ["Interval", "binomial_draws", "bootstrap_interval", "wilson_interval"]

# A cell whose binomial variance n p (1 - p) reaches this is drawn by the Cornish-Fisher
# quantile (see binomial_draws); below it numpy's exact sampler is used.
CF_MIN_VARIANCE = 10.0
# Bootstrap work is done this many draws at a time, so memory stays flat and each
# block stays in cache; fixed, so results never depend on how the work is split.
_BLOCK_DRAWS = 1 << 18
_UNIFORM_BITS = 16


@cache
def _normal_quantiles() -> np.ndarray:
    """Φ⁻¹((j + ½) / 2¹⁶) for j = 0 … 2¹⁶ − 1: normal draws from 16 random bits."""
    levels = (np.arange(1 << _UNIFORM_BITS) + 0.5) / (1 << _UNIFORM_BITS)
    return special.ndtri(levels).astype(np.float32)


@dataclass(frozen=True)
class Interval:
    """Lower and upper bounds of a confidence interval (proportions, 0 to 1)."""

    low: np.ndarray
    high: np.ndarray
    confidence: float
    method: str


def wilson_interval(successes: object, trials: object, *, confidence: float = 0.95) -> Interval:
    """Wilson score interval for binomial proportions.

    Parameters
    ----------
    successes, trials : array_like of int
        Satisfied answers ``k`` and answers on the scale ``n`` (same shape).
    confidence : float
        Coverage, default 0.95.

    Returns
    -------
    Interval
        Bounds as proportions; NaN where ``n`` is 0.

    Notes
    -----
    With p̂ = k/n and z the normal quantile,
    centre = (p̂ + z²/2n) / (1 + z²/n) and
    half-width = z / (1 + z²/n) × sqrt(p̂(1 − p̂)/n + z²/4n²).
    Unlike the Wald interval it stays inside [0, 1] and keeps close to nominal
    coverage at 80-95 % satisfaction with modest n.

    Examples
    --------
    >>> ci = wilson_interval(8, 10)
    >>> round(float(ci.low), 4), round(float(ci.high), 4)
    (0.4902, 0.9433)
    """
    z = z_value(confidence)
    k = np.asarray(successes, dtype=np.float64)
    n = np.asarray(trials, dtype=np.float64)
    if k.shape != n.shape:
        raise ValueError("successes and trials must have the same shape")
    if np.any(n < 0) or np.any(k < 0) or np.any(k > n):
        raise ValueError("need 0 <= successes <= trials")
    with np.errstate(invalid="ignore", divide="ignore"):
        p = k / n
        z2n = z * z / n
        centre = (p + z2n / 2) / (1 + z2n)
        half = z / (1 + z2n) * np.sqrt(p * (1 - p) / n + z2n / (4 * n))
        low = np.where(n > 0, np.clip(centre - half, 0.0, 1.0), np.nan)
        high = np.where(n > 0, np.clip(centre + half, 0.0, 1.0), np.nan)
    # At p̂ = 0 or 1 the formula gives the bound to rounding error; make it exact.
    low = np.where((k == 0) & (n > 0), 0.0, low)
    high = np.where((k == n) & (n > 0), 1.0, high)
    return Interval(low, high, confidence, "wilson")


def binomial_draws(
    trials: np.ndarray,
    p: np.ndarray,
    replicates: int,
    rng: np.random.Generator,
    *,
    draws: Literal["auto", "exact"] = "auto",
) -> np.ndarray:
    """Replicate proportions K*/n with K* ~ Binomial(n, p), shape ``(cells, replicates)``.

    Notes
    -----
    ``draws="exact"`` calls ``Generator.binomial`` (about 80 ns a draw). ``"auto"`` does
    so only where n p (1 − p) < 10; elsewhere it samples by inverting the binomial
    distribution function, approximated by its second-order Cornish-Fisher expansion:
    K* = ceil(n p − ½ + σ w(z)), σ² = n p (1 − p),
    w = z + γ₁(z² − 1)/6 + γ₂(z³ − 3z)/24 − γ₁²(2z³ − 5z)/36,
    γ₁ = (1 − 2p)/σ, γ₂ = (1 − 6p(1 − p))/σ², clipped to [0, n], with
    z = Φ⁻¹((j + ½)/2¹⁶) for 16 uniform random bits j. Checked against
    ``scipy.stats.binom.ppf`` on every level for n ≤ 20000, p in 0.02 … 0.98 and
    n p (1 − p) ≥ 10, the draw is never off by more than one answer and is exact for
    at least 98.9 % of levels (99.6 % on average; the worst cases sit at the threshold);
    16-bit levels cut the normal at ±4.3 (mass 2⁻¹⁶), which a percentile interval never
    reaches. It costs about 3 ns a draw against 80, which is what lets a weekly
    province-wide table (17 million draws) be bootstrapped in a tenth of a second.

    Examples
    --------
    >>> draws = binomial_draws(np.array([200]), np.array([0.85]), 4000,
    ...                        np.random.default_rng(1))
    >>> draws.shape, round(float(draws.mean()), 2)
    ((1, 4000), 0.85)
    """
    replicates = positive_int(replicates, name="replicates")
    n = np.asarray(trials, dtype=np.float64).ravel()
    prob = np.asarray(p, dtype=np.float64).ravel()
    out = np.empty((n.size, replicates), dtype=np.float32)
    var = n * prob * (1 - prob)
    exact = np.ones(n.size, bool) if draws == "exact" else var < CF_MIN_VARIANCE
    if draws not in ("auto", "exact"):
        raise ValueError("draws must be 'auto' or 'exact'")
    if exact.any():
        ne, pe = n[exact], prob[exact]
        sample = rng.binomial(ne.astype(np.int64)[:, None], pe[:, None], (ne.size, replicates))
        out[exact] = sample / np.maximum(ne, 1)[:, None]
    approx = np.flatnonzero(~exact)
    if approx.size:
        na, pa = n[approx], prob[approx]
        sd = np.sqrt(var[approx])
        g1, g2 = (1 - 2 * pa) / sd, (1 - 6 * pa * (1 - pa)) / (sd * sd)
        # K* = m + d with m = floor(n p): d is small, so float32 keeps whole-answer accuracy.
        m = np.floor(na * pa)
        # σ w(z) + n p − m − ½ as a cubic c3 z³ + c2 z² + c1 z + c0.
        c3 = (sd * (g2 / 24 - g1 * g1 / 18)).astype(np.float32)[:, None]
        c2 = (sd * g1 / 6).astype(np.float32)[:, None]
        c1 = (sd * (1 - g2 / 8 + 5 * g1 * g1 / 36)).astype(np.float32)[:, None]
        c0 = (na * pa - m - 0.5 - sd * g1 / 6).astype(np.float32)[:, None]
        low, high = (-m).astype(np.float32)[:, None], (na - m).astype(np.float32)[:, None]
        inv_n = (1 / na).astype(np.float32)[:, None]
        base = (m / na).astype(np.float32)[:, None]
        size = approx.size * replicates
        bits = rng.bit_generator.random_raw(-(-size // 4)).view(np.uint16)[:size]
        z = _normal_quantiles()[bits.reshape(approx.size, replicates)]
        w = c3 * z
        w += c2
        w *= z
        w += c1
        w *= z
        w += c0
        np.ceil(w, out=w)
        np.maximum(w, low, out=w)  # two passes beat np.clip's general path threefold
        np.minimum(w, high, out=w)
        w *= inv_n
        w += base
        out[approx] = w
    return out


def _percentiles(reps: np.ndarray, alpha: float) -> tuple[np.ndarray, np.ndarray]:
    """alpha/2 and 1 - alpha/2 quantiles along the last axis (numpy's "linear" rule)."""
    r = reps.shape[-1]
    ordered = np.sort(reps, axis=-1)  # a SIMD sort beats partition for float32 rows
    out = []
    for q in (alpha / 2, 1 - alpha / 2):
        pos = q * (r - 1)
        lo = int(np.floor(pos))
        hi = min(lo + 1, r - 1)
        frac = pos - lo
        out.append(ordered[..., lo] * (1 - frac) + ordered[..., hi] * frac)
    return out[0], out[1]


def bootstrap_interval(
    trials: np.ndarray,
    successes: np.ndarray,
    weights: np.ndarray,
    *,
    confidence: float = 0.95,
    replicates: int = 1000,
    rng: RngLike = None,
    draws: Literal["auto", "exact"] = "auto",
) -> Interval:
    """Parametric bootstrap percentile interval for weighted means of proportions.

    Parameters
    ----------
    trials, successes : ndarray, shape (G, I)
        ``n`` and ``k`` per group and item.
    weights : ndarray, shape (K, I)
        Composite j of group g is ``sum_i weights[j, i] × k[g, i] / n[g, i]``.
    confidence : float
        Coverage of the percentile interval.
    replicates : int
        Bootstrap replicates. With 1000, the Monte Carlo error of a bound is about 0.15
        index points (one standard error) for a service index of five items with 100
        answers each, against a half-width near 3 points.
    rng : Generator or int, optional
        Seed or generator; fix it for reproducible intervals.
    draws : {"auto", "exact"}
        How binomial replicates are drawn; see :func:`binomial_draws`.

    Returns
    -------
    Interval
        ``(G, K)`` bounds as proportions; NaN where an item of the composite has no answer.

    Notes
    -----
    Each item count is redrawn as K*_gi ~ Binomial(n_gi, k_gi / n_gi), independently
    across items and groups; the composite is recomputed from the redrawn proportions
    and the α/2 and 1 − α/2 percentiles of the replicates are the interval. Items are
    treated as independent although the same people answer them; with positively
    correlated items this makes the interval somewhat too narrow.

    Examples
    --------
    >>> n = np.array([[100, 100]]); k = np.array([[80, 90]])
    >>> ci = bootstrap_interval(n, k, np.array([[0.5, 0.5]]), rng=1)
    >>> bool(ci.low[0, 0] < 0.85 < ci.high[0, 0])
    True
    """
    z_value(confidence)
    gen = as_rng(rng)
    n = np.asarray(trials, dtype=np.int64)
    k = np.asarray(successes, dtype=np.int64)
    w = np.asarray(weights, dtype=np.float64)
    if n.ndim != 2 or n.shape != k.shape or w.ndim != 2 or w.shape[1] != n.shape[1]:
        raise ValueError("trials and successes must be (G, I) and weights (K, I)")
    if np.any(k < 0) or np.any(k > n):
        raise ValueError("need 0 <= successes <= trials")
    groups = n.shape[0]
    low = np.full((groups, w.shape[0]), np.nan)
    high = np.full_like(low, np.nan)
    used = np.flatnonzero((w != 0).any(axis=0))
    defined = ~((n[:, used] == 0) @ (w[:, used] != 0).T.astype(int)).astype(bool)
    rows = np.flatnonzero(defined.any(axis=1))
    if rows.size == 0 or used.size == 0:
        return Interval(low, high, confidence, "bootstrap")
    wu = w[:, used].astype(np.float32)
    step = max(1, _BLOCK_DRAWS // (replicates * used.size))
    for start in range(0, rows.size, step):
        block = rows[start : start + step]
        nb, kb = n[np.ix_(block, used)], k[np.ix_(block, used)]
        p = kb / np.maximum(nb, 1)
        reps = binomial_draws(nb, p, replicates, gen, draws=draws)
        reps = reps.reshape(block.size, used.size, replicates)
        comp = np.matmul(wu, reps)  # (block, K, R)
        lo, hi = _percentiles(comp, 1 - confidence)
        low[block], high[block] = lo, hi
    low[~defined] = np.nan
    high[~defined] = np.nan
    return Interval(low, high, confidence, "bootstrap")
