"""Numbers in the reader's language: 82,5 % in Vietnamese, 82.5 % in English."""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from flask import Flask
from flask_babel import format_decimal

from survey_app.core.collation import sorted_vietnamese
from survey_app.core.indicator_labels import component_label
from survey_app.core.qr.pdf import short_centre_name
from survey_app.models import Centre


def pct(value: float | None, digits: int = 1) -> str:
    """A percentage figure without the sign, or a dash when there is none."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return format_decimal(value, format="0." + "0" * digits)


def signed(value: float | None) -> str:
    """A change in points with its sign: +3,2 or −1,5."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    text = format_decimal(abs(value), format="0.0")
    return ("+" if value >= 0 else "−") + text


def by_name(items: Iterable[Any], attribute: str = "name") -> list[Any]:
    """``items`` in Vietnamese alphabetical order of one attribute (a template filter)."""
    return sorted_vietnamese(items, lambda item: str(getattr(item, attribute)))


def centre_options(centres: Iterable[Centre]) -> list[tuple[int, str, str]]:
    """``(id, short label, full name)`` for a drop-down of centres.

    Every full name starts "Trung tâm Phục vụ hành chính công …", which a narrow
    drop-down cuts to the same text for all; the label keeps the part that differs.
    """
    return [(c.id, short_centre_name(c.name), c.name) for c in centres]


def init_app(app: Flask) -> None:
    """Register the filters."""
    app.jinja_env.filters["pct"] = pct
    app.jinja_env.filters["signed"] = signed
    app.jinja_env.filters["by_name"] = by_name
    app.jinja_env.globals["timedelta"] = timedelta
    app.jinja_env.globals["component_label"] = component_label
