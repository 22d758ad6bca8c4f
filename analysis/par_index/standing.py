"""Where a criterion or a unit stands: a delivery judgement in four levels, and rankings.

The judgement follows the delivery units' practice (``tracker.md``): not just "points at
risk" but the likelihood of delivering full points, in four levels — green, amber-green,
amber-red, red — with the reason as a code the app words in Vietnamese
(:data:`JUDGEMENT_TEXT` is the English reference). Rankings serve the province's internal
index, where the scored units are its departments and communes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from analysis.par_index._params import as_number
from analysis.par_index.errors import RuleError
from analysis.par_index.kinds import check_maximum

__all__ = [
    "JUDGEMENT_TEXT",
    "LEVELS",
    "Judgement",
    "RankedUnit",
    "judge_delivery",
    "rank_scored_units",
]

#: Best to worst.
LEVELS = ("green", "amber_green", "amber_red", "red")

JUDGEMENT_TEXT: dict[str, str] = {
    "full": "Full points forecast and no task overdue.",
    "full_but_overdue": "Full points forecast, but {overdue} task(s) overdue.",
    "partial": "{share:.0%} of the points forecast; no task overdue, not getting worse.",
    "partial_and_overdue": "{share:.0%} of the points forecast and {overdue} task(s) overdue.",
    "partial_and_worsening": "{share:.0%} of the points forecast, lower than last month.",
    "low_but_improving": "Only {share:.0%} of the points forecast, but better than last month.",
    "low": "Only {share:.0%} of the points forecast.",
    "low_and_overdue": "Only {share:.0%} of the points forecast and {overdue} task(s) overdue.",
}
_TOL = 1e-9


@dataclass(frozen=True)
class Judgement:
    """A delivery judgement: ``level`` of :data:`LEVELS`, ``reason`` of :data:`JUDGEMENT_TEXT`.

    ``trend`` is "improving", "steady", "worsening" or "unknown" (no previous forecast).
    """

    level: str
    reason: str
    share: float
    trend: str
    overdue: int

    @property
    def text(self) -> str:
        """The English sentence for the reason."""
        return JUDGEMENT_TEXT[self.reason].format(share=self.share, overdue=self.overdue)


def _trend(points: float, previous: float | None) -> str:
    if previous is None:
        return "unknown"
    if points > previous + _TOL:
        return "improving"
    if points < previous - _TOL:
        return "worsening"
    return "steady"


def judge_delivery(
    points: float,
    maximum: float,
    *,
    previous: float | None = None,
    overdue: int = 0,
    amber_share: float = 0.75,
) -> Judgement:
    """Judge the likelihood of keeping a criterion's (or a field's) full points.

    Parameters
    ----------
    points : float
        The forecast points now.
    maximum : float
        The maximum points.
    previous : float, optional
        The forecast a month ago: the trajectory (improving, steady, worsening).
    overdue : int, default 0
        Remediation tasks past their deadline and not done.
    amber_share : float, default 0.75
        The share of the maximum below which a forecast counts as low.

    Returns
    -------
    Judgement

    Notes
    -----
    With s = points ÷ maximum (1 when the maximum is 0):

    ===========================  ================  ===========================
    forecast                     tasks, trend      level (reason)
    ===========================  ================  ===========================
    s = 1                        none overdue      green (full)
    s = 1                        some overdue      amber-green (full_but_overdue)
    amber_share ≤ s < 1          overdue           amber-red (partial_and_overdue)
    amber_share ≤ s < 1          worsening         amber-red (partial_and_worsening)
    amber_share ≤ s < 1          otherwise         amber-green (partial)
    s < amber_share              overdue           red (low_and_overdue)
    s < amber_share              improving         amber-red (low_but_improving)
    s < amber_share              otherwise         red (low)
    ===========================  ================  ===========================

    Overdue tasks weigh more than the trend: a plan that is not being carried out does
    not make a rising forecast credible.

    Examples
    --------
    >>> judge_delivery(1.0, 1.0).level
    'green'
    >>> j = judge_delivery(0.5, 2.0, previous=0.0)
    >>> (j.level, j.reason, j.trend)
    ('amber_red', 'low_but_improving', 'improving')
    """
    top = check_maximum(maximum)
    if isinstance(overdue, bool) or not isinstance(overdue, int) or overdue < 0:
        raise RuleError("negative_overdue", "overdue", got=overdue)
    if not 0.0 < amber_share <= 1.0:
        raise RuleError("share_range", "amber_share", got=amber_share)
    share = 1.0 if top == 0 else min(max(points / top, 0.0), 1.0)
    trend = _trend(points, previous)
    if share >= 1.0 - _TOL:
        level, reason = ("amber_green", "full_but_overdue") if overdue else ("green", "full")
    elif share >= amber_share - _TOL:
        if overdue:
            level, reason = "amber_red", "partial_and_overdue"
        elif trend == "worsening":
            level, reason = "amber_red", "partial_and_worsening"
        else:
            level, reason = "amber_green", "partial"
    elif overdue:
        level, reason = "red", "low_and_overdue"
    elif trend == "improving":
        level, reason = "amber_red", "low_but_improving"
    else:
        level, reason = "red", "low"
    return Judgement(level, reason, share, trend, overdue)


@dataclass(frozen=True)
class RankedUnit:
    """A unit's score and rank (1 = best); ``tied`` when another unit shares the rank."""

    unit: str
    score: float
    rank: int
    tied: bool


def rank_scored_units(scores: Mapping[str, float], *, decimals: int = 2) -> list[RankedUnit]:
    """Rank units by score, best first, ties sharing a rank.

    Parameters
    ----------
    scores : Mapping[str, float]
        Each unit's points (or index).
    decimals : int, default 2
        Scores equal when rounded to this many decimals tie (scores are published with
        two decimals: a difference nobody can see must not decide a rank).

    Returns
    -------
    list of RankedUnit
        Best first; tied units in alphabetical order.

    Notes
    -----
    Standard competition ranking ("1224"): a unit's rank is 1 + the number of units
    with a strictly higher rounded score, so after two units tied at 2 comes rank 4.

    Examples
    --------
    >>> [(r.unit, r.rank, r.tied) for r in rank_scored_units(
    ...     {"Xã A": 81.2, "Xã B": 90.004, "Xã C": 90.0, "Xã D": 75.0})]
    [('Xã B', 1, True), ('Xã C', 1, True), ('Xã A', 3, False), ('Xã D', 4, False)]
    """
    if isinstance(decimals, bool) or not isinstance(decimals, int) or decimals < 0:
        raise RuleError("not_integer", "decimals", got=decimals)
    values = {unit: as_number(score, str(unit)) for unit, score in scores.items()}
    rounded = {unit: round(score, decimals) for unit, score in values.items()}
    order = sorted(rounded, key=lambda unit: (-rounded[unit], unit))
    ranked: list[RankedUnit] = []
    counts: dict[float, int] = {}
    for value in rounded.values():
        counts[value] = counts.get(value, 0) + 1
    for position, unit in enumerate(order):
        value = rounded[unit]
        rank = position + 1
        if ranked and round(ranked[-1].score, decimals) == value:
            rank = ranked[-1].rank
        ranked.append(RankedUnit(unit, values[unit], rank, counts[value] > 1))
    return ranked
