"""Survey-only checks: Cronbach's alpha per factor and which factor drives satisfaction.

Both need one row per respondent (a wide frame, one column per question key), which only
the SIPAS survey provides: the pulse asks one question per factor.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations
from math import factorial
from typing import Literal

import numpy as np
import pandas as pd
from scipy import stats

from analysis._checks import require_columns, z_value
from analysis.method import SipasMethod

__all__ = ["DriverAnalysis", "cronbach_alpha", "driver_analysis"]


def _scale_frame(wide: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    require_columns(wide, columns, what="wide")
    try:
        scale: pd.DataFrame = wide[columns].apply(pd.to_numeric).astype(np.float64)
        return scale
    except (TypeError, ValueError) as exc:
        raise ValueError("answer columns must be numeric") from exc


def cronbach_alpha(
    wide: pd.DataFrame,
    items: pd.DataFrame,
    *,
    missing: Literal["listwise", "pairwise"] = "listwise",
    confidence: float = 0.95,
    method: SipasMethod | None = None,
) -> pd.DataFrame:
    """Cronbach's alpha of each factor's items.

    Parameters
    ----------
    wide : DataFrame
        One row per respondent, one column per question key, answers 1–5 or missing.
    items : DataFrame
        Item metadata; factors are (family, factor) pairs with two or more items
        present in ``wide``.
    missing : {"listwise", "pairwise"}
        "listwise" (default) keeps respondents who answered every item of the factor,
        so variances and covariances come from the same people and alpha is a proper
        reliability. "pairwise" uses every pair of answers (more data, but the
        covariance matrix may be inconsistent; ``n`` is then the smallest pair count).
    confidence : float
        Coverage of Feldt's interval (listwise only).
    method : SipasMethod, optional
        Families on the satisfaction scale.

    Returns
    -------
    DataFrame
        ``family, factor, items, n, alpha, ci_low, ci_high``.

    Notes
    -----
    α = k/(k − 1) × (1 − Σᵢ σᵢ² / σ²_total) = k/(k − 1) × (1 − tr C / ΣC) for the
    k × k covariance matrix C. Feldt's interval: 1 − (1 − α) F_{1−γ/2} and
    1 − (1 − α) F_{γ/2}, F on (n − 1, (n − 1)(k − 1)) degrees of freedom. Above 0.7
    is usually read as acceptable.

    Examples
    --------
    >>> wide = pd.DataFrame({"a.1": [5, 4, 3, 2, 4], "a.2": [5, 4, 2, 2, 5],
    ...                      "a.3": [4, 4, 3, 1, 4]})
    >>> items = pd.DataFrame({"question": ["a.1", "a.2", "a.3"],
    ...                       "family": "service", "factor": "access"})
    >>> round(float(cronbach_alpha(wide, items)["alpha"].iloc[0]), 4)
    0.9441
    """
    method = method or SipasMethod()
    if missing not in ("listwise", "pairwise"):
        raise ValueError("missing must be 'listwise' or 'pairwise'")
    z_value(confidence)
    require_columns(items, ["question", "family", "factor"], what="items")
    meta = items.loc[
        items["family"].isin(method.satisfaction_families) & items["question"].isin(wide.columns)
    ]
    rows = []
    for (family, factor), group in meta.groupby(["family", "factor"], sort=False):
        cols = group["question"].astype(str).tolist()
        k = len(cols)
        if k < 2:
            continue
        frame = _scale_frame(wide, cols)
        if missing == "listwise":
            frame = frame.dropna()
            n = len(frame)
        else:
            present = frame.notna().astype(int)
            n = int((present.T @ present).to_numpy().min())
        alpha = low = high = np.nan
        # Under two respondents there is no variance to speak of (and numpy would warn).
        cov = frame.cov().to_numpy() if n >= 2 else np.full((k, k), np.nan)
        if n >= 2 and np.isfinite(cov).all() and cov.sum() > 0:
            alpha = k / (k - 1) * (1 - np.trace(cov) / cov.sum())
            if missing == "listwise":
                d1, d2 = n - 1, (n - 1) * (k - 1)
                g = 1 - confidence
                low = 1 - (1 - alpha) * stats.f.ppf(1 - g / 2, d1, d2)
                high = 1 - (1 - alpha) * stats.f.ppf(g / 2, d1, d2)
        rows.append((family, factor, k, n, alpha, low, high))
    columns = ["family", "factor", "items", "n", "alpha", "ci_low", "ci_high"]
    return pd.DataFrame(rows, columns=columns)


@dataclass(frozen=True)
class DriverAnalysis:
    """Result of :func:`driver_analysis`: a per-factor table plus the model's fit."""

    table: pd.DataFrame
    r_squared: float
    n: int


