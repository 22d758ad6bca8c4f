"""SIPAS indices (sipas.md section 3) for any grouping, from counts or raw answers.

Frames keep full precision; rounding to two decimals is for display. A figure resting
on fewer than ``method.min_n`` answers is reported as "too few answers": ``too_few`` is
True and ``index``, ``ci_low`` and ``ci_high`` are NaN, while ``index_raw`` keeps the
estimate for those who need it (shrinkage, audits) and must not be shown as a result.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np
import pandas as pd

from analysis._cells import Cells, Combined, combine, satisfaction_cells, tile_groups
from analysis._checks import QUESTION, RngLike, as_columns, positive_int, z_value
from analysis.counts import as_counts
from analysis.intervals import bootstrap_interval, wilson_interval
from analysis.method import IndexStructure, SipasMethod, index_structure
from analysis.respondent import CoCounts
from analysis.uncertainty import respondent_interval, variance_interval

__all__ = ["composite_indices", "item_indices", "sipas_indices", "sipas_score"]

_COMPOSITE_COLUMNS = [
    "level",
    "family",
    "component",
    "n",
    "n_answers",
    "index",
    "too_few",
    "index_raw",
    "ci_low",
    "ci_high",
    "ci_method",
]


def _item_frame(cells: Cells, method: SipasMethod, confidence: float) -> pd.DataFrame:
    """Item rows for every group and question with at least one answer row."""
    g_idx, q_idx = np.nonzero(cells.seen)
    n, k = cells.n[g_idx, q_idx], cells.k[g_idx, q_idx]
    with np.errstate(invalid="ignore", divide="ignore"):
        raw = np.where(n > 0, 100.0 * k / np.maximum(n, 1), np.nan)
    ci = wilson_interval(k, n, confidence=confidence)
    too_few = n < method.min_n
    out = cells.groups.iloc[g_idx].reset_index(drop=True)
    out[QUESTION] = np.asarray(cells.questions, dtype=object)[q_idx]
    out["n"] = n
    out["n_positive"] = k
    out["index"] = np.where(too_few, np.nan, raw)
    out["too_few"] = too_few
    out["index_raw"] = raw
    out["ci_low"] = np.where(too_few, np.nan, 100.0 * ci.low)
    out["ci_high"] = np.where(too_few, np.nan, 100.0 * ci.high)
    return out


def item_indices(
    data: pd.DataFrame,
    by: str | Sequence[str] | None = None,
    *,
    items: pd.DataFrame | None = None,
    method: SipasMethod | None = None,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Item index per group and question, with its Wilson interval.

    Parameters
    ----------
    data : DataFrame
        Counts (``*by, question, value, n``) or raw answers (no ``n`` column).
    by : str or list of str, optional
        Group columns.
    items : DataFrame, optional
        Item metadata; when given, only its satisfaction-scale questions are scored.
        Otherwise every question in ``data`` must be on the scale.
    method : SipasMethod, optional
        Positive set, scale and ``min_n``.
    confidence : float
        Coverage of the Wilson interval.

    Returns
    -------
    DataFrame
        ``*by, question, n, n_positive, index, too_few, index_raw, ci_low, ci_high``;
        indices and bounds in percent.

    Notes
    -----
    index = 100 × k / n, with k the answers in the positive set and n the answers on
    the scale; missing answers ("not applicable", blank) are in neither.

    Examples
    --------
    >>> counts = pd.DataFrame({"question": ["staff.general"] * 3,
    ...                        "value": [5, 3, None], "n": [45, 15, 7]})
    >>> item_indices(counts)[["question", "n", "n_positive", "index", "too_few"]]
            question   n  n_positive  index  too_few
    0  staff.general  60          45   75.0    False
    """
    method = method or SipasMethod()
    by = as_columns(by)
    questions = None if items is None else index_structure(items, method).questions
    counts = as_counts(data, by)
    cells = satisfaction_cells(counts, by, questions, method.scale, method.positive)
    return _item_frame(cells, method, confidence)


