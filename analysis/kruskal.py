"""Kruskal–Wallis across units on five-level answers, computed from counts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from analysis._cells import group_codes, level_table
from analysis._checks import QUESTION, as_columns
from analysis.counts import as_counts

__all__ = ["KruskalResult", "kruskal_from_table", "kruskal_wallis_counts"]


@dataclass(frozen=True)
class KruskalResult:
    """Tie-corrected Kruskal–Wallis H, its chi-square p-value and sizes."""

    statistic: float
    pvalue: float
    df: int
    n: int
    groups: int


def kruskal_from_table(table: object) -> KruskalResult:
    """Kruskal–Wallis test from a groups × ordered-levels table of counts.

    Parameters
    ----------
    table : array_like, shape (groups, levels)
        ``table[g, l]`` answers of group g at level l, levels in increasing order.
        Groups without answers are dropped.

    Returns
    -------
    KruskalResult
        NaN statistic and p-value when fewer than two groups have answers or every
        answer is at one level.

    Notes
    -----
    All answers at level l share the mid-rank r_l = T_{l−1} + (t_l + 1)/2, with t_l the
    answers at level l and T the running total. Rank sums are R_g = Σ_l c_gl r_l, and
    H = [12 / (N(N + 1)) Σ_g R_g² / n_g − 3(N + 1)] / [1 − Σ_l (t_l³ − t_l) / (N³ − N)],
    referred to chi-square with (groups − 1) degrees of freedom: exactly what
    ``scipy.stats.kruskal`` computes from the expanded answers.

    Examples
    --------
    >>> r = kruskal_from_table([[1, 2, 3], [3, 2, 1]])
    >>> round(r.statistic, 4), round(r.pvalue, 4)
    (1.8333, 0.1757)
    """
    counts = np.asarray(table, dtype=np.float64)
    if counts.ndim != 2 or np.any(counts < 0):
        raise ValueError("table must be a 2-D array of non-negative counts")
    counts = counts[counts.sum(axis=1) > 0]
    n_g = counts.sum(axis=1)
    t = counts.sum(axis=0)
    total = float(t.sum())
    k = counts.shape[0]
    tie = 1.0 - float(np.sum(t**3 - t)) / (total**3 - total) if total > 1 else 0.0
    if k < 2 or tie <= 0:
        return KruskalResult(np.nan, np.nan, max(k - 1, 0), int(total), k)
    midrank = np.cumsum(t) - t + (t + 1) / 2
    rank_sum = counts @ midrank
    h = (12.0 / (total * (total + 1)) * np.sum(rank_sum**2 / n_g) - 3 * (total + 1)) / tie
    return KruskalResult(float(h), float(stats.chi2.sf(h, k - 1)), k - 1, int(total), k)


def kruskal_wallis_counts(
    data: pd.DataFrame,
    group: str | Sequence[str],
    by: str | Sequence[str] | None = None,
) -> pd.DataFrame:
    """Kruskal–Wallis test across groups (e.g. centres), per question and ``by`` cell.

    Parameters
    ----------
    data : DataFrame
        Counts or raw answers with ``group`` and ``by`` columns.
    group : str or list of str
        The units compared, e.g. "centre".
    by : str or list of str, optional
        Cells tested separately (e.g. "period"); ``question`` is always one of them,
        since answers to different questions are never mixed.

    Returns
    -------
    DataFrame
        ``*by, question, statistic, df, p_value, n, groups``; missing answers are dropped.

    Notes
    -----
    See :func:`kruskal_from_table`. The five levels are treated as ordered, not as
    interval numbers; with so many ties the test compares whole answer distributions.

    Examples
    --------
    >>> counts = pd.DataFrame({"centre": ["A", "A", "B", "B"], "question": ["q"] * 4,
    ...                        "value": [5, 1, 5, 1], "n": [8, 2, 2, 8]})
    >>> kruskal_wallis_counts(counts, "centre")[["question", "groups", "n"]]
      question  groups   n
    0        q       2  20
    """
    groups_cols = as_columns(group, what="group")
    cells_by = [*as_columns(by), QUESTION]
    if not groups_cols or set(groups_cols) & set(cells_by):
        raise ValueError("group must name at least one column, none of them in by")
    counts = as_counts(data, [*cells_by[:-1], *groups_cols])
    keys, _, table = level_table(counts, [*cells_by, *groups_cols])
    cell, cells = group_codes(keys, cells_by)
    rows = []
    for c in range(len(cells)):
        res = kruskal_from_table(table[cell == c])
        rows.append((res.statistic, res.df, res.pvalue, res.n, res.groups))
    stats_frame = pd.DataFrame(rows, columns=["statistic", "df", "p_value", "n", "groups"])
    return pd.concat([cells.reset_index(drop=True), stats_frame], axis=1)
