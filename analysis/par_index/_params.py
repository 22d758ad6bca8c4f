"""Reading a rule's plain-dict parameters, with errors that name the field (private).

Parameters arrive from JSON and from Excel cells: numbers may be ints, floats or numeric
strings ("0,5" with a Vietnamese decimal comma included); anything else is refused with a
:class:`RuleError` naming the field.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence

from analysis.par_index.errors import RuleError

_MISSING = object()


def check_keys(params: Mapping[str, object], allowed: Iterable[str]) -> None:
    """Refuse parameters the rule does not use (a typo must not pass silently)."""
    if not isinstance(params, Mapping):
        raise RuleError("not_mapping", "params")
    known = set(allowed)
    for key in params:
        if key not in known:
            raise RuleError("unexpected", str(key))


def number(
    params: Mapping[str, object], field: str, *, default: float | None = None, label: str = ""
) -> float:
    """A finite number from ``params[field]`` (``default`` when absent, if given)."""
    name = label or field
    raw = params.get(field, _MISSING)
    if raw is _MISSING or raw is None or raw == "":
        if default is None:
            raise RuleError("missing", name)
        return default
    return as_number(raw, name)


def as_number(raw: object, field: str) -> float:
    """A finite float from an int, a float or a numeric string (decimal comma accepted)."""
    if isinstance(raw, bool):
        raise RuleError("not_number", field, got=raw)
    if isinstance(raw, str):
        try:
            value = float(raw.strip().replace(",", "."))
        except ValueError:
            raise RuleError("not_number", field, got=raw) from None
    elif isinstance(raw, int | float):
        value = float(raw)
    else:
        raise RuleError("not_number", field, got=raw)
    if not math.isfinite(value):
        raise RuleError("not_number", field, got=raw)
    return value


def non_negative(value: float, field: str) -> float:
    """``value`` itself, or a RuleError when it is below zero."""
    if value < 0:
        raise RuleError("negative", field, got=value)
    return value


def share(value: float, field: str) -> float:
    """``value`` itself, or a RuleError when it is outside [0, 1]."""
    if not 0.0 <= value <= 1.0:
        raise RuleError("share_range", field, got=value)
    return value


def choice(params: Mapping[str, object], field: str, choices: Sequence[str]) -> str:
    """One of ``choices`` (the first is the default when the field is absent)."""
    raw = params.get(field, choices[0])
    if raw is None or raw == "":
        return choices[0]
    if not isinstance(raw, str) or raw.strip().lower() not in choices:
        raise RuleError("not_choice", field, choices=list(choices), got=raw)
    return raw.strip().lower()


def entries(params: Mapping[str, object], field: str) -> list[Mapping[str, object]]:
    """A non-empty list of mappings (bands, tiers) from ``params[field]``."""
    raw = params.get(field, _MISSING)
    if raw is _MISSING or raw is None:
        raise RuleError("missing", field)
    if isinstance(raw, str | bytes) or not isinstance(raw, Sequence):
        raise RuleError("not_list", field)
    if not raw:
        raise RuleError("empty_bands", field)
    rows: list[Mapping[str, object]] = []
    for i, row in enumerate(raw):
        if not isinstance(row, Mapping):
            raise RuleError("not_mapping", f"{field}[{i}]")
        rows.append(row)
    return rows


def mapping(params: Mapping[str, object], field: str) -> Mapping[str, object]:
    """A mapping (an anchor) from ``params[field]``."""
    raw = params.get(field, _MISSING)
    if raw is _MISSING or raw is None:
        raise RuleError("missing", field)
    if not isinstance(raw, Mapping):
        raise RuleError("not_mapping", field)
    return raw


def within_maximum(points: float, maximum: float | None, field: str) -> None:
    """Refuse points above the criterion's maximum (when the maximum is known)."""
    if maximum is not None and points > maximum + 1e-9:
        raise RuleError("points_above_maximum", field, got=points, maximum=maximum)
