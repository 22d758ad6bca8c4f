"""Counts laid out as dense group × question arrays (private).

Every index is a function of two numbers per group and item: ``n`` (answers on the
scale) and ``k`` (answers in the positive set). Holding them as ``(G, I)`` arrays lets
composites be matrix products with the weights of :mod:`analysis.method`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis._checks import (
    COUNT,
    QUESTION,
    VALUE,
    counts_column,
    numeric_values,
    require_columns,
    require_no_missing,
)


@dataclass(frozen=True)
class Cells:
    """``n`` and ``k`` per group (rows of ``groups``) and question."""

    groups: pd.DataFrame
    questions: tuple[str, ...]
    n: np.ndarray
    k: np.ndarray
    seen: np.ndarray

    def rates(self) -> np.ndarray:
        """k / n with NaN where no answer is on the scale."""
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(self.n > 0, self.k / np.maximum(self.n, 1), np.nan)


def question_codes(series: pd.Series, questions: Sequence[str]) -> np.ndarray:
    """Position of each row's question in ``questions`` (-1 if absent)."""
    index = pd.Index(list(questions))
    if isinstance(series.dtype, pd.CategoricalDtype):
        # Look up the few categories, not every row.
        lookup = index.get_indexer(series.cat.categories.astype(str))
        codes = series.cat.codes.to_numpy()
        return np.where(codes >= 0, lookup[codes], -1)
    return index.get_indexer(pd.Index(series.astype(str)))


def group_codes(frame: pd.DataFrame, by: Sequence[str]) -> tuple[np.ndarray, pd.DataFrame]:
    """Sorted group number per row and the table of distinct groups."""
    by = list(by)
    if not by:
        return np.zeros(len(frame), dtype=np.int64), pd.DataFrame(index=pd.RangeIndex(1))
    require_no_missing(frame, by, what="counts")
    grouped = frame.groupby(by, sort=True, observed=True)
    codes = grouped.ngroup().to_numpy(dtype=np.int64)
    groups = grouped.size().index.to_frame(index=False)
    return codes, groups


def satisfaction_cells(
    counts: pd.DataFrame,
    by: Sequence[str],
    questions: Sequence[str] | None,
    scale: Sequence[int],
    positive: frozenset[int],
) -> Cells:
    """Dense ``n`` and ``k`` arrays for satisfaction questions.

    ``questions`` None takes every question in ``counts`` (sorted). Values off the
    scale raise ValueError; missing values count only towards ``seen``.
    """
    require_columns(counts, [*by, QUESTION, VALUE, COUNT], what="counts")
    if questions is None:
        questions = sorted(str(q) for q in counts[QUESTION].unique())
    questions = tuple(questions)
    frame = counts.loc[counts[QUESTION].isin(questions)]
    values = numeric_values(frame[VALUE], what="counts column 'value'")
    weight = counts_column(frame[COUNT])
    missing = np.isnan(values)
    off_scale = ~missing & ~np.isin(values, scale)
    if off_scale.any():
        bad = sorted(set(values[off_scale].astype(int).tolist()))
        raise ValueError(f"values {bad} are not on the satisfaction scale {list(scale)}")
    gcode, groups = group_codes(frame, by)
    if not by and len(frame) == 0:
        groups = pd.DataFrame(index=pd.RangeIndex(0))
    qcode = question_codes(frame[QUESTION], questions)
    size = len(groups) * len(questions)
    flat = gcode * len(questions) + qcode
    on_scale = np.where(missing, 0, weight)
    pos = np.where(np.isin(values, list(positive)), weight, 0)
    shape = (len(groups), len(questions))
    n = np.bincount(flat, weights=on_scale, minlength=size).astype(np.int64).reshape(shape)
    k = np.bincount(flat, weights=pos, minlength=size).astype(np.int64).reshape(shape)
    seen = np.bincount(flat, minlength=size).reshape(shape) > 0
    return Cells(groups.reset_index(drop=True), questions, n, k, seen)


def level_table(
    counts: pd.DataFrame, by: Sequence[str]
) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """Answers per group and value level (missing values dropped).

    Returns the groups, the sorted distinct levels and a ``(G, L)`` count table.
    """
    require_columns(counts, [*by, VALUE, COUNT], what="counts")
    values = numeric_values(counts[VALUE], what="counts column 'value'")
    keep = ~np.isnan(values)
    frame = counts.loc[keep]
    weight = counts_column(frame[COUNT])
    gcode, groups = group_codes(frame, by)
    if not by and len(frame) == 0:
        groups = pd.DataFrame(index=pd.RangeIndex(0))
    levels, lcode = np.unique(values[keep], return_inverse=True)
    size = len(groups) * len(levels)
    flat = gcode * len(levels) + lcode
    table = np.bincount(flat, weights=weight, minlength=size).astype(np.int64)
    return groups.reset_index(drop=True), levels, table.reshape(len(groups), len(levels))


@dataclass(frozen=True)
class Combined:
    """Composite estimates per group (rows) and component (columns)."""

    value: np.ndarray
    n_min: np.ndarray
    n_answers: np.ndarray

    @property
    def defined(self) -> np.ndarray:
        return self.n_min > 0


def min_answers(n: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Fewest answers among each composite's items, per group: shape (G, K)."""
    out = np.zeros((n.shape[0], weights.shape[0]), dtype=np.int64)
    for j in range(weights.shape[0]):
        cols = np.flatnonzero(weights[j])
        if cols.size and n.shape[0]:
            out[:, j] = n[:, cols].min(axis=1)
    return out


def combine(n: np.ndarray, k: np.ndarray, weights: np.ndarray) -> Combined:
    """Weighted means of item proportions; NaN unless every weighted item has answers.

    ``n_min`` is the fewest answers among a composite's items, ``n_answers`` their sum.
    """
    support = weights != 0
    with np.errstate(invalid="ignore", divide="ignore"):
        rates = np.where(n > 0, k / np.maximum(n, 1), 0.0)
    value = rates @ weights.T
    n_answers = n @ support.T.astype(np.int64)
    n_min = min_answers(n, weights)
    value = np.where(n_min > 0, value, np.nan)
    return Combined(value, n_min, n_answers)


def tile_groups(groups: pd.DataFrame, per_group: int) -> pd.DataFrame:
    """Repeat each group row ``per_group`` times (group-major order)."""
    return groups.iloc[np.repeat(np.arange(len(groups)), per_group)].reset_index(drop=True)
