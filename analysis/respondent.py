"""Respondent-level statistics: answer patterns, item co-counts and composite variances.

Counts per item are enough for an item's index, not for the uncertainty of a composite:
one person's answers move together. The covariance between two item proportions needs,
per group and pair of items, four counts that still aggregate in SQL: how many answered
both (``n_both``), how many of those were satisfied on the first (``k_a``), on the second
(``k_b``) and on both (``k_both``). A short questionnaire (the five-factor pulse) gives
them from the count of each answer pattern; a long one can give them directly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis._cells import group_codes
from analysis._checks import COUNT, as_columns, counts_column, numeric_values, require_columns

__all__ = ["CoCounts", "co_counts", "pattern_counts"]

_COCOUNT_COLUMNS = ("question_a", "question_b", "n_both", "k_a", "k_b", "k_both")


@dataclass(frozen=True)
class CoCounts:
    """Per group and item pair: answered both, satisfied on each, satisfied on both.

    Arrays have shape ``(G, I, I)``; ``k_first[g, j, l]`` counts those who answered
    both j and l and were satisfied on j. The diagonal holds the item counts
    (``n_both[g, j, j]`` = n_j, ``k_first[g, j, j]`` = ``k_both[g, j, j]`` = k_j).
    """

    groups: pd.DataFrame
    questions: tuple[str, ...]
    n_both: np.ndarray
    k_first: np.ndarray
    k_both: np.ndarray

    def rates(self) -> np.ndarray:
        """Item rates k_j / n_j, shape (G, I); 0 where nobody answered."""
        n = np.diagonal(self.n_both, axis1=1, axis2=2)
        k = np.diagonal(self.k_first, axis1=1, axis2=2)
        return np.where(n > 0, k / np.maximum(n, 1), 0.0)

    def item_n(self) -> np.ndarray:
        return np.diagonal(self.n_both, axis1=1, axis2=2).copy()

    def item_k(self) -> np.ndarray:
        return np.diagonal(self.k_first, axis1=1, axis2=2).copy()


def _pattern_columns(
    patterns: pd.DataFrame, by: list[str], questions: Sequence[str] | None
) -> list[str]:
    if questions is None:
        return [c for c in patterns.columns if c not in (*by, COUNT)]
    return [q for q in questions if q in patterns.columns]


def pattern_indicators(
    patterns: pd.DataFrame,
    questions: Sequence[str],
    scale: Sequence[int],
    positive: frozenset[int],
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each pattern's weight (its respondents) and, per question, 0/1 answered and satisfied.

    A question missing from ``patterns`` counts as unanswered; a value off ``scale`` is a
    ValueError, never silently read as "not satisfied".
    """
    weight = counts_column(patterns[COUNT]).astype(np.float64)
    answered = np.zeros((len(patterns), len(questions)))
    satisfied = np.zeros_like(answered)
    for i, q in enumerate(questions):
        if q not in patterns.columns:
            continue
        values = numeric_values(patterns[q], what=f"patterns column {q!r}")
        ok = ~np.isnan(values)
        if (ok & ~np.isin(values, list(scale))).any():
            raise ValueError(f"patterns column {q!r} holds values off the scale {list(scale)}")
        answered[:, i] = ok
        satisfied[:, i] = ok & np.isin(values, list(positive))
    return weight, answered, satisfied


def _from_patterns(
    patterns: pd.DataFrame,
    by: list[str],
    questions: Sequence[str] | None,
    scale: Sequence[int],
    positive: frozenset[int],
) -> CoCounts:
    require_columns(patterns, [*by, COUNT], what="patterns")
    cols = _pattern_columns(patterns, by, questions)
    qs = tuple(questions) if questions is not None else tuple(cols)
    weight, answered, satisfied = pattern_indicators(patterns, qs, scale, positive)
    gcode, groups = group_codes(patterns, by)
    if not by and len(patterns) == 0:
        groups = pd.DataFrame(index=pd.RangeIndex(0))
    ng, ni = len(groups), len(qs)
    n_both = np.zeros((ng, ni, ni))
    k_first = np.zeros((ng, ni, ni))
    k_both = np.zeros((ng, ni, ni))
    # One matrix product per group: a few hundred patterns at most for the pulse.
    order = np.argsort(gcode, kind="stable")
    bounds = np.searchsorted(gcode[order], np.arange(ng + 1))
    for g in range(ng):
        rows = order[bounds[g] : bounds[g + 1]]
        a, s, w = answered[rows], satisfied[rows], weight[rows][:, None]
        n_both[g] = (a * w).T @ a
        k_first[g] = (s * w).T @ a
        k_both[g] = (s * w).T @ s
    return CoCounts(groups.reset_index(drop=True), qs, n_both, k_first, k_both)