def _r2(corr: np.ndarray, subset: tuple[int, ...]) -> float:
    """R² of the last variable on ``subset`` from a correlation matrix."""
    if not subset:
        return 0.0
    idx = list(subset)
    rxy = corr[idx, -1]
    return float(rxy @ np.linalg.solve(corr[np.ix_(idx, idx)], rxy))


def driver_analysis(
    wide: pd.DataFrame,
    items: pd.DataFrame,
    overall: str,
    *,
    family: str = "service",
    method: SipasMethod | None = None,
) -> DriverAnalysis:
    """Which factor moves overall satisfaction most.

    Parameters
    ----------
    wide : DataFrame
        One row per respondent, one column per question key.
    items : DataFrame
        Item metadata; a respondent's factor score is the mean of their answers to
        the factor's items in ``family``.
    overall : str
        Question key of overall satisfaction (e.g. "overall.visit").
    family : str
        Family whose factors are the drivers.
    method : SipasMethod, optional
        Factor order.

    Returns
    -------
    DriverAnalysis
        ``table``: ``factor, r, beta, lmg, share`` sorted by ``lmg``; ``r_squared``; ``n``.

    Notes
    -----
    Respondents missing the overall answer or any factor score are dropped (listwise),
    and answers are treated as interval scores 1–5. ``r`` is the correlation with
    overall, ``beta`` the standardized regression coefficient. Factor scores are
    strongly correlated, which makes betas unstable and even negative, so the ranking
    uses ``lmg``: the Lindeman–Merenda–Gold (Shapley) share of R², each factor's
    increase in R² averaged over all orders of entering the model,
    lmg_j = Σ_{S ⊆ others} |S|!(p − |S| − 1)!/p! × [R²(S ∪ j) − R²(S)]; the lmg sum to
    R², and ``share`` = lmg / R².

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> staff = rng.integers(1, 6, 300); access = rng.integers(1, 6, 300)
    >>> wide = pd.DataFrame({"staff.general": staff, "access.general": access,
    ...                      "overall.visit": np.clip(staff + rng.integers(-1, 2, 300), 1, 5)})
    >>> items = pd.DataFrame({"question": ["access.general", "staff.general"],
    ...                       "family": "service", "factor": ["access", "staff"]})
    >>> driver_analysis(wide, items, "overall.visit").table["factor"].iloc[0]
    'staff'
    """
    method = method or SipasMethod()
    require_columns(items, ["question", "family", "factor"], what="items")
    meta = items.loc[(items["family"] == family) & items["question"].isin(wide.columns)]
    order = [
        f for f in (*method.service_factors, *method.policy_factors) if f in set(meta["factor"])
    ]
    order += [f for f in pd.unique(meta["factor"]) if f not in order]
    if len(order) < 1:
        raise ValueError(f"no {family} items of items found among the columns of wide")
    scores = pd.DataFrame(
        {
            f: _scale_frame(wide, meta.loc[meta["factor"] == f, "question"].tolist()).mean(axis=1)
            for f in order
        }
    )
    scores["_overall"] = _scale_frame(wide, [overall])[overall]
    scores = scores.dropna()
    n, p = len(scores), len(order)
    if n <= p + 1:
        raise ValueError(f"need more than {p + 1} complete respondents, got {n}")
    corr = np.corrcoef(scores.to_numpy(), rowvar=False)
    if not np.isfinite(corr).all():
        raise ValueError("a factor score or the overall answer does not vary")
    beta = np.linalg.solve(corr[:p, :p], corr[:p, -1])
    full = _r2(corr, tuple(range(p)))
    lmg = np.zeros(p)
    for j in range(p):
        others = [i for i in range(p) if i != j]
        for size in range(p):
            weight = factorial(size) * factorial(p - size - 1) / factorial(p)
            for subset in combinations(others, size):
                lmg[j] += weight * (_r2(corr, (*subset, j)) - _r2(corr, subset))
    table = pd.DataFrame(
        {"factor": order, "r": corr[:p, -1], "beta": beta, "lmg": lmg, "share": lmg / full}
    )
    table = table.sort_values("lmg", ascending=False, ignore_index=True)
    return DriverAnalysis(table, full, n)
