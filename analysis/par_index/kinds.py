"""The six kinds of scoring rule: typed, frozen objects that score a measured value.

Six kinds cover the shapes seen in official and provincial scoring tables
(docs: ``tracker.md``): ``binary``, ``timeliness`` (a ladder of days late), ``bands``
(ordered rate thresholds), ``proportional`` (maximum × rate, clipped), ``deduction``
(a penalty per breach, floor 0, optional cap) and ``survey`` (an index mapped to points by
bands or linearly between two anchors). A rule is stored as its kind plus a JSON object of
parameters; :func:`analysis.par_index.rules.parse_rule` builds these objects from that pair.

Every rule scores within [0, maximum]: the points its parameters name never exceed the
maximum (checked at parse time when the maximum is given, and again when scoring).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import ClassVar, cast

from analysis.par_index import _params as p
from analysis.par_index.describe import Description, Line
from analysis.par_index.errors import RuleError
from analysis.par_index.values import Count, DatePair, Done, IndexValue, Measured, Rate

__all__ = [
    "Band",
    "BandsRule",
    "BinaryRule",
    "DeductionRule",
    "ProportionalRule",
    "Rule",
    "SurveyRule",
    "Tier",
    "TimelinessRule",
]

_TOL = 1e-9  # a rate computed as 89.99999999999999 is on the 90 % threshold


def check_maximum(maximum: float) -> float:
    """A criterion's maximum as a float, refused (RuleError) when negative or not a number."""
    value = p.as_number(maximum, "maximum")
    if value < 0:
        raise RuleError("negative_maximum", "maximum", got=value)
    return value


class Rule(ABC):
    """A criterion's scoring rule: a measured value and the criterion's maximum → points."""

    kind: ClassVar[str]
    value_type: ClassVar[type]
    #: What the lead agency reports: "done", "dates", "rate", "count" or "index".
    value_kind: ClassVar[str]

    def score(self, value: Measured, maximum: float) -> float:
        """Points in [0, maximum] for ``value`` (RuleError for a value of the wrong kind)."""
        top = check_maximum(maximum)
        if not isinstance(value, self.value_type):
            raise RuleError(
                "wrong_value",
                "value",
                kind=self.kind,
                expected=self.value_kind,
                got=type(value).__name__,
            )
        return min(max(self._points(value, top), 0.0), top)

    @abstractmethod
    def _points(self, value: Measured, maximum: float) -> float: ...

    @abstractmethod
    def describe(self) -> Description:
        """The rule in lines the UI can show (codes + numbers; English via ``.text``)."""

    @abstractmethod
    def params(self) -> dict[str, object]:
        """The plain-dict parameters :func:`parse_rule` reads back (JSON- and Excel-ready)."""


@dataclass(frozen=True)
class BinaryRule(Rule):
    """Done → the maximum, not done → 0.

    Notes
    -----
    points = maximum · 𝟙[done].

    Examples
    --------
    >>> BinaryRule().score(Done(True), 1.5)
    1.5
    """

    kind: ClassVar[str] = "binary"
    value_type: ClassVar[type] = Done
    value_kind: ClassVar[str] = "done"

    def _points(self, value: Measured, maximum: float) -> float:
        value = cast(Done, value)  # checked by score()
        return maximum if value.done else 0.0

    def describe(self) -> Description:
        """Two lines: done, not done."""
        return Description(self.kind, (Line("binary_done"), Line("binary_not_done")))

    def params(self) -> dict[str, object]:
        """No parameters."""
        return {}


@dataclass(frozen=True)
class Tier:
    """Done at most ``days_late`` days after the due date → ``share`` of the maximum."""

    days_late: int
    share: float


