"""Forecasts of criteria, totals by field and for the province, and the PAR group.

A criterion's forecast is its rule applied to the latest accepted value; points at risk
are maximum − forecast. When nothing has been reported the forecast says what it assumed
(last year's points, or nothing) in its ``basis``, so no page passes an assumption off as
a measurement. Survey-derived criteria are forecast from an index estimate with its
confidence interval and carry the points at both ends.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from analysis.par_index.errors import RuleError
from analysis.par_index.kinds import Rule, check_maximum
from analysis.par_index.values import IndexValue, Measured

__all__ = [
    "BASES",
    "GROUPS",
    "Forecast",
    "IndexEstimate",
    "ParGroup",
    "Total",
    "Totals",
    "forecast_criterion",
    "forecast_survey_criterion",
    "forecast_totals",
    "par_group",
]

#: Where a forecast's points come from.
BASES = ("reported", "survey_estimate", "last_year", "nothing")
#: PAR INDEX groups by index (%): A ≥ 90, B 80–<90, C 70–<80; below 70 "below_C".
GROUPS: tuple[tuple[float, str], ...] = ((90.0, "A"), (80.0, "B"), (70.0, "C"))
_TOL = 1e-9


@dataclass(frozen=True)
class IndexEstimate:
    """A survey index estimate in %, its confidence interval and the answers behind it.

    Examples
    --------
    >>> IndexEstimate(82.0, 78.5, 85.1, n=240).estimate
    82.0
    """

    estimate: float
    low: float
    high: float
    n: int

    def __post_init__(self) -> None:
        for value in (self.estimate, self.low, self.high):
            IndexValue(value)  # 0–100, finite
        if not self.low <= self.estimate <= self.high:
            raise RuleError(
                "interval_order", "value", low=self.low, est=self.estimate, high=self.high
            )
        if isinstance(self.n, bool) or not isinstance(self.n, int) or self.n < 0:
            raise RuleError("negative_sample", "n", got=self.n)


@dataclass(frozen=True)
class Forecast:
    """One criterion's forecast.

    Attributes
    ----------
    points : float
        The forecast points, in [0, maximum].
    basis : str
        One of :data:`BASES`: ``"reported"`` (the rule on the latest accepted value),
        ``"survey_estimate"`` (the rule on a survey index estimate: a forecast of points
        the ministry will set), ``"last_year"`` (nothing reported: last year's points
        assumed), ``"nothing"`` (nothing reported, no last year: 0 assumed).
    points_low, points_high : float or None
        For survey estimates, the points at the two ends of the index interval.
    """

    code: str
    field: str
    maximum: float
    points: float
    basis: str
    last_year: float | None = None
    points_low: float | None = None
    points_high: float | None = None
    n: int | None = None

    @property
    def at_risk(self) -> float:
        """Points at risk: maximum − forecast."""
        return self.maximum - self.points

    @property
    def assumed(self) -> bool:
        """True when no value was reported and the points are an assumption."""
        return self.basis in ("last_year", "nothing")

    @property
    def change(self) -> float | None:
        """Forecast − last year's points (None when last year is unknown)."""
        return None if self.last_year is None else self.points - self.last_year


def _last_year(last_year: float | None, maximum: float) -> float | None:
    if last_year is None:
        return None
    if not 0.0 <= last_year <= maximum + _TOL:
        raise RuleError("last_year_range", "last_year", got=last_year, maximum=maximum)
    return float(last_year)


def _assumed(code: str, field: str, maximum: float, last_year: float | None) -> Forecast:
    if last_year is not None:
        return Forecast(code, field, maximum, last_year, "last_year", last_year)
    return Forecast(code, field, maximum, 0.0, "nothing", None)


def forecast_criterion(
    rule: Rule,
    maximum: float,
    value: Measured | None,
    *,
    code: str = "",
    field: str = "",
    last_year: float | None = None,
) -> Forecast:
    """Forecast a criterion from the latest accepted value of its measurement.

    Parameters
    ----------
    rule : Rule
        The criterion's scoring rule.
    maximum : float
        The criterion's maximum points.
    value : Measured or None
        The latest accepted value; None when nothing has been reported yet.
    code, field : str
        The criterion's code and its field's code (carried into totals).
    last_year : float, optional
        Last year's points obtained (appraised), in [0, maximum].

    Returns
    -------
    Forecast

    Notes
    -----
    forecast = rule(value, maximum); at risk = maximum − forecast. With no value the
    forecast assumes last year's points when known (``basis="last_year"``: nothing has
    been done to lose or gain them yet), else 0 (``basis="nothing"``).

    Examples
    --------
    >>> from analysis.par_index.rules import parse_rule
    >>> from analysis.par_index.values import Rate
    >>> rule = parse_rule("bands", {"bands": [{"threshold": 100, "points": 1},
    ...                                       {"threshold": 90, "points": 0.5}]})
    >>> f = forecast_criterion(rule, 1.0, Rate(93.0), code="3.2.1", last_year=0.0)
    >>> (f.points, f.at_risk, f.basis, f.change)
    (0.5, 0.5, 'reported', 0.5)
    >>> forecast_criterion(rule, 1.0, None, last_year=1.0).basis
    'last_year'
    """
    top = check_maximum(maximum)
    before = _last_year(last_year, top)
    if value is None:
        return _assumed(code, field, top, before)
    return Forecast(code, field, top, rule.score(value, top), "reported", before)


