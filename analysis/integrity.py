"""Shares: integrity indicators of the pulse and "share choosing each option".

sipas.md section 3: perception, needs and integrity questions are reported as the share
choosing each option, not as indices. Shares carry Wilson intervals and the same
"too few answers" rule as indices.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis._cells import level_table, tile_groups
from analysis._checks import QUESTION, as_columns, positive_int
from analysis.counts import as_counts
from analysis.intervals import wilson_interval

__all__ = ["INTEGRITY_INDICATORS", "ShareDefinition", "integrity_shares", "option_shares"]


@dataclass(frozen=True)
class ShareDefinition:
    """An indicator: answers in ``numerator`` among answers in ``denominator``."""

    question: str
    numerator: frozenset[int]
    denominator: frozenset[int]

    def __post_init__(self) -> None:
        object.__setattr__(self, "numerator", frozenset(self.numerator))
        object.__setattr__(self, "denominator", frozenset(self.denominator))
        if not self.numerator or not self.numerator <= self.denominator:
            raise ValueError("numerator must be a non-empty subset of denominator")


# visit_pulse_v1: harassment and extra_payment 1 = no, 2 = yes; supplements 0, 1, 2, 3+;
# on_time 1 = on time, 2 = late, 3 = not received yet.
INTEGRITY_INDICATORS: dict[str, ShareDefinition] = {
    "harassment": ShareDefinition("integrity.harassment", frozenset({2}), frozenset({1, 2})),
    "extra_payment": ShareDefinition("integrity.extra_payment", frozenset({2}), frozenset({1, 2})),
    # The rules allow one request to supplement a dossier: two or more breaks them.
    "multiple_supplements": ShareDefinition(
        "integrity.supplements", frozenset({2, 3}), frozenset({0, 1, 2, 3})
    ),
    # "Not yet" is left out of the late share: right after a visit it mostly means the
    # result is not due yet, so counting it as late (or on time) would bias the share.
    "late": ShareDefinition("integrity.on_time", frozenset({2}), frozenset({1, 2})),
    "not_received": ShareDefinition("integrity.on_time", frozenset({3}), frozenset({1, 2, 3})),
}

_SHARE_COLUMNS = ["n", "n_chosen", "share", "too_few", "share_raw", "ci_low", "ci_high"]


def _share_columns(
    out: pd.DataFrame, chosen: np.ndarray, total: np.ndarray, min_n: int, confidence: float
) -> pd.DataFrame:
    ci = wilson_interval(chosen, total, confidence=confidence)
    too_few = total < min_n
    with np.errstate(invalid="ignore", divide="ignore"):
        raw = np.where(total > 0, 100.0 * chosen / np.maximum(total, 1), np.nan)
    out["n"] = total
    out["n_chosen"] = chosen
    out["share"] = np.where(too_few, np.nan, raw)
    out["too_few"] = too_few
    out["share_raw"] = raw
    out["ci_low"] = np.where(too_few, np.nan, 100 * ci.low)
    out["ci_high"] = np.where(too_few, np.nan, 100 * ci.high)
    return out


def integrity_shares(
    data: pd.DataFrame,
    by: str | Sequence[str] | None = None,
    *,
    indicators: Mapping[str, ShareDefinition] | None = None,
    min_n: int = 30,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Integrity indicators per group: e.g. the share reporting harassment.

    Parameters
    ----------
    data : DataFrame
        Counts or raw answers.
    by : str or list of str, optional
        Group columns (unit, period).
    indicators : mapping, optional
        Name → :class:`ShareDefinition`; default :data:`INTEGRITY_INDICATORS`.
    min_n : int
        Fewer answers in the denominator: "too few answers" (``share`` NaN).
    confidence : float
        Coverage of the Wilson interval.

    Returns
    -------
    DataFrame
        ``*by, indicator, question, n, n_chosen, share, too_few, share_raw, ci_low,
        ci_high`` in percent, for every group with an answer to the indicator's question.

    Notes
    -----
    share = 100 × (answers in the numerator set) / (answers in the denominator set);
    missing answers and values outside the denominator set are in neither.

    Examples
    --------
    >>> raw = pd.DataFrame({"question": ["integrity.supplements"] * 40,
    ...                     "value": [0] * 30 + [1] * 6 + [2] * 3 + [3]})
    >>> res = integrity_shares(raw)
    >>> res[["indicator", "n", "n_chosen", "share"]]
                  indicator   n  n_chosen  share
    0  multiple_supplements  40         4   10.0
    """
    by = as_columns(by)
    min_n = positive_int(min_n, name="min_n")
    indicators = INTEGRITY_INDICATORS if indicators is None else indicators
    counts = as_counts(data, by)
    parts = []
    for name, spec in indicators.items():
        sub = counts.loc[counts[QUESTION] == spec.question]
        if sub.empty:
            continue
        groups, levels, table = level_table(sub, by)
        num = table[:, np.isin(levels, list(spec.numerator))].sum(axis=1)
        den = table[:, np.isin(levels, list(spec.denominator))].sum(axis=1)
        keep = table.sum(axis=1) > 0
        out = groups.loc[keep].reset_index(drop=True)
        out["indicator"], out[QUESTION] = name, spec.question
        parts.append(_share_columns(out, num[keep], den[keep], min_n, confidence))
    columns = [*by, "indicator", QUESTION, *_SHARE_COLUMNS]
    if not parts:
        return pd.DataFrame(columns=columns)
    return pd.concat(parts, ignore_index=True)[columns]