def _composite_frame(
    cells: Cells,
    structure: IndexStructure,
    method: SipasMethod,
    *,
    confidence: float,
    replicates: int,
    rng: RngLike,
    draws: Literal["auto", "exact"],
    patterns: pd.DataFrame | CoCounts | None = None,
    by: Sequence[str] = (),
) -> pd.DataFrame:
    weights = structure.weights
    comb = combine(cells.n, cells.k, weights)
    too_few = comb.n_min < method.min_n
    low = np.full(comb.value.shape, np.nan)
    high = np.full(comb.value.shape, np.nan)
    ci_method = np.full(comb.value.shape, "none", dtype=object)
    single = (weights != 0).sum(axis=1) == 1
    # A composite of one item is that item: give it the item's Wilson interval, so the
    # pulse's factor and item figures carry the same interval.
    for j in np.flatnonzero(single):
        i = int(np.flatnonzero(weights[j])[0])
        ci = wilson_interval(cells.k[:, i], cells.n[:, i], confidence=confidence)
        low[:, j], high[:, j], ci_method[:, j] = ci.low, ci.high, "wilson"
    multi = np.flatnonzero(~single)
    boot = np.ones(len(cells.groups), dtype=bool)
    if patterns is not None and multi.size:
        lo, hi, has = respondent_interval(
            patterns,
            cells.groups,
            by=by,
            questions=structure.questions,
            scale=method.scale,
            positive=method.positive,
            weights=weights[multi],
            estimate=comb.value[:, multi],
            n_min=comb.n_min[:, multi],
            n_answers=comb.n_answers[:, multi],
            confidence_z=z_value(confidence),
        )
        low[np.ix_(has, multi)], high[np.ix_(has, multi)] = lo[has], hi[has]
        ci_method[np.ix_(has, multi)] = "respondent"
        boot = ~has
    if replicates and multi.size and boot.any():
        rows = np.flatnonzero((~too_few[:, multi]).any(axis=1) & boot)
        ci = bootstrap_interval(
            cells.n[rows],
            cells.k[rows],
            weights[multi],
            confidence=confidence,
            replicates=replicates,
            rng=rng,
            draws=draws,
        )
        low[np.ix_(rows, multi)], high[np.ix_(rows, multi)] = ci.low, ci.high
        ci_method[np.ix_(np.flatnonzero(boot), multi)] = "bootstrap"
        _no_zero_width(low, high, comb, multi, z_value(confidence))
    groups, ncomp = len(cells.groups), len(structure.components)
    out = tile_groups(cells.groups, ncomp)
    comp = structure.component_frame()
    for col in ("level", "family", "component"):
        out[col] = np.tile(comp[col].to_numpy(dtype=object), groups)
    out["n"] = comb.n_min.ravel()
    out["n_answers"] = comb.n_answers.ravel()
    flat_few = too_few.ravel()
    out["index"] = np.where(flat_few, np.nan, 100.0 * comb.value.ravel())
    out["too_few"] = flat_few
    out["index_raw"] = 100.0 * comb.value.ravel()
    out["ci_low"] = np.where(flat_few, np.nan, 100.0 * low.ravel())
    out["ci_high"] = np.where(flat_few, np.nan, 100.0 * high.ravel())
    out["ci_method"] = ci_method.ravel()
    return out


def _no_zero_width(
    low: np.ndarray, high: np.ndarray, comb: Combined, cols: np.ndarray, z: float
) -> None:
    """Where every item sits at 0 or 100 % the bootstrap cannot move and its interval
    collapses to a point: give those cells Wilson's one-sided bound on the fewest answers
    behind an item instead, and keep every bound on its side of the estimate (the
    bootstrap works in float32)."""
    value = comb.value[:, cols]
    lo, hi = low[:, cols], high[:, cols]
    flat = np.abs(hi - lo) < 1e-9
    w_lo, w_hi = variance_interval(
        value, np.zeros_like(value), n_floor=comb.n_min[:, cols], n_cap=comb.n_min[:, cols], z=z
    )
    lo = np.where(flat, w_lo, np.minimum(lo, value))
    hi = np.where(flat, w_hi, np.maximum(hi, value))
    low[:, cols], high[:, cols] = lo, hi


