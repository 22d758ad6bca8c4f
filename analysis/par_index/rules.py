"""Parsing the scoring rules of PAR INDEX criteria from plain dicts, with checks.

Six kinds cover the shapes seen in official and provincial scoring tables
(``tracker.md``): ``binary``, ``timeliness`` (a ladder of days late), ``bands``
(ordered rate thresholds), ``proportional`` (maximum × rate, clipped), ``deduction``
(a penalty per breach, floor 0, optional cap) and ``survey`` (an index mapped to points by
bands or linearly between two anchors); their classes live in
:mod:`analysis.par_index.kinds` and are re-exported here. A rule is stored as its kind
plus a JSON object of parameters; :func:`parse_rule` turns that pair into a rule object,
or raises :class:`~analysis.par_index.errors.RuleError` with a stable code and the
offending field, so the caller can say in Vietnamese what is wrong and where.
"""

from __future__ import annotations

from collections.abc import Mapping

from analysis.par_index import _params as p
from analysis.par_index.errors import RuleError
from analysis.par_index.kinds import (
    Band,
    BandsRule,
    BinaryRule,
    DeductionRule,
    ProportionalRule,
    Rule,
    SurveyRule,
    Tier,
    TimelinessRule,
    check_maximum,
)

__all__ = [
    "KINDS",
    "Band",
    "BandsRule",
    "BinaryRule",
    "DeductionRule",
    "ProportionalRule",
    "Rule",
    "RuleError",
    "SurveyRule",
    "Tier",
    "TimelinessRule",
    "parse_rule",
]


def _parse_bands(
    params: Mapping[str, object], direction: str, maximum: float | None, what: str = "threshold"
) -> tuple[Band, ...]:
    bands: list[Band] = []
    for i, row in enumerate(p.entries(params, "bands")):
        here = f"bands[{i}]"
        p.check_keys(row, (what, "points"))
        threshold = p.non_negative(p.number(row, what, label=f"{here}.{what}"), f"{here}.{what}")
        points = p.non_negative(p.number(row, "points", label=f"{here}.points"), f"{here}.points")
        p.within_maximum(points, maximum, f"{here}.points")
        if bands:
            before = bands[-1]
            ordered = (
                threshold < before.threshold
                if direction == "higher"
                else threshold > before.threshold
            )
            if not ordered:
                raise RuleError("bands_order", "bands", previous=before.threshold, got=threshold)
            if points > before.points:
                raise RuleError("bands_points_order", "bands", previous=before.points, got=points)
        bands.append(Band(threshold, points))
    return tuple(bands)


def _parse_timeliness(params: Mapping[str, object], maximum: float | None) -> Rule:
    p.check_keys(params, ("tiers",))
    tiers: list[Tier] = []
    for i, row in enumerate(p.entries(params, "tiers")):
        here = f"tiers[{i}]"
        p.check_keys(row, ("days_late", "share"))
        days = p.number(row, "days_late", label=f"{here}.days_late")
        if days != int(days):
            raise RuleError("not_integer", f"{here}.days_late", got=days)
        p.non_negative(days, f"{here}.days_late")
        fraction = p.share(p.number(row, "share", label=f"{here}.share"), f"{here}.share")
        if tiers and (days <= tiers[-1].days_late or fraction > tiers[-1].share):
            raise RuleError("tiers_order", "tiers", previous=tiers[-1].days_late, got=days)
        tiers.append(Tier(int(days), fraction))
    return TimelinessRule(tuple(tiers))


def _parse_bands_rule(params: Mapping[str, object], maximum: float | None) -> Rule:
    p.check_keys(params, ("bands", "direction"))
    direction = p.choice(params, "direction", ("higher", "lower"))
    return BandsRule(_parse_bands(params, direction, maximum), direction)


def _parse_proportional(params: Mapping[str, object], maximum: float | None) -> Rule:
    p.check_keys(params, ("zero_at", "full_at"))
    low = p.non_negative(p.number(params, "zero_at", default=0.0), "zero_at")
    high = p.number(params, "full_at", default=100.0)
    if high <= low:
        raise RuleError("rates_order", "full_at", low=low, high=high)
    return ProportionalRule(low, high)


def _parse_deduction(params: Mapping[str, object], maximum: float | None) -> Rule:
    p.check_keys(params, ("per_breach", "cap"))
    per = p.number(params, "per_breach")
    if per <= 0:
        raise RuleError("not_positive", "per_breach", got=per)
    cap: float | None = None
    if params.get("cap") not in (None, ""):
        cap = p.number(params, "cap")
        if cap <= 0:
            raise RuleError("not_positive", "cap", got=cap)
    return DeductionRule(per, cap)


def _parse_anchor(params: Mapping[str, object], field: str, maximum: float | None) -> Band:
    row = p.mapping(params, field)
    p.check_keys(row, ("index", "points"))
    index = p.number(row, "index", label=f"{field}.index")
    if not 0.0 <= index <= 100.0:
        raise RuleError("index_range", f"{field}.index", got=index)
    points = p.non_negative(p.number(row, "points", label=f"{field}.points"), f"{field}.points")
    p.within_maximum(points, maximum, f"{field}.points")
    return Band(index, points)


def _parse_survey(params: Mapping[str, object], maximum: float | None) -> Rule:
    mapping = p.choice(params, "mapping", ("bands", "linear"))
    if mapping == "bands":
        p.check_keys(params, ("mapping", "bands"))
        return SurveyRule(mapping, bands=_parse_bands(params, "higher", maximum, "index"))
    p.check_keys(params, ("mapping", "low", "high"))
    low, high = _parse_anchor(params, "low", maximum), _parse_anchor(params, "high", maximum)
    if high.threshold <= low.threshold or high.points < low.points:
        raise RuleError("anchors_order", "high", low=low.threshold, high=high.threshold)
    return SurveyRule(mapping, low=low, high=high)


def _parse_binary(params: Mapping[str, object], maximum: float | None) -> Rule:
    p.check_keys(params, ())
    return BinaryRule()


_PARSERS = {
    "binary": _parse_binary,
    "timeliness": _parse_timeliness,
    "bands": _parse_bands_rule,
    "proportional": _parse_proportional,
    "deduction": _parse_deduction,
    "survey": _parse_survey,
}
KINDS: tuple[str, ...] = tuple(_PARSERS)


def parse_rule(kind: str, params: Mapping[str, object], *, maximum: float | None = None) -> Rule:
    """Build a rule from its kind and plain-dict parameters, checking them.

    Parameters
    ----------
    kind : str
        One of :data:`KINDS`.
    params : Mapping
        The parameters as stored (JSON) or read from an Excel cell; unknown keys are refused.
    maximum : float, optional
        The criterion's maximum: when given, no band or anchor may name more points.

    Returns
    -------
    Rule

    Raises
    ------
    RuleError
        With ``code`` and ``field`` saying what is wrong (see ``ERROR_MESSAGES``).

    Examples
    --------
    >>> parse_rule("deduction", {"per_breach": "0,25"})
    DeductionRule(per_breach=0.25, cap=None)
    >>> parse_rule("bands", {"bands": [{"threshold": 90, "points": 3}]}, maximum=2)
    ... # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    analysis.par_index.errors.RuleError: The parameter 'bands[0].points' gives 3 points, ...
    """
    parser = _PARSERS.get(kind.strip().lower() if isinstance(kind, str) else "")
    if parser is None:
        raise RuleError("unknown_kind", "kind", kind=kind, known=list(KINDS))
    top = None if maximum is None else check_maximum(maximum)
    return parser(params, top)