def option_shares(
    data: pd.DataFrame,
    by: str | Sequence[str] | None = None,
    *,
    questions: Sequence[str] | None = None,
    options: Mapping[str, Sequence[int]] | None = None,
    min_n: int = 30,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Share of answers choosing each option, per group and question.

    Parameters
    ----------
    data : DataFrame
        Counts or raw answers.
    by : str or list of str, optional
        Group columns.
    questions : sequence of str, optional
        Questions to report; default every question in ``data``.
    options : mapping, optional
        Question → its scale's values, so options nobody chose appear with share 0;
        otherwise the values seen in the data are the options.
    min_n, confidence
        As in :func:`integrity_shares`.

    Returns
    -------
    DataFrame
        ``*by, question, value, n, n_chosen, share, too_few, share_raw, ci_low, ci_high``.

    Notes
    -----
    share = 100 × (answers with this value) / (answers to the question); missing
    answers are left out. Each option's interval is a Wilson interval on its own.

    Examples
    --------
    >>> raw = pd.DataFrame({"question": ["perception.harassment"] * 50,
    ...                     "value": [1] * 45 + [2] * 4 + [3]})
    >>> option_shares(raw, min_n=10)[["value", "n_chosen", "share"]]
       value  n_chosen  share
    0      1        45   90.0
    1      2         4    8.0
    2      3         1    2.0
    """
    by = as_columns(by)
    min_n = positive_int(min_n, name="min_n")
    counts = as_counts(data, by)
    if questions is not None:
        counts = counts.loc[counts[QUESTION].isin(list(questions))]
    groups, levels, table = level_table(counts, [*by, QUESTION])
    if options:
        extra = {int(v) for vals in options.values() for v in vals}
        all_levels = np.union1d(levels, np.array(sorted(extra), dtype=float))
        full = np.zeros((table.shape[0], all_levels.size), dtype=np.int64)
        full[:, np.searchsorted(all_levels, levels)] = table
        levels, table = all_levels, full
    total = table.sum(axis=1)
    out = tile_groups(groups, levels.size)
    out["value"] = np.tile(levels.astype(np.int64), len(groups))
    chosen = table.ravel()
    offered = np.ones(chosen.size, dtype=bool)
    if options:
        allowed = {q: {int(v) for v in vals} for q, vals in options.items()}
        qs = out[QUESTION].astype(str).to_numpy()
        vals = out["value"].to_numpy()
        offered = np.array(
            [
                v in allowed[q] if q in allowed else c > 0
                for q, v, c in zip(qs, vals, chosen, strict=True)
            ]
        )
    else:
        offered = chosen > 0
    out = _share_columns(out, chosen, np.repeat(total, levels.size), min_n, confidence)
    columns = [*by, QUESTION, "value", *_SHARE_COLUMNS]
    return out.loc[offered, columns].reset_index(drop=True)