def _from_cocounts(frame: pd.DataFrame, by: list[str], questions: Sequence[str] | None) -> CoCounts:
    require_columns(frame, [*by, *_COCOUNT_COLUMNS], what="co-counts")
    if questions is None:
        questions = sorted(
            set(frame["question_a"].astype(str)) | set(frame["question_b"].astype(str))
        )
    qs = tuple(questions)
    index = pd.Index(qs)
    qa = index.get_indexer(pd.Index(frame["question_a"].astype(str)))
    qb = index.get_indexer(pd.Index(frame["question_b"].astype(str)))
    keep = (qa >= 0) & (qb >= 0)
    sub = frame.loc[keep]
    qa, qb = qa[keep], qb[keep]
    gcode, groups = group_codes(sub, by)
    if not by and len(sub) == 0:
        groups = pd.DataFrame(index=pd.RangeIndex(0))
    ng, ni = len(groups), len(qs)
    arrays = {}
    for name in ("n_both", "k_a", "k_b", "k_both"):
        arrays[name] = counts_column(sub[name]).astype(np.float64)
    if np.any(arrays["k_both"] > np.minimum(arrays["k_a"], arrays["k_b"])) or np.any(
        np.maximum(arrays["k_a"], arrays["k_b"]) > arrays["n_both"]
    ):
        raise ValueError("co-counts need k_both <= k_a, k_b <= n_both")
    n_both = np.zeros((ng, ni, ni))
    k_first = np.zeros((ng, ni, ni))
    k_both = np.zeros((ng, ni, ni))
    # Each pair may be given once, in either order: fill both triangles.
    for first, second, swap in ((qa, qb, False), (qb, qa, True)):
        n_both[gcode, first, second] = arrays["n_both"]
        k_first[gcode, first, second] = arrays["k_b" if swap else "k_a"]
        k_both[gcode, first, second] = arrays["k_both"]
    return CoCounts(groups.reset_index(drop=True), qs, n_both, k_first, k_both)


def co_counts(
    patterns: pd.DataFrame,
    by: str | Sequence[str] | None = None,
    *,
    questions: Sequence[str] | None = None,
    scale: Sequence[int] = (1, 2, 3, 4, 5),
    positive: frozenset[int] = frozenset({4, 5}),
) -> CoCounts:
    """Respondent-level co-counts per group and item pair.

    Parameters
    ----------
    patterns : DataFrame
        Either answer patterns (``*by``, one column per question holding its answer
        value or NA, and ``n``, the responses with that pattern), or co-counts
        (``*by, question_a, question_b, n_both, k_a, k_b, k_both``; a pair ``(j, j)``
        gives item j's own n and k).
    by : str or list of str, optional
        Group columns.
    questions : sequence of str, optional
        Item order; default every question column (sorted keys for co-counts).
    scale, positive
        Satisfaction scale and the values counted as satisfied.

    Returns
    -------
    CoCounts

    Examples
    --------
    >>> pats = pd.DataFrame({"a": [5, 5, 1, None], "b": [4, 1, 1, 5], "n": [10, 5, 5, 2]})
    >>> cc = co_counts(pats)
    >>> cc.n_both[0].tolist(), cc.k_both[0].tolist()
    ([[20.0, 20.0], [20.0, 22.0]], [[15.0, 10.0], [10.0, 12.0]])
    """
    by = as_columns(by)
    if not isinstance(patterns, pd.DataFrame):
        raise ValueError("patterns must be a pandas DataFrame")
    if {"question_a", "question_b"} <= set(patterns.columns):
        return _from_cocounts(patterns, by, questions)
    return _from_patterns(patterns, by, questions, scale, frozenset(positive))


def pattern_counts(patterns: pd.DataFrame, by: str | Sequence[str] | None = None) -> pd.DataFrame:
    """Counts per group, question and value (the input of every index) from patterns.

    Examples
    --------
    >>> pats = pd.DataFrame({"a": [5, 1], "b": [None, 4], "n": [3, 2]})
    >>> pattern_counts(pats)
      question  value  n
    0        a    1.0  2
    1        a    5.0  3
    2        b    4.0  2
    3        b    NaN  3
    """
    by = as_columns(by)
    require_columns(patterns, [*by, COUNT], what="patterns")
    cols = _pattern_columns(patterns, by, None)
    long = patterns.melt(
        id_vars=[*by, COUNT], value_vars=cols, var_name="question", value_name="value"
    )
    long["value"] = pd.to_numeric(long["value"]).astype("float64")
    keys = [*by, "question", "value"]
    out = long.groupby(keys, dropna=False, as_index=False, sort=True)[COUNT].sum()
    out[COUNT] = out[COUNT].astype(np.int64)
    kept: pd.DataFrame = out.loc[out[COUNT] > 0].reset_index(drop=True)
    return kept