def forecast_survey_criterion(
    rule: Rule,
    maximum: float,
    estimate: IndexEstimate | None,
    *,
    code: str = "",
    field: str = "",
    last_year: float | None = None,
) -> Forecast:
    """Forecast a survey-derived criterion from an index estimate and its interval.

    Parameters
    ----------
    rule : Rule
        The criterion's rule (a ``survey`` rule: the index → points mapping).
    maximum : float
        The criterion's maximum points.
    estimate : IndexEstimate or None
        The index measured by this service (e.g. a SIPAS index with its 95 % interval);
        None when there are no answers yet.
    code, field, last_year
        As for :func:`forecast_criterion`.

    Returns
    -------
    Forecast
        ``basis="survey_estimate"``, with ``points_low`` and ``points_high``.

    Notes
    -----
    points = rule(est); the points interval is [rule(low), rule(high)] (the mapping never
    falls as the index rises, so the ends of the index interval give the ends of the
    points interval). An interval that crosses a band threshold gives different points
    at its two ends: the forecast is uncertain by that much.

    Examples
    --------
    >>> from analysis.par_index.rules import parse_rule
    >>> rule = parse_rule("survey", {"mapping": "bands", "bands": [
    ...     {"index": 85, "points": 2}, {"index": 75, "points": 1}]})
    >>> f = forecast_survey_criterion(rule, 2.0, IndexEstimate(86.0, 83.0, 89.0, n=300))
    >>> (f.points, f.points_low, f.points_high, f.basis)
    (2.0, 1.0, 2.0, 'survey_estimate')
    """
    top = check_maximum(maximum)
    before = _last_year(last_year, top)
    if estimate is None:
        return _assumed(code, field, top, before)
    points = rule.score(IndexValue(estimate.estimate), top)
    ends = (rule.score(IndexValue(estimate.low), top), rule.score(IndexValue(estimate.high), top))
    return Forecast(
        code,
        field,
        top,
        points,
        "survey_estimate",
        before,
        points_low=min(ends),
        points_high=max(ends),
        n=estimate.n,
    )


@dataclass(frozen=True)
class Total:
    """Sums over a field (``scope`` = its code) or the province (``scope`` = "").

    ``points_low`` / ``points_high`` put every survey estimate at its low (high) end at
    once: a range for the total, not a confidence interval. ``last_year`` is None unless
    every criterion's last-year points are known (``last_year_missing`` counts the gaps).
    """

    scope: str
    maximum: float
    points: float
    points_low: float
    points_high: float
    survey_points: float
    assumed: int
    last_year: float | None
    last_year_missing: int

    @property
    def at_risk(self) -> float:
        """Points at risk: maximum − forecast."""
        return self.maximum - self.points

    @property
    def index(self) -> float:
        """Points ÷ maximum, in % (a field's sub-index; the province's PAR INDEX)."""
        return 100.0 * self.points / self.maximum if self.maximum else 0.0

    @property
    def change(self) -> float | None:
        """Forecast − last year's points (None when last year is incomplete)."""
        return None if self.last_year is None else self.points - self.last_year


@dataclass(frozen=True)
class Totals:
    """The fields' totals (in the order fields first appear) and the province's."""

    fields: tuple[Total, ...]
    province: Total


def _total(scope: str, items: Sequence[Forecast]) -> Total:
    missing = sum(f.last_year is None for f in items)
    return Total(
        scope=scope,
        maximum=sum(f.maximum for f in items),
        points=sum(f.points for f in items),
        points_low=sum(f.points if f.points_low is None else f.points_low for f in items),
        points_high=sum(f.points if f.points_high is None else f.points_high for f in items),
        survey_points=sum(f.points for f in items if f.basis == "survey_estimate"),
        assumed=sum(f.assumed for f in items),
        last_year=None if missing else sum(f.last_year or 0.0 for f in items),
        last_year_missing=missing,
    )


def forecast_totals(forecasts: Sequence[Forecast]) -> Totals:
    """Totals of the criteria's forecasts by field and for the province.

    Parameters
    ----------
    forecasts : sequence of Forecast
        One per scored (leaf) criterion; a parent criterion's points are its children's.

    Returns
    -------
    Totals

    Notes
    -----
    Each total is Σ points, Σ maximum, at risk = Σ maximum − Σ points, index =
    100 · Σ points ÷ Σ maximum; the change against last year is Σ points − Σ last year.

    Examples
    --------
    >>> t = forecast_totals([Forecast("1.1", "1", 2.0, 1.5, "reported", 2.0),
    ...                      Forecast("2.1", "2", 3.0, 3.0, "reported", 2.0)])
    >>> (t.province.points, t.province.at_risk, t.province.change, t.fields[0].at_risk)
    (4.5, 0.5, 0.5, 0.5)
    """
    by_field: dict[str, list[Forecast]] = {}
    for item in forecasts:
        by_field.setdefault(item.field, []).append(item)
    fields = tuple(_total(name, items) for name, items in by_field.items())
    return Totals(fields, _total("", list(forecasts)))


@dataclass(frozen=True)
class ParGroup:
    """The index in % and its PAR group: "A", "B", "C" or "below_C"."""

    index: float
    group: str


def par_group(points: float, total: float = 100.0) -> ParGroup:
    """The PAR INDEX group of a score.

    Parameters
    ----------
    points : float
        Points obtained (or forecast).
    total : float, default 100
        The set's total points.

    Returns
    -------
    ParGroup

    Notes
    -----
    index = 100 · points ÷ total; A if index ≥ 90, B if 80 ≤ index < 90, C if
    70 ≤ index < 80, else "below_C" (the method names no group under C).

    Examples
    --------
    >>> par_group(89.99), par_group(90.0).group, par_group(64.0).group
    (ParGroup(index=89.99, group='B'), 'A', 'below_C')
    """
    top = check_maximum(total)
    if top == 0:
        raise RuleError("not_positive", "total", got=top)
    index = 100.0 * points / top
    for threshold, name in GROUPS:
        if index >= threshold - _TOL:
            return ParGroup(index, name)
    return ParGroup(index, "below_C")
