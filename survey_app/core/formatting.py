"""Numbers, periods and lists in the reader's language.

82,5 % and 1.234 in Vietnamese, 82.5 % and 1,234 in English; "Quý IV/2026" rather than
"2026-Q4"; centres in Vietnamese alphabetical order.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from flask import Flask
from flask_babel import format_decimal
from flask_babel import gettext as _

from survey_app.core.collation import sorted_vietnamese
from survey_app.core.indicator_labels import component_label
from survey_app.core.periods import Period, parse_period
from survey_app.core.qr.pdf import short_centre_name
from survey_app.models import Centre


def pct(value: float | None, digits: int = 1) -> str:
    """A percentage figure without the % sign, or a dash when there is none.

    A negative figure takes a true minus sign (−1,5), not the hyphen Babel writes.
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    text = format_decimal(abs(value), format="0." + "0" * digits)
    return ("−" + text) if value < 0 and text.strip("0.,") else text


def signed(value: float | None) -> str:
    """A change in points with its sign: +3,2 or −1,5."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    text = format_decimal(abs(value), format="0.0")
    return ("+" if value >= 0 else "−") + text


def number(value: float | None, digits: int = 0) -> str:
    """A count or a measure with the reader's separators: 1.234 and 0,05 in Vietnamese."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    pattern = "#,##0" + ("." + "#" * digits if digits else "")
    return format_decimal(value, format=pattern)


ROMAN_QUARTERS = ("I", "II", "III", "IV")


def period_words(period: Period | str) -> str:
    """A period as people write it: "Tuần 47/2026 (16/11–22/11)", "Tháng 11/2026", "Quý IV/2026".

    A label that is no period (a free text typed long ago) is shown as it is.
    """
    if isinstance(period, str):
        try:
            return period_words(parse_period(period))
        except ValueError:
            return period
    start = period.start_local
    if period.kind == "W":
        iso_year, iso_week, _day = start.isocalendar()
        last = period.end_local - timedelta(days=1)
        return _(
            "Tuần %(week)d/%(year)d (%(start)s–%(end)s)",
            week=iso_week,
            year=iso_year,
            start=start.strftime("%d/%m"),
            end=last.strftime("%d/%m"),
        )
    if period.kind == "M":
        return _("Tháng %(month)d/%(year)d", month=start.month, year=start.year)
    if period.kind == "Q":
        quarter = ROMAN_QUARTERS[(start.month - 1) // 3]
        return _("Quý %(quarter)s/%(year)d", quarter=quarter, year=start.year)
    return _("Năm %(year)d", year=start.year)


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
    app.jinja_env.filters["number"] = number
    app.jinja_env.filters["period_words"] = period_words
    app.jinja_env.globals["timedelta"] = timedelta
    app.jinja_env.globals["component_label"] = component_label