def composite_indices(
    data: pd.DataFrame,
    items: pd.DataFrame,
    by: str | Sequence[str] | None = None,
    *,
    method: SipasMethod | None = None,
    confidence: float = 0.95,
    replicates: int = 1000,
    rng: RngLike = None,
    draws: Literal["auto", "exact"] = "auto",
    patterns: pd.DataFrame | CoCounts | None = None,
) -> pd.DataFrame:
    """Factor, per-policy, service, policy and SIPAS indices per group.

    Parameters
    ----------
    data : DataFrame
        Counts or raw answers (see :func:`item_indices`).
    items : DataFrame
        Item metadata (``question, family, factor, policy``).
    by : str or list of str, optional
        Group columns.
    method : SipasMethod, optional
        Formulas, weights and ``min_n``.
    confidence : float
        Coverage of the intervals.
    replicates : int
        Bootstrap replicates for composites of several items; 0 skips them.
    rng : Generator or int, optional
        Seed the bootstrap for reproducible intervals.
    draws : {"auto", "exact"}
        Binomial sampler, see :func:`analysis.intervals.binomial_draws`.
    patterns : DataFrame or CoCounts, optional
        Respondent-level statistics for the same groups (``by`` columns): answer
        patterns or item-pair co-counts, see :func:`analysis.respondent.co_counts`.
        When given, every composite of several items gets the respondent-level
        interval of the Notes (``ci_method`` "respondent") instead of the bootstrap;
        groups the patterns lack keep the bootstrap. Point estimates never change.

    Returns
    -------
    DataFrame
        ``*by, level, family, component, n, n_answers, index, too_few, index_raw,
        ci_low, ci_high, ci_method``. ``level`` is factor, policy or index; ``n`` is
        the fewest answers behind any of the composite's items (``too_few`` when below
        ``min_n``), ``n_answers`` the answers behind it in all.

    Notes
    -----
    factor = mean of its item indices; service = mean of the 5 service factors;
    policy p = mean of its implementation and results items; policy = mean of the
    9 policies; SIPAS = (9 × policy + 5 × service) / 14 (see :class:`SipasMethod`).
    A composite is defined only if every one of its items has answers. Intervals:
    Wilson for one-item composites, parametric bootstrap percentiles otherwise
    (items treated as independent: too narrow when one person's answers correlate).

    With ``patterns``, for I = Σ_j w_j p̂_j, p̂_j = k_j / n_j (n_j answered item j), the
    linearised (sandwich) variance over respondents r is

        Var(I) = Σ_j Σ_l w_j w_l Cov(p̂_j, p̂_l),
        Cov(p̂_j, p̂_l) = c_jl / (n_j n_l) × n_jl / (n_jl − 1),
        c_jl = Σ_{r answered j and l} (s_rj − p̂_j)(s_rl − p̂_l)
             = k_jl − p̂_l k_j|jl − p̂_j k_l|jl + p̂_j p̂_l n_jl,

    with n_jl the respondents who answered both, k_j|jl those of them satisfied on j
    and k_jl those satisfied on both. It follows from p̂_j − π_j ≈ Σ_r a_rj (s_rj − π_j)/n_j
    (a_rj = 1 if r answered j), so partly answered questionnaires enter through n_jl;
    on the diagonal it is the unbiased p̂_j(1 − p̂_j)/(n_j − 1). The interval is
    Wilson's on the effective number of answers n_eff = I(1 − I)/Var(I) (Kish; Korn
    and Graubard's approach for complex samples), capped at the composite's answers in
    all; where Var(I) = 0 (the index at 0 or 100) n_eff is the fewest answers behind
    an item, so 30 of 30 on two items gives [88.65, 100], never a zero-width interval.
    From answer patterns (not co-counts) the same variance is summed over respondents'
    linearised scores d_r = Σ_j w_j a_rj (s_rj − p̂_j)/n_j, and z is replaced by
    Student's t on the degrees of freedom of the variance beyond a binomial count's,
    1/ν* = 1/ν − 1/ν_B with ν = 2 / (Σ d_r⁴/(Σ d_r²)² − 1/N) and ν_B = 2Ng/(1 − 4g),
    g = I(1 − I), N the composite's answers (Korn and Graubard's correction where a
    few unhappy respondents carry the variance; Wilson already allows for the
    binomial part, see :func:`analysis.uncertainty.excess_dof`). For the province
    survey each respondent is a pattern, so the same formula runs on respondent-level
    data without a bootstrap. Simulated coverage (bench_statistics, 10,000 units a
    cell, latent correlation 0 and 0.5, p 60–97 %) is in docs/benchmarks.md.

    Examples
    --------
    >>> items = pd.DataFrame({"question": ["a.1", "a.2"], "family": ["service"] * 2,
    ...                       "factor": ["access"] * 2})
    >>> counts = pd.DataFrame({"question": ["a.1", "a.1", "a.2", "a.2"],
    ...                        "value": [5, 2, 4, 1], "n": [40, 10, 30, 20]})
    >>> composite_indices(counts, items, replicates=0)[["component", "n", "index"]]
      component   n  index
    0    access  50   70.0
    """
    method = method or SipasMethod()
    by = as_columns(by)
    replicates = positive_int(replicates, name="replicates", minimum=0)
    structure = index_structure(items, method)
    counts = as_counts(data, by)
    cells = satisfaction_cells(counts, by, structure.questions, method.scale, method.positive)
    frame = _composite_frame(
        cells,
        structure,
        method,
        confidence=confidence,
        replicates=replicates,
        rng=rng,
        draws=draws,
        patterns=patterns,
        by=by,
    )
    return frame[[*by, *_COMPOSITE_COLUMNS]]


