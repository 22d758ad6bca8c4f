"""Reporting periods in Lạng Sơn's calendar, labelled as ``analysis.periods`` labels them.

A week is labelled by its Monday (``2026-11-16``; ``2026-W47`` is read as that week
too), a month ``2026-11``, a quarter ``2026-Q4``, a year ``2026``. ``analysis.periods``
writes these labels from timestamps; this module reads them back into local bounds for
the pages, the commands and the report, and labels a day the same way.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal

from survey_app.core.clock import today_local
from survey_app.core.weeks import last_full_week, local_midnight_utc, monday_of

PeriodKind = Literal["W", "M", "Q", "Y"]
ALL_KINDS: tuple[PeriodKind, ...] = ("W", "M", "Q", "Y")
_EXAMPLES = {"W": "2026-11-16", "M": "2026-07", "Q": "2026-Q3", "Y": "2026"}
_LABEL = re.compile(r"^(\d{4})(?:-Q([1-4])|-(0[1-9]|1[0-2]))?$")


@dataclass(frozen=True, slots=True)
class Period:
    """A period: its kind, its label, and its local days (``end_local`` exclusive)."""

    kind: PeriodKind
    label: str
    start_local: date
    end_local: date

    @property
    def start_utc(self) -> datetime:
        """Local midnight at the start, as a UTC time for queries."""
        return local_midnight_utc(self.start_local)

    @property
    def end_utc(self) -> datetime:
        """Local midnight after the last day (exclusive), as a UTC time for queries."""
        return local_midnight_utc(self.end_local)


def week(monday: date) -> Period:
    """The week starting on ``monday``."""
    return Period("W", monday.isoformat(), monday, monday + timedelta(weeks=1))


def month(year: int, number: int) -> Period:
    """A calendar month."""
    start = date(year, number, 1)
    end = date(year + number // 12, number % 12 + 1, 1)
    return Period("M", f"{year:04d}-{number:02d}", start, end)


def quarter(year: int, number: int) -> Period:
    """A calendar quarter."""
    start = date(year, 3 * number - 2, 1)
    end = date(year + number // 4, (3 * number) % 12 + 1, 1)
    return Period("Q", f"{year:04d}-Q{number}", start, end)


def year(number: int) -> Period:
    """A calendar year."""
    return Period("Y", f"{number:04d}", date(number, 1, 1), date(number + 1, 1, 1))


def period_of(day: date, kind: PeriodKind) -> Period:
    """The period of kind ``kind`` that ``day`` falls in."""
    if kind == "W":
        return week(monday_of(day))
    if kind == "M":
        return month(day.year, day.month)
    if kind == "Q":
        return quarter(day.year, (day.month - 1) // 3 + 1)
    return year(day.year)


def parse_period(text: str, kinds: Collection[PeriodKind] = ALL_KINDS) -> Period:
    """The period a label names, if it is of one of ``kinds``; else ValueError.

    Any day names its week, moved to the Monday (``2026-11-18``, ``2026-W47-3``).
    """
    cleaned = text.strip().upper()
    period: Period | None = None
    if match := _LABEL.match(cleaned):
        number, quarter_number, month_number = int(match[1]), match[2], match[3]
        if quarter_number:
            period = quarter(number, int(quarter_number))
        elif month_number:
            period = month(number, int(month_number))
        else:
            period = year(number)
    else:
        try:
            period = week(monday_of(date.fromisoformat(cleaned)))
        except ValueError:
            period = None
    if period is None or period.kind not in kinds:
        examples = [_EXAMPLES[kind] for kind in ALL_KINDS if kind in kinds]
        wanted = ", ".join(examples[:-1]) + (" or " if len(examples) > 1 else "") + examples[-1]
        raise ValueError(f"period must look like {wanted}, got {text!r}")
    return period


def last_full_month(today: date | None = None) -> Period:
    """The month before the current one."""
    last_day = (today or today_local()).replace(day=1) - timedelta(days=1)
    return month(last_day.year, last_day.month)


def recent_periods(today: date | None = None) -> list[Period]:
    """What a period menu offers: the last 8 full weeks, 6 months and 4 quarters."""
    current = today or today_local()
    weeks = [week(last_full_week(current) - timedelta(weeks=k)) for k in range(8)]
    months = []
    cursor = current.replace(day=1)
    for _ in range(6):
        months.append(month(cursor.year, cursor.month))
        cursor = (cursor - timedelta(days=1)).replace(day=1)
    quarters = []
    number, quarter_number = current.year, (current.month - 1) // 3 + 1
    for _ in range(4):
        quarters.append(quarter(number, quarter_number))
        number, quarter_number = (
            (number, quarter_number - 1) if quarter_number > 1 else (number - 1, 4)
        )
    return [*weeks, *months, *quarters]


def chosen_period(
    raw: str | None, kinds: Collection[PeriodKind] = ALL_KINDS, today: date | None = None
) -> Period:
    """The period ``raw`` names if it is of one of ``kinds``; else the last full month."""
    try:
        return parse_period(raw or "", kinds)
    except ValueError:
        return last_full_month(today)
