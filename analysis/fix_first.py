"""What to fix first: which factor, if improved, would raise overall satisfaction most.

A key-driver analysis on the pulse's answer patterns (the same patterns that give the
composite intervals), per unit and for the province, with a bootstrap interval.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from analysis._cells import group_codes
from analysis._checks import (
    COUNT,
    RngLike,
    as_columns,
    as_rng,
    counts_column,
    numeric_values,
    positive_int,
    require_columns,
    z_value,
)

__all__ = ["fix_first"]

_COLUMNS = [
    "factor",
    "question",
    "n",
    "share_dissatisfied",
    "gain",
    "priority",
    "ci_low",
    "ci_high",
    "too_few",
    "rank",
]


def _indicators(
    patterns: pd.DataFrame, questions: Sequence[str], positive: frozenset[int]
) -> tuple[np.ndarray, np.ndarray]:
    """Answered and satisfied indicators, (patterns, questions)."""
    answered = np.zeros((len(patterns), len(questions)), dtype=bool)
    satisfied = np.zeros_like(answered)
    for i, q in enumerate(questions):
        values = numeric_values(patterns[q], what=f"patterns column {q!r}")
        answered[:, i] = ~np.isnan(values)
        satisfied[:, i] = np.isin(values, list(positive))
    return answered, satisfied


def _stats(
    counts: np.ndarray, both: np.ndarray, sat_f: np.ndarray, sat_both: np.ndarray, sat_o: np.ndarray
) -> tuple[np.ndarray, ...]:
    """n, share dissatisfied, gain and priority per factor from pattern counts (…, P)."""
    n = counts @ both
    k_f = counts @ sat_f
    k_o = counts @ sat_o
    k_fo = counts @ sat_both
    with np.errstate(invalid="ignore", divide="ignore"):
        p_o = k_o / n
        p_o_sat = k_fo / k_f
        p_o_not = (k_o - k_fo) / (n - k_f)
        share_not = 1 - k_f / n
        gain = p_o_sat - p_o_not
        # P(O | satisfied on f) − P(O) = share dissatisfied × gain: the rise in overall
        # satisfaction if those dissatisfied on f were as satisfied overall as the rest.
        priority = np.where(n - k_f > 0, p_o_sat - p_o, 0.0)
    return n, share_not, gain, priority


def _finish(out: pd.DataFrame, *arrays: np.ndarray, min_n: int) -> pd.DataFrame:
    """Percent columns, "too few answers" under min_n, sorted and ranked."""
    n, share_not, gain, priority, low, high = arrays
    too_few = n < min_n
    out["n"] = n.astype(np.int64)
    for name, values in (
        ("share_dissatisfied", share_not),
        ("gain", gain),
        ("priority", priority),
        ("ci_low", low),
        ("ci_high", high),
    ):
        out[name] = np.where(too_few, np.nan, 100 * values)
    out["too_few"] = too_few
    key = np.where(too_few, np.inf, -out["priority"].fillna(-np.inf).to_numpy())
    out = out.iloc[np.argsort(key, kind="stable")].reset_index(drop=True)
    ranked = ~out["too_few"].to_numpy()
    out["rank"] = pd.array(np.cumsum(ranked), dtype="Int64")
    out.loc[~ranked, "rank"] = pd.NA
    return out


def fix_first(
    patterns: pd.DataFrame,
    unit: str | Sequence[str] | None = None,
    *,
    items: pd.DataFrame | None = None,
    outcome: str = "overall.visit",
    questions: Sequence[str] | None = None,
    positive: frozenset[int] = frozenset({4, 5}),
    min_n: int = 30,
    confidence: float = 0.95,
    replicates: int = 1000,
    rng: RngLike = 0,
) -> pd.DataFrame:
    """Per unit, the factors ranked by how much overall satisfaction would rise if fixed.

    Parameters
    ----------
    patterns : DataFrame
        Answer patterns (``*unit``, one column per question, ``n``), e.g. from
        ``fetch_answer_patterns``.
    unit : str or list of str, optional
        Unit columns; none gives the province (the patterns pooled).
    items : DataFrame, optional
        Item metadata: ``question`` → ``factor`` names; default the question keys.
    outcome : str
        The overall-satisfaction question.
    questions : sequence of str, optional
        Factor questions; default those of ``items`` in family "service" present in the
        patterns, else every pattern column but ``outcome``.
    positive : frozenset of int
        Answers counted as satisfied.
    min_n : int
        Fewer people answering both the factor and the outcome: "too few answers"
        (priority and interval NaN, no rank).
    confidence : float
        Coverage of the bootstrap percentile interval.
    replicates : int
        Bootstrap replicates (0: no interval).
    rng : Generator or int
        Seed; fixed by default so a page shows the same interval on every load.

    Returns
    -------
    DataFrame
        ``*unit, factor, question, n, share_dissatisfied, gain, priority, ci_low,
        ci_high, too_few, rank`` in percent (points), sorted by unit then rank (1: fix
        first); rows under ``min_n`` last, without a rank.

    Notes
    -----
    Among the n people who answered factor f and the overall question,
    priority_f = P(O | S_f) − P(O) = d_f × g_f, where d_f is the share not satisfied
    with f and g_f = P(O | S_f) − P(O | not S_f) the gap in overall satisfaction
    between those satisfied with f and the rest. It is the rise in overall
    satisfaction (points) if the dissatisfied became like the satisfied: a descriptive
    driver measure, not a causal effect, but it ranks what to look at first. The
    interval resamples respondents (a multinomial bootstrap over the pattern counts of
    each unit) and takes percentiles.

    The rise is read against this sample's overall satisfaction P(O), which cannot pass
    100 %, so priority_f lies in [−P(O), 1 − P(O)] and the interval is clipped to it.
    Without the clip a replicate with a lower P*(O) gives a larger 1 − P*(O): when
    everyone satisfied with f is satisfied overall (P(O | S_f) = 100 %, the point
    estimate exactly 1 − P(O)) the bootstrap cannot move P(O | S_f) below 100 %, and the
    upper bound passed the ceiling (e.g. 43.2 points (29.7 to 62.2) at P(O) = 56.8 %).
    In that case the interval still shows only the uncertainty of P(O), not of
    P(O | S_f): read the estimate as "up to the ceiling". A lower bound at or below 0
    means the data do not show that fixing f would raise overall satisfaction.

    Examples
    --------
    >>> pats = pd.DataFrame({"staff.general": [5, 5, 1, 1, 5],
    ...                      "access.general": [5, 1, 5, 1, 5],
    ...                      "overall.visit": [5, 5, 1, 1, 5],
    ...                      "n": [40, 10, 10, 10, 30]})
    >>> res = fix_first(pats, replicates=0)
    >>> res[["factor", "n", "share_dissatisfied", "gain", "priority", "rank"]].round(1)
               factor    n  share_dissatisfied   gain  priority  rank
    0   staff.general  100                20.0  100.0      20.0     1
    1  access.general  100                20.0   37.5       7.5     2
    """
    units = as_columns(unit, what="unit")
    min_n = positive_int(min_n, name="min_n")
    replicates = positive_int(replicates, name="replicates", minimum=0)
    z_value(confidence)
    require_columns(patterns, [*units, outcome, COUNT], what="patterns")
    if questions is None:
        if items is not None:
            svc = items.loc[items["family"] == "service", "question"].astype(str)
            questions = [q for q in svc if q in patterns.columns]
        else:
            questions = [c for c in patterns.columns if c not in (*units, outcome, COUNT)]
    questions = list(questions)
    require_columns(patterns, questions, what="patterns")
    factor_of = (
        dict(zip(items["question"].astype(str), items["factor"].astype(str), strict=True))
        if items is not None
        else {}
    )
    weight = counts_column(patterns[COUNT]).astype(np.float64)
    answered, satisfied = _indicators(patterns, [*questions, outcome], frozenset(positive))
    a_o, s_o = answered[:, -1:], satisfied[:, -1:]
    both = (answered[:, :-1] & a_o).astype(np.float64)
    sat_f = (satisfied[:, :-1] & a_o).astype(np.float64)
    sat_both = (satisfied[:, :-1] & s_o).astype(np.float64)
    sat_o = both * s_o
    gcode, groups = group_codes(patterns, units)
    gen = as_rng(rng)
    lo_q, hi_q = (1 - confidence) / 2, (1 + confidence) / 2
    parts = []
    for g in range(len(groups)):
        rows = np.flatnonzero(gcode == g)
        w = weight[rows]
        mats = (both[rows], sat_f[rows], sat_both[rows], sat_o[rows])
        n, share_not, gain, priority = _stats(w, *mats)
        low, high = np.full(len(questions), np.nan), np.full(len(questions), np.nan)
        total = int(w.sum())
        if replicates and total > 0:
            draws = gen.multinomial(total, w / total, size=replicates).astype(np.float64)
            low, high = np.nanquantile(_stats(draws, *mats)[3], [lo_q, hi_q], axis=0)
            # Each replicate's priority is bounded by its own 1 − P*(O), not by this
            # sample's; when P(O | S_f) is 100 % (a small satisfied group, all satisfied
            # overall) every replicate keeps it at 100 % and the percentiles follow
            # P*(O) alone, past what this unit's overall satisfaction allows.
            with np.errstate(invalid="ignore", divide="ignore"):
                overall = (w @ mats[3]) / n
            low, high = np.clip(low, -overall, 1 - overall), np.clip(high, -overall, 1 - overall)
        out = groups.iloc[np.repeat(g, len(questions))].reset_index(drop=True)
        out["factor"] = [factor_of.get(q, q) for q in questions]
        out["question"] = questions
        out = _finish(out, n, share_not, gain, priority, low, high, min_n=min_n)
        parts.append(out)
    if not parts:
        return pd.DataFrame(columns=[*units, *_COLUMNS])
    return pd.concat(parts, ignore_index=True)[[*units, *_COLUMNS]]
