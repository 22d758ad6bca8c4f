"""Early warnings per unit and index: significant drops, figures below target, EWMA trends.

Each warning is a row with a machine-readable ``reason`` and the numbers behind it; the
English ``message`` is rendered from :data:`MESSAGES`, a small template table the app
can mirror in Vietnamese (same keys, same placeholders).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, cast

import numpy as np
import pandas as pd
from scipy import special

from analysis._cells import combine, satisfaction_cells
from analysis._checks import as_columns
from analysis.compare import period_change
from analysis.counts import as_counts
from analysis.ewma import ewma_chart
from analysis.indices import sipas_indices
from analysis.method import SipasMethod, index_structure
from analysis.periods import previous_periods
from analysis.respondent import CoCounts
from analysis.uncertainty import respondent_interval, variance_interval

__all__ = ["MESSAGES", "RULE_TEXT", "early_warnings", "format_message"]

MESSAGES: dict[str, str] = {
    "significant_drop": (
        "{component} at {unit} fell from {previous:.2f}% in {previous_period} to "
        "{current:.2f}% in {period} (adjusted p = {p_adjusted:.3f})."
    ),
    "below_target": (
        "{component} at {unit} was {current:.2f}% in {period}, below the target of {target:.2f}%."
    ),
    "ewma_signal": (
        "{component} at {unit} is trending down: its smoothed level {ewma:.2f}% in {period} "
        "is below the control limit {limit:.2f}% (usual level {baseline:.2f}%)."
    ),
}

# One plain sentence per rule, for a reader without statistical training. English here;
# the app writes the Vietnamese (same keys, same placeholders). Numbers a template uses
# are columns of the warning row (plus ``unit`` and ``period``).
RULE_TEXT: dict[str, str] = {
    "upper_bound_below_target": (
        "In {period}, {current:.0f}% of the {n_current:.0f} people who answered were satisfied "
        "with {component}. The target is {target:.0f}%. Even allowing for chance, the true "
        "figure is below the target."
    ),
    "under_target_no_evidence": (
        "In {period}, {current:.0f}% of the {n_current:.0f} people who answered were satisfied "
        "with {component}, under the target of {target:.0f}%. With this many answers it may "
        "still be chance: keep watching."
    ),
    "significant_drop": (
        "Satisfaction with {component} fell from {previous:.0f}% in {previous_period} to "
        "{current:.0f}% in {period}. A fall this large is very unlikely to be chance."
    ),
    "ewma": (
        "Satisfaction with {component} has been falling for several weeks: lately about "
        "{ewma:.0f}%, against a usual {baseline:.0f}%."
    ),
    "fix_first": (
        "{share_dissatisfied:.0f}% of the {n:.0f} people who answered were not satisfied "
        "with {factor}. People satisfied with it were {gain:.0f} points more often satisfied "
        "with their visit overall: fixing it would raise overall satisfaction by about "
        "{priority:.0f} points."
    ),
    "serious_report": (
        "In {period}, {n_chosen:.0f} of the {n:.0f} people who answered reported {indicator}. "
        "Every such report needs the leader's attention."
    ),
    "share_above_tolerance": (
        "In {period}, {share:.0f}% of the {n:.0f} people who answered reported {indicator}, "
        "more than the {tolerance:.0f}% tolerated. Even allowing for chance, it is too many."
    ),
    "above_tolerance_no_evidence": (
        "In {period}, {share:.0f}% of the {n:.0f} people who answered reported {indicator}, "
        "more than the {tolerance:.0f}% tolerated. With this many answers it may still be "
        "chance: keep watching."
    ),
}

_COLUMNS = [
    "level",
    "family",
    "component",
    "reason",
    "previous_period",
    "previous",
    "current",
    "n_previous",
    "n_current",
    "p_value",
    "p_adjusted",
    "target",
    "ewma",
    "limit",
    "baseline",
    "message",
    "severity",
    "rule",
    "upper_bound",
    "rule_text",
]

_SEVERITY_RANK = {"at_risk": 0, "watch": 1}


def format_message(
    reason: str, /, templates: Mapping[str, str] = MESSAGES, **numbers: object
) -> str:
    """Render the message for ``reason`` from its template and numbers.

    Examples
    --------
    >>> format_message("below_target", component="staff", unit="Lộc Bình",
    ...                current=78.5, period="2026-07-06", target=80)
    'staff at Lộc Bình was 78.50% in 2026-07-06, below the target of 80.00%.'
    """
    if reason not in templates:
        raise ValueError(f"no message template for reason {reason!r}")
    return templates[reason].format(**numbers)


def _unit_label(frame: pd.DataFrame, units: list[str]) -> pd.Series:
    if not units:
        return pd.Series("the province", index=frame.index)
    return frame[units].astype(str).agg(" / ".join, axis=1)


def _upper_bounds(
    counts: pd.DataFrame,
    items: pd.DataFrame,
    keys: list[str],
    period: str,
    latest: object,
    *,
    method: SipasMethod,
    levels: Sequence[str],
    risk_alpha: float,
    patterns: pd.DataFrame | CoCounts | None,
) -> pd.DataFrame:
    """One-sided upper bound of every index row of the latest period (percent)."""
    structure = index_structure(items, method)
    comp, weights = structure.with_items(tuple(levels))
    cells = satisfaction_cells(counts, keys, structure.questions, method.scale, method.positive)
    sel = np.flatnonzero(cells.groups[period].astype(object).to_numpy() == latest)
    groups = cells.groups.iloc[sel].reset_index(drop=True)
    n, k = cells.n[sel], cells.k[sel]
    comb = combine(n, k, weights)
    p = np.where(n > 0, k / np.maximum(n, 1), 0.0)
    var = (p * (1 - p) / np.maximum(n - 1, 1)) @ (weights**2).T
    # Bonferroni over the rows judged for one unit: at most risk_alpha of units at the
    # target are wrongly "at risk" in a period, however many indices each carries.
    z = float(special.ndtri(1 - risk_alpha / max(len(comp), 1)))
    _, upper = variance_interval(comb.value, var, n_floor=comb.n_min, n_cap=comb.n_answers, z=z)
    if patterns is not None:
        _, resp_upper, has = respondent_interval(
            patterns,
            groups,
            by=keys,
            questions=structure.questions,
            scale=method.scale,
            positive=method.positive,
            weights=weights,
            estimate=comb.value,
            n_min=comb.n_min,
            n_answers=comb.n_answers,
            confidence_z=z,
        )
        upper = np.where(has[:, None], resp_upper, upper)
    out = groups.iloc[np.repeat(np.arange(len(groups)), len(comp))].reset_index(drop=True)
    out["level"] = np.tile(comp["level"].to_numpy(dtype=object), len(groups))
    out["component"] = np.tile(comp["component"].to_numpy(dtype=object), len(groups))
    out["upper_bound"] = 100 * upper.ravel()
    out[period] = out[period].astype(object)
    return out


def early_warnings(
    data: pd.DataFrame,
    items: pd.DataFrame,
    unit: str | Sequence[str] | None,
    period: str,
    *,
    method: SipasMethod | None = None,
    levels: Sequence[str] = ("factor", "index"),
    target: float = 80.0,
    alpha: float = 0.05,
    smoothing: float = 0.2,
    limit_width: float = 3.0,
    baseline_periods: int = 8,
    templates: Mapping[str, str] = MESSAGES,
    patterns: pd.DataFrame | CoCounts | None = None,
    risk_alpha: float = 0.05,
    rule_templates: Mapping[str, str] = RULE_TEXT,
) -> pd.DataFrame:
    """Warnings for the latest period, each "at_risk" (on evidence) or "watch".

    Parameters
    ----------
    data, items, unit, period, method, levels
        As in :func:`analysis.compare.period_change`.
    target : float
        Index (percent) below which a figure is flagged; the reform programme's 80 %.
    alpha : float
        False discovery rate for drops (BH over every unit and index of the latest period).
    smoothing, limit_width, baseline_periods
        EWMA parameters, see :func:`ewma_chart`.
    templates : mapping
        Message templates keyed by reason (the ``message`` column).
    patterns : DataFrame or CoCounts, optional
        Answer patterns (or co-counts) per unit and period, as from
        ``fetch_answer_patterns``: every composite's bound, change test and EWMA limit
        then uses the respondent-level variance (:func:`composite_indices`, Notes).
        Without them the items of a composite are treated as independent.
    risk_alpha : float
        Chance that a unit exactly at the target is called "at risk" on the target
        rule in a period (Bonferroni over its rows).
    rule_templates : mapping
        Plain-language sentence per rule (the ``rule_text`` column), see
        :data:`RULE_TEXT`.

    Returns
    -------
    DataFrame
        ``*unit, period, level, family, component, reason, previous_period, previous,
        current, n_previous, n_current, p_value, p_adjusted, target, ewma, limit,
        baseline, message, severity, rule, upper_bound, rule_text``; numbers a reason
        does not use are NaN. ``severity`` is "at_risk" or "watch"; ``rule`` is one of
        "significant_drop", "upper_bound_below_target", "under_target_no_evidence",
        "ewma". Rows come at-risk first.

    Notes
    -----
    reason "below_target": the latest index (with at least ``min_n`` answers) is below
    ``target``. It is "at_risk" (rule "upper_bound_below_target") when the one-sided
    upper bound at level 1 − risk_alpha / m (m = index rows per unit, Bonferroni) is
    under the target: Wilson's bound on the effective number of answers, from the
    respondent-level variance when ``patterns`` are given. Otherwise "watch" (rule
    "under_target_no_evidence"). With m = 6 (five factors and the service index) the
    bound is at 99.2 %, so a unit exactly at the target is wrongly at risk in at most
    5 % of periods, and one five points above it almost never.
    reason "significant_drop" ("at_risk"): the index fell and the BH-adjusted p-value of
    the period-over-period z-test is below ``alpha``, which bounds the expected share
    of false drops among all flagged across units × indices.
    reason "ewma_signal" ("at_risk", rule "ewma"): the EWMA chart signals in the latest
    period (L = 3 standard deviations on one side, limits from the honest variance).
    Nothing resting on fewer than ``min_n`` answers is ever flagged.

    Examples
    --------
    >>> items = pd.DataFrame({"question": ["q"], "family": ["service"], "factor": ["staff"]})
    >>> counts = pd.DataFrame({"week": ["w1", "w1", "w2", "w2"], "question": "q",
    ...                        "value": [5, 1, 5, 1], "n": [90, 10, 60, 40]})
    >>> early_warnings(counts, items, None, "week")[["reason", "severity", "rule"]]
                 reason severity                      rule
    0  significant_drop  at_risk          significant_drop
    1      below_target  at_risk  upper_bound_below_target
    """
    method = method or SipasMethod()
    if not 0 <= target <= 100:
        raise ValueError(f"target is a percentage between 0 and 100, got {target}")
    if not 0 < risk_alpha < 1:
        raise ValueError(f"risk_alpha must lie strictly between 0 and 1, got {risk_alpha}")
    units = as_columns(unit, what="unit")
    keys = [*units, period]
    counts = as_counts(data, keys)
    prev = previous_periods(counts[period])
    if not prev:
        return pd.DataFrame(columns=[*keys, *_COLUMNS])
    latest = list(prev)[-1]
    change = period_change(
        counts,
        items,
        units,
        period,
        method=method,
        levels=levels,
        latest_only=True,
        alpha=alpha,
        patterns=patterns,
    )
    drops = change.loc[change["significant"] & (change["difference"] < 0)]
    drops = drops.assign(reason="significant_drop", severity="at_risk", rule="significant_drop")
    idx = sipas_indices(counts, items, keys, method=method, replicates=0)
    now = idx.loc[(idx[period].astype(object) == latest) & idx["level"].isin(levels)]
    low = now.loc[~now["too_few"] & (now["index"] < target)]
    low = low.assign(reason="below_target", current=low["index"], n_current=low["n"], target=target)
    low = low.merge(
        change[[*keys, "component", "level", "previous_period", "previous", "n_previous"]],
        on=[*keys, "level", "component"],
        how="left",
    )
    if len(low):
        bounds = _upper_bounds(
            counts,
            items,
            keys,
            period,
            latest,
            method=method,
            levels=levels,
            risk_alpha=risk_alpha,
            patterns=patterns,
        )
        low[period] = low[period].astype(object)
        low = low.merge(bounds, on=[*keys, "level", "component"], how="left")
        evident = (low["upper_bound"] < target).to_numpy()
        low["severity"] = np.where(evident, "at_risk", "watch")
        low["rule"] = np.where(evident, "upper_bound_below_target", "under_target_no_evidence")
    chart = ewma_chart(
        counts,
        items,
        units,
        period,
        method=method,
        levels=levels,
        smoothing=smoothing,
        limit_width=limit_width,
        baseline_periods=baseline_periods,
        patterns=patterns,
    )
    signals = chart.loc[chart["signal"] & (chart[period].astype(object) == latest)]
    signals = signals.assign(
        reason="ewma_signal", n_current=signals["n"], severity="at_risk", rule="ewma"
    )
    parts = [p for p in (drops, low, signals) if len(p)]
    if not parts:
        return pd.DataFrame(columns=[*keys, *_COLUMNS])
    out = pd.concat(parts, ignore_index=True)
    for col in _COLUMNS:
        if col not in out.columns:
            out[col] = np.nan
    out[period] = out[period].astype(object)
    out["target"] = out["target"].where(out["reason"] == "below_target", np.nan)
    # Both sentences read the same numbers: the row's, its period and its unit's name.
    frame = out[[period, *_COLUMNS]].rename(columns={period: "_period"})
    # Its column names are all strings: keyword arguments below.
    records = cast("list[dict[str, Any]]", frame.to_dict("records"))
    numbers = [
        {**r, "period": r["_period"], "unit": label}
        for r, label in zip(records, _unit_label(out, units), strict=True)
    ]
    out["message"] = [format_message(r["reason"], templates, **r) for r in numbers]
    out["rule_text"] = [format_message(r["rule"], rule_templates, **r) for r in numbers]
    order = out["severity"].map(_SEVERITY_RANK).to_numpy()
    out = out.iloc[np.argsort(order, kind="stable")]
    return out[[*keys, *_COLUMNS]].reset_index(drop=True)
