"""The measured values the scoring rules read, one small type per kind of measurement.

A lead agency reports, for each criterion, the one value its rule needs: whether a task is
done, the due and completion dates of a product, a rate in percent, a count of breaches,
or (for survey-derived criteria) an index in percent. Each type checks itself when built,
so a negative count or a negative rate never reaches a rule.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from analysis.par_index.errors import RuleError

__all__ = ["Count", "DatePair", "Done", "IndexValue", "Measured", "Rate"]


def _finite(value: float, field: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise RuleError("not_number", field, got=value)
    return float(value)


@dataclass(frozen=True)
class Done:
    """Whether a task or product is done (binary rules).

    Examples
    --------
    >>> Done(True).done
    True
    """

    done: bool


@dataclass(frozen=True)
class DatePair:
    """A due date and, once done, the completion date (timeliness ladders).

    ``as_of`` is the day the value was read; while the task is open, it tells how late it
    already is (see :class:`~analysis.par_index.rules.TimelinessRule`).

    Examples
    --------
    >>> DatePair(date(2026, 3, 31), date(2026, 4, 2)).days_late
    2
    """

    due: date
    done: date | None = None
    as_of: date | None = None

    @property
    def days_late(self) -> int | None:
        """Days between the due date and the completion date (≤ 0: on time); None if open."""
        if self.done is None:
            return None
        return (self.done - self.due).days


@dataclass(frozen=True)
class Rate:
    """A measured rate in percent (may exceed 100: e.g. 103 % of a target), never negative.

    Examples
    --------
    >>> Rate(97.5).percent
    97.5
    >>> Rate(-1)
    Traceback (most recent call last):
    ...
    analysis.par_index.errors.RuleError: A rate cannot be negative, got -1 %.
    """

    percent: float

    def __post_init__(self) -> None:
        value = _finite(self.percent, "value")
        if value < 0:
            raise RuleError("negative_rate", "value", got=value)


@dataclass(frozen=True)
class Count:
    """A count of breaches (late reports, procedures issued out of time …), never negative.

    Examples
    --------
    >>> Count(3).n
    3
    """

    n: int

    def __post_init__(self) -> None:
        if isinstance(self.n, bool) or not isinstance(self.n, int):
            raise RuleError("not_integer", "value", got=self.n)
        if self.n < 0:
            raise RuleError("negative_count", "value", got=self.n)


@dataclass(frozen=True)
class IndexValue:
    """An index in percent, 0–100 (survey-derived criteria: e.g. a SIPAS satisfaction index).

    Examples
    --------
    >>> IndexValue(84.2).percent
    84.2
    """

    percent: float

    def __post_init__(self) -> None:
        value = _finite(self.percent, "value")
        if not 0.0 <= value <= 100.0:
            raise RuleError("index_range", "value", got=value)


Measured = Done | DatePair | Rate | Count | IndexValue