def sipas_indices(
    data: pd.DataFrame,
    items: pd.DataFrame,
    by: str | Sequence[str] | None = None,
    *,
    method: SipasMethod | None = None,
    confidence: float = 0.95,
    replicates: int = 1000,
    rng: RngLike = None,
    draws: Literal["auto", "exact"] = "auto",
    patterns: pd.DataFrame | CoCounts | None = None,
) -> pd.DataFrame:
    """Item and composite indices in one tidy frame (items first, ``level == "item"``).

    Parameters are those of :func:`composite_indices`. A pulse instrument has no policy
    items, so its frame holds item, factor and service rows and never a ``sipas`` row.

    Examples
    --------
    >>> items = pd.DataFrame({"question": ["staff.general"], "family": ["service"],
    ...                       "factor": ["staff"]})
    >>> raw = pd.DataFrame({"question": ["staff.general"] * 40, "value": [5, 2] * 20})
    >>> sipas_indices(raw, items, replicates=0)[["level", "component", "index"]]
      level      component  index
    0  item  staff.general   50.0
    1  factor        staff   50.0
    """
    method = method or SipasMethod()
    by = as_columns(by)
    replicates = positive_int(replicates, name="replicates", minimum=0)
    structure = index_structure(items, method)
    counts = as_counts(data, by)
    cells = satisfaction_cells(counts, by, structure.questions, method.scale, method.positive)
    item_rows = _item_frame(cells, method, confidence)
    fam = dict(zip(structure.questions, structure.families, strict=True))
    item_rows = item_rows.assign(
        level="item",
        family=item_rows[QUESTION].map(fam),
        component=item_rows[QUESTION],
        n_answers=item_rows["n"],
        ci_method="wilson",
    )
    comps = _composite_frame(
        cells,
        structure,
        method,
        confidence=confidence,
        replicates=replicates,
        rng=rng,
        draws=draws,
        patterns=patterns,
        by=by,
    )
    cols = [*by, *_COMPOSITE_COLUMNS]
    return pd.concat([item_rows[cols], comps[cols]], ignore_index=True)


def sipas_score(policy: float, service: float, method: SipasMethod | None = None) -> float:
    """SIPAS from a policy index and a service index.

    Notes
    -----
    SIPAS = (w_p × policy + w_s × service) / (w_p + w_s), by default w_p = 9 and
    w_s = 5: the mean of the 14 component indices (9 policies, 5 service factors).

    Examples
    --------
    >>> round(sipas_score(82.49, 82.97), 2)
    82.66
    """
    method = method or SipasMethod()
    if not (0 <= policy <= 100 and 0 <= service <= 100):
        raise ValueError("indices are percentages between 0 and 100")
    total = method.weight_policy + method.weight_service
    return (method.weight_policy * policy + method.weight_service * service) / total
