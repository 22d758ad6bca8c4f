"""Change: each index period over period, with Benjamini–Hochberg across the tests.

Items and composites are tested the same way. An index is a weighted mean of item
proportions, Σ wᵢ p̂ᵢ, so the difference between two independent samples (two periods)
is Δ = Σ wᵢ (p̂ᵢ₂ − p̂ᵢ₁), and under "no change"
Var(Δ) = Σ wᵢ² p̄ᵢ(1 − p̄ᵢ)(1/nᵢ₁ + 1/nᵢ₂) with p̄ᵢ the pooled proportion. z = Δ / √Var
is referred to the normal distribution. For one item this is exactly the pooled
two-proportion z-test (the 2 × 2 chi-square without continuity correction); for a
composite it is the variance a parametric bootstrap would estimate by simulation,
computed exactly. Cells resting on fewer than ``min_n`` answers on either side are not
tested, which also keeps the normal approximation sound. With answer patterns the
variance adds the covariance between one person's answers (see :func:`period_change`).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import special

from analysis._cells import min_answers, satisfaction_cells, tile_groups
from analysis._checks import as_columns
from analysis.counts import as_counts
from analysis.method import SipasMethod, index_structure
from analysis.periods import previous_periods
from analysis.respondent import (
    CoCounts,
    aligned_co_counts,
    composite_variance,
    person_covariance,
    scaled_covariance,
)

__all__ = ["benjamini_hochberg", "period_change"]

ALL_LEVELS = ("item", "factor", "policy", "index")


def benjamini_hochberg(pvalues: object) -> np.ndarray:
    """Benjamini–Hochberg adjusted p-values; NaN entries stay NaN and are not counted.

    Notes
    -----
    With the m p-values sorted, p₍ᵢ₎ is adjusted to min over j ≥ i of m p₍ⱼ₎ / j,
    capped at 1. Rejecting where the adjusted value is below q controls the false
    discovery rate at q for independent or positively dependent tests.

    Examples
    --------
    >>> benjamini_hochberg([0.01, 0.04, np.nan, 0.03]).round(3).tolist()
    [0.03, 0.04, nan, 0.04]
    """
    p = np.asarray(pvalues, dtype=np.float64)
    ok = ~np.isnan(p)
    if np.any((p[ok] < 0) | (p[ok] > 1)):
        raise ValueError("p-values must lie in [0, 1]")
    out = np.full(p.shape, np.nan)
    q = p[ok]
    m = q.size
    if m == 0:
        return out
    order = np.argsort(q)[::-1]
    scaled = q[order] * m / np.arange(m, 0, -1)
    adjusted = np.empty(m)
    adjusted[order] = np.minimum(np.minimum.accumulate(scaled), 1.0)
    out[ok] = adjusted
    return out


def _linear_test(
    n1: np.ndarray,
    k1: np.ndarray,
    n2: np.ndarray,
    k2: np.ndarray,
    weights: np.ndarray,
    *,
    variance: np.ndarray | None = None,
) -> dict[str, np.ndarray]:
    """Second minus first sample for each weighted mean of proportions, with z and p.

    ``variance`` (G, K) replaces the independent-items variance where it is not NaN.
    """
    support = (weights != 0).T.astype(np.int64)
    # Each side's index exists when all its items have answers; the test needs both.
    nan1 = np.where((n1 == 0) @ support == 0, 1.0, np.nan)
    nan2 = np.where((n2 == 0) @ support == 0, 1.0, np.nan)
    with np.errstate(invalid="ignore", divide="ignore"):
        p1 = np.where(n1 > 0, k1 / np.maximum(n1, 1), 0.0)
        p2 = np.where(n2 > 0, k2 / np.maximum(n2, 1), 0.0)
        pooled = (k1 + k2) / np.maximum(n1 + n2, 1)
        inv = np.where((n1 > 0) & (n2 > 0), 1 / np.maximum(n1, 1) + 1 / np.maximum(n2, 1), 0.0)
        first, second = p1 @ weights.T, p2 @ weights.T
        var = (pooled * (1 - pooled) * inv) @ (weights**2).T
        if variance is not None:
            var = np.where(np.isnan(variance), var, variance)
        diff = second - first
        z = np.where(var > 0, diff / np.sqrt(var), 0.0)
    p = special.erfc(np.abs(z) / np.sqrt(2))  # two-sided normal p-value
    both = nan1 * nan2
    return {"first": first * nan1, "second": second * nan2, "z": z * both, "p": p * both}


def pooled_change_variance(first: CoCounts, second: CoCounts, weights: np.ndarray) -> np.ndarray:
    """Var(second − first) of each composite under "no change", (G, K).

    One person's covariance is pooled over both samples and centred on pooled rates.
    """
    pooled = CoCounts(
        first.groups,
        first.questions,
        first.n_both + second.n_both,
        first.k_first + second.k_first,
        first.k_both + second.k_both,
    )
    per_person = person_covariance(pooled)
    cov = scaled_covariance(per_person, pooled.n_both, first.n_both, first.item_n())
    cov = cov + scaled_covariance(per_person, pooled.n_both, second.n_both, second.item_n())
    return composite_variance(cov, weights)


def _pattern_change_variance(
    patterns: pd.DataFrame | CoCounts,
    groups: pd.DataFrame,
    *,
    keys: list[str],
    questions: tuple[str, ...],
    method: SipasMethod,
    old: np.ndarray,
    cur: np.ndarray,
    weights: np.ndarray,
) -> np.ndarray:
    cc, has = aligned_co_counts(
        patterns, groups, by=keys, questions=questions, scale=method.scale, positive=method.positive
    )

    def rows(idx: np.ndarray) -> CoCounts:
        return CoCounts(
            groups.iloc[idx], questions, cc.n_both[idx], cc.k_first[idx], cc.k_both[idx]
        )

    var = pooled_change_variance(rows(old), rows(cur), weights)
    var[~(has[old] & has[cur])] = np.nan
    return var


def _check_alpha(alpha: float) -> None:
    if not 0 < alpha < 1:
        raise ValueError(f"alpha must lie strictly between 0 and 1, got {alpha}")


def _results(
    keys: pd.DataFrame,
    comp: pd.DataFrame,
    test: dict[str, np.ndarray],
    *,
    n_first: np.ndarray,
    n_second: np.ndarray,
    names: tuple[str, str, str, str],
    method: SipasMethod,
    alpha: float,
) -> pd.DataFrame:
    out = tile_groups(keys, len(comp))
    for col in ("level", "family", "component"):
        out[col] = np.tile(comp[col].to_numpy(dtype=object), len(keys))
    tested = (
        (n_first.ravel() >= method.min_n)
        & (n_second.ravel() >= method.min_n)
        & ~np.isnan(test["p"].ravel())
    )
    first_name, second_name, nf_name, ns_name = names
    out[nf_name] = n_first.ravel()
    out[ns_name] = n_second.ravel()
    out[first_name] = 100 * test["first"].ravel()
    out[second_name] = 100 * test["second"].ravel()
    out["difference"] = out[second_name] - out[first_name]
    out["z"] = np.where(tested, test["z"].ravel(), np.nan)
    out["p_value"] = np.where(tested, test["p"].ravel(), np.nan)
    out["tested"] = tested
    # Components nobody answered on either side are not rows at all.
    out = out.loc[(n_first.ravel() > 0) | (n_second.ravel() > 0)].reset_index(drop=True)
    out.insert(len(out.columns) - 1, "p_adjusted", benjamini_hochberg(out["p_value"].to_numpy()))
    out["significant"] = out["p_adjusted"].lt(alpha).to_numpy()
    return out


def period_change(
    data: pd.DataFrame,
    items: pd.DataFrame,
    unit: str | Sequence[str] | None,
    period: str,
    *,
    method: SipasMethod | None = None,
    levels: Sequence[str] = ALL_LEVELS,
    latest_only: bool = False,
    alpha: float = 0.05,
    patterns: pd.DataFrame | CoCounts | None = None,
) -> pd.DataFrame:
    """Test every index cell against the same cell in the previous period.

    Parameters
    ----------
    data : DataFrame
        Counts or raw answers with the ``unit`` columns and ``period``.
    items : DataFrame
        Item metadata.
    unit : str or list of str, optional
        Unit columns (e.g. "centre"); none compares the province as a whole.
    period : str
        Period column; see :func:`analysis.periods.previous_periods` for "previous".
    method : SipasMethod, optional
        Formulas and ``min_n``.
    levels : sequence of str
        Which of item, factor, policy and index rows to test. All rows returned form
        one Benjamini–Hochberg family, so pick the rows you will act on.
    latest_only : bool
        Only compare the last period with the one before.
    alpha : float
        False discovery rate for ``significant``.
    patterns : DataFrame or CoCounts, optional
        Answer patterns (or co-counts) per unit and period, see
        :func:`analysis.respondent.co_counts`: composites are then tested with the
        respondent-level variance of the Notes. Cells the patterns lack keep the
        independent-items variance.

    Returns
    -------
    DataFrame
        ``*unit, period, previous_period, level, family, component, n_previous,
        n_current, previous, current, difference, z, p_value, p_adjusted, tested,
        significant``. Units absent in the previous period are left out.

    Notes
    -----
    Two-sided z-test of the module docstring; p-values adjusted by Benjamini–Hochberg
    over every tested row. With ``patterns`` the variance under "no change" is
    Var(Δ) = Σ_t wᵀ C_t w over the two periods t, C_t,jl = n_t,jl c̄_jl / (n_t,j n_t,l),
    with c̄_jl the covariance of one person's satisfied indicators on j and l, pooled
    over both periods and centred on the pooled rates (the diagonal gives back
    p̄(1 − p̄)(1/n₁ + 1/n₂), the pooled two-proportion test, for a single item).

    Examples
    --------
    >>> items = pd.DataFrame({"question": ["staff.general"], "family": ["service"],
    ...                       "factor": ["staff"]})
    >>> counts = pd.DataFrame({"week": ["w1", "w1", "w2", "w2"],
    ...                        "question": ["staff.general"] * 4,
    ...                        "value": [5, 1, 5, 1], "n": [90, 10, 60, 40]})
    >>> res = period_change(counts, items, None, "week", levels=["item"])
    >>> res[["previous", "current", "significant"]]
       previous  current  significant
    0      90.0     60.0         True
    """
    method = method or SipasMethod()
    _check_alpha(alpha)
    units = as_columns(unit, what="unit")
    if not isinstance(period, str) or period in units:
        raise ValueError("period must be one column name, not among the unit columns")
    keys = [*units, period]
    counts = as_counts(data, keys)
    structure = index_structure(items, method)
    comp, weights = structure.with_items(tuple(levels))
    cells = satisfaction_cells(counts, keys, structure.questions, method.scale, method.positive)
    groups = cells.groups.assign(_row=np.arange(len(cells.groups)))
    prev = previous_periods(counts[period])
    groups["_prev"] = groups[period].astype(object).map(prev)
    if latest_only and prev:
        groups = groups.loc[groups[period].astype(object) == list(prev)[-1]]
    lookup = cells.groups[keys].assign(_prev_row=np.arange(len(cells.groups)))
    lookup = lookup.rename(columns={period: "_prev"}).astype({"_prev": object})
    pairs = groups.dropna(subset=["_prev"]).astype({"_prev": object})
    pairs = pairs.merge(lookup, on=[*units, "_prev"], how="inner")
    cur, old = pairs["_row"].to_numpy(), pairs["_prev_row"].to_numpy()
    variance = None
    if patterns is not None:
        variance = _pattern_change_variance(
            patterns,
            cells.groups,
            keys=keys,
            questions=structure.questions,
            method=method,
            old=old,
            cur=cur,
            weights=weights,
        )
    test = _linear_test(
        cells.n[old], cells.k[old], cells.n[cur], cells.k[cur], weights, variance=variance
    )
    keys_frame = pairs[keys].assign(previous_period=pairs["_prev"].to_numpy())
    names = ("previous", "current", "n_previous", "n_current")
    n_old, n_cur = min_answers(cells.n[old], weights), min_answers(cells.n[cur], weights)
    return _results(
        keys_frame,
        comp,
        test,
        n_first=n_old,
        n_second=n_cur,
        names=names,
        method=method,
        alpha=alpha,
    )