def person_covariance(cc: CoCounts, rates: np.ndarray | None = None) -> np.ndarray:
    """Sum over those answering both j and l of (s_j − p_j)(s_l − p_l), shape (G, I, I).

    ``rates`` (G, I) centres the sums (default each group's own item rates; the pooled
    rates for a test under "no change").
    """
    p = cc.rates() if rates is None else rates
    pj, pl = p[:, :, None], p[:, None, :]
    k_second = np.swapaxes(cc.k_first, 1, 2)
    cov: np.ndarray = cc.k_both - pl * cc.k_first - pj * k_second + pj * pl * cc.n_both
    return cov


def proportion_covariance(
    cc: CoCounts, *, rates: np.ndarray | None = None, correction: bool = True
) -> np.ndarray:
    """Estimated covariance matrix of the item proportions p̂_j, shape (G, I, I).

    Cov(p̂_j, p̂_l) = Σ_{r answered j and l} (s_rj − p̂_j)(s_rl − p̂_l) / (n_j n_l),
    times n_jl / (n_jl − 1) when ``correction`` (unbiased on the diagonal).
    """
    sums = person_covariance(cc, rates)
    n = cc.item_n()
    denom = n[:, :, None] * n[:, None, :]
    with np.errstate(invalid="ignore", divide="ignore"):
        cov = np.where(denom > 0, sums / np.maximum(denom, 1), 0.0)
        if correction:
            cov = cov * np.where(cc.n_both > 1, cc.n_both / np.maximum(cc.n_both - 1, 1), 1.0)
    return cov


def scaled_covariance(
    per_person: np.ndarray, pooled_n: np.ndarray, n_both: np.ndarray, n: np.ndarray
) -> np.ndarray:
    """Cov(p̂_j, p̂_l) in a sample with pair counts ``n_both`` and item counts ``n`` when
    one person's covariance is ``per_person / pooled_n`` (per pair, from another sample)."""
    with np.errstate(invalid="ignore", divide="ignore"):
        c = np.where(pooled_n > 0, per_person / np.maximum(pooled_n, 1), 0.0)
        denom = n[:, :, None] * n[:, None, :]
        return np.where(denom > 0, n_both * c / np.maximum(denom, 1), 0.0)


def composite_variance(cov: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Var(Σ w_j p̂_j) = wᵀ C w per group and composite: (G, I, I), (K, I) -> (G, K)."""
    variance: np.ndarray = np.einsum("ki,gij,kj->gk", weights, cov, weights)
    return variance


def align_groups(target: pd.DataFrame, source: pd.DataFrame, by: Sequence[str]) -> np.ndarray:
    """Row of ``source`` for each row of ``target`` on the ``by`` keys (-1 if absent)."""
    by = list(by)
    if not by:
        return np.zeros(len(target), dtype=np.int64) if len(source) else np.full(len(target), -1)
    left = target[by].reset_index(drop=True).astype(object)
    right = source[by].reset_index(drop=True).astype(object).assign(_src=np.arange(len(source)))
    merged = left.merge(right, on=by, how="left")
    return merged["_src"].fillna(-1).to_numpy(dtype=np.int64)


def aligned_co_counts(
    patterns: pd.DataFrame | CoCounts,
    groups: pd.DataFrame,
    *,
    by: Sequence[str],
    questions: Sequence[str],
    scale: Sequence[int],
    positive: frozenset[int],
) -> tuple[CoCounts, np.ndarray]:
    """Co-counts laid out on ``groups`` rows and ``questions``; and which rows had any.

    Rows of ``groups`` absent from the patterns get zero counts and ``False``.
    """
    cc = (
        patterns
        if isinstance(patterns, CoCounts)
        else co_counts(patterns, list(by), questions=questions, scale=scale, positive=positive)
    )
    qpos = pd.Index(cc.questions).get_indexer(pd.Index(list(questions)))
    rows = align_groups(groups, cc.groups, by) if len(cc.groups) else np.full(len(groups), -1)
    ng, ni = len(groups), len(questions)
    out = [np.zeros((ng, ni, ni)) for _ in range(3)]
    has = rows >= 0
    src_q = np.flatnonzero(qpos >= 0)
    for dst, src in zip(out, (cc.n_both, cc.k_first, cc.k_both), strict=True):
        if has.any() and src_q.size:
            block = src[np.ix_(rows[has], qpos[src_q], qpos[src_q])]
            dst[np.ix_(np.flatnonzero(has), src_q, src_q)] = block
    return CoCounts(groups.reset_index(drop=True), tuple(questions), *out), has
