"""The measured values the scoring rules read, one small type per kind of measurement.

A lead agency reports, for each criterion, the one value its rule needs: whether a task is
done, the due and completion dates of a product, a rate in percent, a count of breaches,
or (for survey-derived criteria) an index in percent. Each type checks itself when built,
so a negative count or a negative rate never reaches a rule.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from analysis.par_index._params import as_number, check_keys
from analysis.par_index.errors import RuleError

__all__ = [
    "VALUE_KINDS",
    "Count",
    "DatePair",
    "Done",
    "IndexValue",
    "Measured",
    "Rate",
    "parse_value",
    "value_params",
]


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

#: What a lead agency reports, by the ``value_kind`` of the criterion's rule.
VALUE_KINDS = ("done", "dates", "rate", "count", "index")


def _date(raw: Mapping[str, object], field: str) -> date | None:
    value = raw.get(field)
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise RuleError("not_date", field, got=value)


def _flag(raw: Mapping[str, object], field: str) -> bool:
    value = raw.get(field)
    if not isinstance(value, bool):
        raise RuleError("not_choice", field, choices=[True, False], got=value)
    return value


def parse_value(value_kind: str, raw: Mapping[str, object]) -> Measured:
    """Build a measured value from its plain-dict form (as stored in JSON).

    Parameters
    ----------
    value_kind : str
        One of :data:`VALUE_KINDS` (a rule's ``value_kind``).
    raw : Mapping
        ``{"done": bool}``, ``{"due": "YYYY-MM-DD", "done": … or None, "as_of": …}``,
        ``{"percent": x}``, ``{"n": k}`` or ``{"percent": x}`` for an index.

    Returns
    -------
    Measured

    Examples
    --------
    >>> parse_value("dates", {"due": "2026-03-31", "done": "2026-04-02"}).days_late
    2
    >>> parse_value("rate", {"percent": "97,5"})
    Rate(percent=97.5)
    """
    if value_kind == "done":
        check_keys(raw, ("done",))
        return Done(_flag(raw, "done"))
    if value_kind == "dates":
        check_keys(raw, ("due", "done", "as_of"))
        due = _date(raw, "due")
        if due is None:
            raise RuleError("missing", "due")
        return DatePair(due, _date(raw, "done"), _date(raw, "as_of"))
    if value_kind in ("rate", "index"):
        check_keys(raw, ("percent",))
        if raw.get("percent") is None:
            raise RuleError("missing", "percent")
        percent = as_number(raw["percent"], "percent")
        return Rate(percent) if value_kind == "rate" else IndexValue(percent)
    if value_kind == "count":
        check_keys(raw, ("n",))
        if raw.get("n") is None:
            raise RuleError("missing", "n")
        n = as_number(raw["n"], "n")
        if n != int(n):
            raise RuleError("not_integer", "n", got=raw["n"])
        return Count(int(n))
    raise RuleError("not_choice", "value_kind", choices=list(VALUE_KINDS), got=value_kind)


def value_params(value: Measured) -> dict[str, object]:
    """The plain-dict form of a measured value, which :func:`parse_value` reads back.

    Examples
    --------
    >>> value_params(DatePair(date(2026, 3, 31)))
    {'due': '2026-03-31', 'done': None, 'as_of': None}
    """
    if isinstance(value, Done):
        return {"done": value.done}
    if isinstance(value, DatePair):
        return {
            "due": value.due.isoformat(),
            "done": None if value.done is None else value.done.isoformat(),
            "as_of": None if value.as_of is None else value.as_of.isoformat(),
        }
    if isinstance(value, Count):
        return {"n": value.n}
    return {"percent": value.percent}