@dataclass(frozen=True)
class TimelinessRule(Rule):
    """A ladder of days late: on time → full, a little late → part, later or missing → 0.

    Notes
    -----
    With d = done − due in days and tiers (d₁ < d₂ < …, s₁ ≥ s₂ ≥ …):
    points = maximum · sₖ for the first k with d ≤ dₖ, and 0 beyond the last tier or
    when the task was never done. While the task is open and ``as_of`` is known, the
    score is the best still within reach, as if done that day: d = max(0, as_of − due).

    Examples
    --------
    >>> from datetime import date
    >>> rule = TimelinessRule((Tier(0, 1.0), Tier(30, 0.5)))
    >>> rule.score(DatePair(date(2026, 3, 31), date(2026, 4, 1)), 2.0)
    1.0
    """

    tiers: tuple[Tier, ...]
    kind: ClassVar[str] = "timeliness"
    value_type: ClassVar[type] = DatePair
    value_kind: ClassVar[str] = "dates"

    def _points(self, value: Measured, maximum: float) -> float:
        value = cast(DatePair, value)  # checked by score()
        late = value.days_late
        if late is None:
            if value.as_of is None:
                return 0.0
            late = max(0, (value.as_of - value.due).days)
        for tier in self.tiers:
            if late <= tier.days_late:
                return maximum * tier.share
        return 0.0

    def describe(self) -> Description:
        """One line per tier, then the zero."""
        lines = [
            Line(
                "tier_on_time" if t.days_late == 0 else "tier_late",
                days=t.days_late,
                percent=round(t.share * 100, 6),
            )
            for t in self.tiers
        ]
        return Description(self.kind, (*lines, Line("tier_else")))

    def params(self) -> dict[str, object]:
        """``{"tiers": [{"days_late": d, "share": s}, …]}``."""
        return {"tiers": [{"days_late": t.days_late, "share": t.share} for t in self.tiers]}


@dataclass(frozen=True)
class Band:
    """A threshold (a rate or an index, in %) and the points it gives."""

    threshold: float
    points: float


def _band_points(bands: tuple[Band, ...], x: float, direction: str) -> float:
    for band in bands:
        if direction == "higher":
            reached = x >= band.threshold - _TOL
        else:
            reached = x <= band.threshold + _TOL
        if reached:
            return band.points
    return 0.0


def _band_lines(bands: tuple[Band, ...], direction: str, what: str) -> tuple[Line, ...]:
    code = f"{what}_at_least" if direction == "higher" else f"{what}_at_most"
    lines = [Line(code, threshold=b.threshold, points=b.points) for b in bands]
    return (*lines, Line("band_else"))


@dataclass(frozen=True)
class BandsRule(Rule):
    """Ordered rate thresholds, each giving points; beyond the last band, 0.

    Notes
    -----
    ``direction="higher"`` (the default): points = pₖ for the first band with
    rate ≥ tₖ (t₁ > t₂ > …, p₁ ≥ p₂ ≥ …); ``direction="lower"`` (a rate of late dossiers,
    say): the first band with rate ≤ tₖ (t₁ < t₂ < …). A rate on a threshold belongs to
    that threshold's band; rates above 100 % are scored as they are.

    Examples
    --------
    >>> rule = BandsRule((Band(100, 1.0), Band(90, 0.5)))
    >>> [rule.score(Rate(r), 1.0) for r in (104, 100, 95, 90, 89.9)]
    [1.0, 1.0, 0.5, 0.5, 0.0]
    """

    bands: tuple[Band, ...]
    direction: str = "higher"
    kind: ClassVar[str] = "bands"
    value_type: ClassVar[type] = Rate
    value_kind: ClassVar[str] = "rate"

    def _points(self, value: Measured, maximum: float) -> float:
        value = cast(Rate, value)  # checked by score()
        return _checked(_band_points(self.bands, value.percent, self.direction), maximum)

    def describe(self) -> Description:
        """One line per band, then the zero."""
        return Description(self.kind, _band_lines(self.bands, self.direction, "rate"))

    def params(self) -> dict[str, object]:
        """``{"direction": …, "bands": [{"threshold": t, "points": p}, …]}``."""
        return {"direction": self.direction, "bands": _bands_params(self.bands)}


@dataclass(frozen=True)
class ProportionalRule(Rule):
    """Points in proportion to a rate, clipped to [0, maximum].

    Notes
    -----
    points = maximum · clip((rate − r₀) / (r₁ − r₀), 0, 1), with r₀ = ``zero_at``
    (default 0 %) and r₁ = ``full_at`` (default 100 %): by default maximum × rate.

    Examples
    --------
    >>> rule = ProportionalRule()
    >>> [rule.score(Rate(r), 2.0) for r in (0, 45, 100, 130)]
    [0.0, 0.9, 2.0, 2.0]
    """

    zero_at: float = 0.0
    full_at: float = 100.0
    kind: ClassVar[str] = "proportional"
    value_type: ClassVar[type] = Rate
    value_kind: ClassVar[str] = "rate"

    def _points(self, value: Measured, maximum: float) -> float:
        value = cast(Rate, value)  # checked by score()
        fraction = (value.percent - self.zero_at) / (self.full_at - self.zero_at)
        return maximum * min(max(fraction, 0.0), 1.0)

    def describe(self) -> Description:
        """One line: the formula."""
        return Description(
            self.kind, (Line("proportional", zero_at=self.zero_at, full_at=self.full_at),)
        )

    def params(self) -> dict[str, object]:
        """``{"zero_at": r0, "full_at": r1}``."""
        return {"zero_at": self.zero_at, "full_at": self.full_at}


