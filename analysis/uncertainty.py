"""Intervals for composite indices from respondent-level statistics.

The variance of a mean of item proportions comes from :mod:`analysis.respondent`
(co-counts) or, with answer patterns, from each respondent's linearised score, which also
tells how many respondents the variance really rests on (its degrees of freedom).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import special, stats

from analysis._checks import COUNT, require_columns
from analysis.respondent import (
    CoCounts,
    align_groups,
    aligned_co_counts,
    composite_variance,
    pattern_indicators,
    proportion_covariance,
)

__all__ = ["excess_dof", "pattern_moments", "respondent_interval", "variance_interval"]


def variance_interval(
    estimate: np.ndarray,
    variance: np.ndarray | None,
    *,
    n_floor: np.ndarray,
    n_cap: np.ndarray,
    z: np.ndarray | float,
    n_eff: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Wilson interval on the effective number of answers, bounds as proportions.

    n_eff = I (1 − I) / Var(I) (Kish's effective sample size) unless given, capped at
    ``n_cap`` (the composite's answers in all); where it is undefined (Var(I) = 0, the
    index at 0 or 1) it is ``n_floor`` (the fewest answers behind an item), so the
    bound is one-sided and real.
    """
    est = np.asarray(estimate, dtype=np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        if n_eff is None:
            var = np.asarray(variance, dtype=np.float64)
            n_eff = np.where(var > 0, est * (1 - est) / np.maximum(var, 1e-300), np.nan)
        n_eff = np.where(np.isfinite(n_eff) & (n_eff > 0), n_eff, n_floor)
        n_eff = np.minimum(n_eff, np.maximum(n_cap, n_floor))
        n_eff = np.where(n_eff > 0, n_eff, np.nan)
        z2 = z * z
        denom = 1 + z2 / n_eff
        centre = (est + z2 / (2 * n_eff)) / denom
        half = z * np.sqrt(est * (1 - est) / n_eff + z2 / (4 * n_eff**2)) / denom
    low = np.where(est <= 0, 0.0, np.clip(centre - half, 0.0, 1.0))
    high = np.where(est >= 1, 1.0, np.clip(centre + half, 0.0, 1.0))
    return low, high


def pattern_moments(
    patterns: pd.DataFrame,
    groups: pd.DataFrame,
    *,
    by: Sequence[str],
    questions: Sequence[str],
    scale: Sequence[int],
    positive: frozenset[int],
    weights: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Variance and its degrees of freedom for each composite, from answer patterns.

    Each respondent r contributes the linearised score
    d_r = Σ_j w_j a_rj (s_rj − p̂_j) / n_j; then Var(I) = n/(n − 1) Σ_r d_r² (the same
    estimate as the co-count formula) and the variance rests on about
    ν = (Σ_r d_r²)² / Σ_r d_r⁴ respondents (Satterthwaite's effective degrees of
    freedom, ν = 2 / (Σ_r d_r⁴ / (Σ_r d_r²)² − 1/N) for N respondents: few when a
    handful of unhappy respondents carry the whole variance, as happens near 100 %
    with correlated answers). Returns ``(var, df, has)`` with shapes
    (G, K), (G, K) and (G,), ``has`` False for groups absent from the patterns.
    """
    by = list(by)
    require_columns(patterns, [*by, COUNT], what="patterns")
    qs = list(questions)
    weight, answered, satisfied = pattern_indicators(patterns, qs, scale, positive)
    rows = align_groups(patterns[by], groups, by) if by else np.zeros(len(patterns), dtype=np.int64)
    keep = rows >= 0
    rows, weight = rows[keep], weight[keep]
    answered, satisfied = answered[keep], satisfied[keep]
    ng = len(groups)
    n = np.zeros((ng, len(qs)))
    k = np.zeros((ng, len(qs)))
    np.add.at(n, rows, answered * weight[:, None])
    np.add.at(k, rows, satisfied * answered * weight[:, None])
    people = np.bincount(rows, weights=weight, minlength=ng)
    p = np.where(n > 0, k / np.maximum(n, 1), 0.0)
    scaled = answered * (satisfied - p[rows]) / np.maximum(n[rows], 1)
    d = scaled @ weights.T  # (patterns, K)
    second = np.zeros((ng, weights.shape[0]))
    fourth = np.zeros_like(second)
    np.add.at(second, rows, weight[:, None] * d**2)
    np.add.at(fourth, rows, weight[:, None] * d**4)
    with np.errstate(invalid="ignore", divide="ignore"):
        var = second * np.where(people > 1, people / np.maximum(people - 1, 1), 1.0)[:, None]
        # Var(Σ d²) ≈ (κ − 1) σ⁴ / N for N respondents with kurtosis κ, so the
        # variance carries ν = 2 / (κ/N − 1/N) = 2 / (Σd⁴/(Σd²)² − 1/N) degrees of freedom.
        excess = fourth / second**2 - 1 / people[:, None]
        df = np.where((fourth > 0) & (excess > 0), 2 / excess, np.inf)
    return var, df, people > 0


def excess_dof(df: np.ndarray, estimate: np.ndarray, n_answers: np.ndarray) -> np.ndarray:
    """Degrees of freedom of the part of a variance's instability that a binomial count
    of the same answers would not have (∞ where there is none).

    Notes
    -----
    By Satterthwaite, a variance estimate on ν degrees of freedom has relative variance
    Var(V̂)/V² = 2/ν. For N independent answers at rate I (Bernoulli kurtosis
    κ = (1 − 3g)/g, g = I(1 − I)) it is (κ − 1)/N, so a binomial count's variance
    carries ν_B = 2N/(κ − 1) = 2Ng/(1 − 4g). Wilson's score interval already accounts
    for that part (it takes the variance at the hypothesised rate, not the estimate's),
    so only the rest is left to Student's t:
    1/ν* = 1/ν − 1/ν_B, and ν* = ∞ (the normal quantile) where that is not positive.
    Answers that behave as independent ones therefore get Wilson's interval on all the
    composite's answers, whose coverage swings around 95 % with the count's
    discreteness (0.94 at 300 answers and 97 %); answers that move together (one
    unhappy respondent failing many items) keep the t correction. Adding the binomial
    part on top of Wilson made a three-item factor near 97 % over-cover (0.97-0.98 at
    100 respondents, ``bench/bench_statistics.py``).
    """
    est = np.asarray(estimate, dtype=np.float64)
    g = est * (1 - est)
    with np.errstate(invalid="ignore", divide="ignore"):
        binomial = np.where(g > 0, (1 - 4 * g) / (2 * np.maximum(n_answers, 1) * g), 0.0)
        inverse = np.where(np.isfinite(df), 1 / df, 0.0) - binomial
        # Rounding leaves ±1e-17 where the two parts are equal (a single item): that is none.
        return np.where(inverse > 1e-12, 1 / inverse, np.inf)


def respondent_interval(
    patterns: pd.DataFrame | CoCounts,
    groups: pd.DataFrame,
    *,
    by: Sequence[str],
    questions: Sequence[str],
    scale: Sequence[int],
    positive: frozenset[int],
    weights: np.ndarray,
    estimate: np.ndarray,
    n_min: np.ndarray,
    n_answers: np.ndarray,
    confidence_z: float,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Bounds (proportions) of each composite from respondent-level statistics.

    Wilson's interval on n_eff = I(1 − I)/Var(I). From answer patterns the normal
    quantile z is replaced by Student's t on the degrees of freedom of the variance
    beyond a binomial count's (:func:`excess_dof`), Korn and Graubard's correction for
    a variance that rests on few respondents; from co-counts (no fourth moments) z is
    kept. Returns ``(low, high, has)``.
    """
    z: np.ndarray | float = confidence_z
    if isinstance(patterns, CoCounts) or {"question_a", "question_b"} <= set(patterns.columns):
        cc, has = aligned_co_counts(
            patterns, groups, by=by, questions=questions, scale=scale, positive=positive
        )
        var = composite_variance(proportion_covariance(cc), weights)
    else:
        var, df, has = pattern_moments(
            patterns,
            groups,
            by=by,
            questions=questions,
            scale=scale,
            positive=positive,
            weights=weights,
        )
        level = special.ndtr(confidence_z)
        dof = excess_dof(df, estimate, n_answers)
        dof = np.where(np.isfinite(dof), np.maximum(dof, 1.0), np.inf)
        z = np.where(np.isfinite(dof), stats.t.ppf(level, np.minimum(dof, 1e6)), confidence_z)
    low, high = variance_interval(estimate, var, n_floor=n_min, n_cap=n_answers, z=z)
    return low, high, has
