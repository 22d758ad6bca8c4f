"""Integrity warnings: reports of harassment, extra payments, repeated supplements, lateness.

The plan names these problems beside satisfaction, so they raise warnings of their own,
on the same discipline: "at_risk" only on evidence (the share's interval lies above a
stated tolerance), a quieter "watch" when the estimate alone is above it, and for the
most serious (harassment, payments beyond the official fees) a "notice" as soon as one
person reports it. Counts only: never who.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, cast

import numpy as np
import pandas as pd

from analysis._checks import as_columns, positive_int
from analysis.alerts import RULE_TEXT, format_message
from analysis.integrity import ShareDefinition, integrity_shares

__all__ = ["INDICATOR_TEXT", "SERIOUS_INDICATORS", "TOLERANCES", "integrity_warnings"]

# Shares (percent) above which an indicator is a problem. Stated, not estimated: the
# national 2024 survey found 0.96 % saying many officials cause trouble, so a centre
# where more than 2 in 100 visitors report harassment or an illegal payment is out of
# line; the rules allow one request to supplement a dossier and promise results on
# time, so up to 1 in 10 is tolerated for those. None means "report, never judge".
TOLERANCES: dict[str, float | None] = {
    "harassment": 2.0,
    "extra_payment": 2.0,
    "multiple_supplements": 10.0,
    "late": 10.0,
    "not_received": None,
}
SERIOUS_INDICATORS = ("harassment", "extra_payment")
# What people reported, for the plain-language sentence (English; the app translates).
INDICATOR_TEXT: dict[str, str] = {
    "harassment": "being caused trouble or harassed by an official",
    "extra_payment": "being asked to pay beyond the official fees",
    "multiple_supplements": "having to add to their dossier more than once",
    "late": "getting their result late",
    "not_received": "not having their result yet",
}

_COLUMNS = [
    "indicator",
    "question",
    "n",
    "n_chosen",
    "share",
    "too_few",
    "share_raw",
    "ci_low",
    "ci_high",
    "tolerance",
    "notice",
    "severity",
    "rule",
    "rule_text",
]
_ORDER = {"at_risk": 0, "notice": 1, "watch": 2}


def integrity_warnings(
    data: pd.DataFrame,
    unit: str | Sequence[str] | None = None,
    period: str | None = None,
    *,
    indicators: Mapping[str, ShareDefinition] | None = None,
    tolerances: Mapping[str, float | None] | None = None,
    serious: Sequence[str] = SERIOUS_INDICATORS,
    min_n: int = 30,
    confidence: float = 0.95,
    rule_templates: Mapping[str, str] = RULE_TEXT,
) -> pd.DataFrame:
    """One row per unit (× period) × integrity indicator, with its warning if any.

    Parameters
    ----------
    data : DataFrame
        Counts (or raw answers) of the pulse's integrity questions.
    unit : str or list of str, optional
        Unit columns (e.g. "centre"); none judges the province as a whole.
    period : str, optional
        Period column.
    indicators : mapping, optional
        Name → :class:`ShareDefinition`; default :data:`INTEGRITY_INDICATORS`.
    tolerances : mapping, optional
        Name → tolerated share in percent (None: never judged); merged over
        :data:`TOLERANCES`.
    serious : sequence of str
        Indicators for which any report is a "notice".
    min_n : int
        No "at_risk" or "watch" on fewer answers (the share is then "too few answers").
    confidence : float
        Coverage of the Wilson interval.
    rule_templates : mapping
        Sentence per rule, see :data:`analysis.RULE_TEXT`.

    Returns
    -------
    DataFrame
        ``*unit, period, indicator, question, n, n_chosen, share, too_few, share_raw,
        ci_low, ci_high, tolerance, notice, severity, rule, rule_text`` (percent).
        ``severity`` is "at_risk", "watch", "notice" or None; ``rule`` one of
        "share_above_tolerance", "above_tolerance_no_evidence", "serious_report" or
        None; ``notice`` is True for every serious indicator with a report, whatever
        the severity. Rows with a warning come first (at_risk, notice, watch).

    Notes
    -----
    share = k / n with a Wilson interval. "at_risk" when n ≥ ``min_n`` and the lower
    bound is above the tolerance (so a centre whose true share equals the tolerance is
    wrongly flagged at most (1 − confidence)/2 of the time); "watch" when n ≥ ``min_n``
    and the share alone is above it; "notice" when a serious indicator has any report,
    on any number of answers, because a single illegal payment is the leader's business
    (the count goes to the centre's leader and the Department, never the person).

    Examples
    --------
    >>> counts = pd.DataFrame({"centre": ["Nhất Hòa"] * 2, "question": "integrity.extra_payment",
    ...                        "value": [1, 2], "n": [39, 3]})
    >>> res = integrity_warnings(counts, "centre")
    >>> res[["indicator", "n", "n_chosen", "severity", "rule", "notice"]]
           indicator   n  n_chosen severity                   rule  notice
    0  extra_payment  42         3  at_risk  share_above_tolerance    True
    """
    units = as_columns(unit, what="unit")
    keys = [*units, *([period] if period else [])]
    as_columns(keys)
    min_n = positive_int(min_n, name="min_n")
    tol = {**TOLERANCES, **(tolerances or {})}
    for name, value in tol.items():
        if value is not None and not 0 <= value <= 100:
            raise ValueError(f"tolerance for {name!r} must be a percentage, got {value}")
    shares = integrity_shares(
        data, keys, indicators=indicators, min_n=min_n, confidence=confidence
    ).reset_index(drop=True)
    if shares.empty:
        return pd.DataFrame(columns=[*keys, *_COLUMNS])
    shares["tolerance"] = shares["indicator"].map(tol.get).astype("float64")
    enough = ~shares["too_few"].to_numpy()
    above = enough & (shares["share_raw"] > shares["tolerance"]).to_numpy()
    evident = enough & (shares["ci_low"] > shares["tolerance"]).to_numpy()
    notice = (shares["indicator"].isin(list(serious)) & (shares["n_chosen"] > 0)).to_numpy()
    shares["notice"] = notice
    severity = np.select([evident, notice, above], ["at_risk", "notice", "watch"], "")
    rule = np.select(
        [evident, notice, above],
        ["share_above_tolerance", "serious_report", "above_tolerance_no_evidence"],
        "",
    )
    shares["severity"] = pd.Series(severity, dtype=object).replace("", None)
    shares["rule"] = pd.Series(rule, dtype=object).replace("", None)
    shares["rule_text"] = [
        None
        if r["rule"] is None
        else format_message(
            r["rule"],
            rule_templates,
            **{
                **r,
                "period": r[period] if period else "the period",
                "indicator": INDICATOR_TEXT.get(r["indicator"], r["indicator"]),
                "share": r["share_raw"],
            },
        )
        # Its column names are all strings: keyword arguments above.
        for r in cast("list[dict[str, Any]]", shares.to_dict("records"))
    ]
    order = shares["severity"].map(_ORDER).fillna(len(_ORDER)).to_numpy()
    shares = shares.iloc[np.argsort(order, kind="stable")]
    return shares[[*keys, *_COLUMNS]].reset_index(drop=True)