@dataclass(frozen=True)
class DeductionRule(Rule):
    """A penalty per breach taken off the maximum, never below 0, optionally capped.

    Notes
    -----
    points = max(0, maximum − min(per_breach · n, cap)), with cap = ∞ when not given.

    Examples
    --------
    >>> rule = DeductionRule(0.5, cap=1.0)
    >>> [rule.score(Count(n), 2.0) for n in (0, 1, 5)]
    [2.0, 1.5, 1.0]
    """

    per_breach: float
    cap: float | None = None
    kind: ClassVar[str] = "deduction"
    value_type: ClassVar[type] = Count
    value_kind: ClassVar[str] = "count"

    def _points(self, value: Measured, maximum: float) -> float:
        value = cast(Count, value)  # checked by score()
        lost = self.per_breach * value.n
        if self.cap is not None:
            lost = min(lost, self.cap)
        return max(0.0, maximum - lost)

    def describe(self) -> Description:
        """The penalty, then the cap if any."""
        lines = [Line("deduction", per_breach=self.per_breach)]
        if self.cap is not None:
            lines.append(Line("deduction_cap", cap=self.cap))
        return Description(self.kind, tuple(lines))

    def params(self) -> dict[str, object]:
        """``{"per_breach": x, "cap": c or None}``."""
        return {"per_breach": self.per_breach, "cap": self.cap}


@dataclass(frozen=True)
class SurveyRule(Rule):
    """An index measured by a survey (in %) mapped to points, by bands or linearly.

    Notes
    -----
    ``mapping="bands"``: as :class:`BandsRule` with rising thresholds of the index.
    ``mapping="linear"``: with anchors (i₀, p₀) and (i₁, p₁), i₀ < i₁, p₀ ≤ p₁,
    points = p₀ + (p₁ − p₀) · clip((index − i₀) / (i₁ − i₀), 0, 1).
    The ministry fills these points in; here they are a forecast from the service's data.

    Examples
    --------
    >>> rule = SurveyRule("linear", low=Band(50, 0.0), high=Band(90, 4.0))
    >>> [rule.score(IndexValue(x), 4.0) for x in (40, 70, 95)]
    [0.0, 2.0, 4.0]
    """

    mapping: str
    bands: tuple[Band, ...] = ()
    low: Band | None = None
    high: Band | None = None
    kind: ClassVar[str] = "survey"
    value_type: ClassVar[type] = IndexValue
    value_kind: ClassVar[str] = "index"

    def _points(self, value: Measured, maximum: float) -> float:
        value = cast(IndexValue, value)  # checked by score()
        if self.low is None or self.high is None:
            return _checked(_band_points(self.bands, value.percent, "higher"), maximum)
        fraction = (value.percent - self.low.threshold) / (self.high.threshold - self.low.threshold)
        fraction = min(max(fraction, 0.0), 1.0)
        points = self.low.points + (self.high.points - self.low.points) * fraction
        return _checked(points, maximum, self.high.points)

    def describe(self) -> Description:
        """The source, then the bands or the two anchors."""
        source = Line("survey_source")
        if self.low is None or self.high is None:
            return Description(self.kind, (source, *_band_lines(self.bands, "higher", "index")))
        anchors = Line(
            "survey_linear",
            low_index=self.low.threshold,
            low_points=self.low.points,
            high_index=self.high.threshold,
            high_points=self.high.points,
        )
        return Description(self.kind, (source, anchors))

    def params(self) -> dict[str, object]:
        """``{"mapping": "bands", "bands": …}`` or ``{"mapping": "linear", "low", "high"}``."""
        if self.low is None or self.high is None:
            return {"mapping": "bands", "bands": _bands_params(self.bands, "index")}
        return {
            "mapping": "linear",
            "low": {"index": self.low.threshold, "points": self.low.points},
            "high": {"index": self.high.threshold, "points": self.high.points},
        }


def _checked(points: float, maximum: float, stated: float | None = None) -> float:
    """Points named by the parameters must fit the maximum given when scoring."""
    p.within_maximum(points if stated is None else stated, maximum, "points")
    return points


def _bands_params(bands: tuple[Band, ...], key: str = "threshold") -> list[dict[str, float]]:
    return [{key: b.threshold, "points": b.points} for b in bands]
