"""The period a page is about: a week, a month or a quarter, in local time."""

from __future__ import annotations

import re
from contextlib import suppress
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal

from survey_app.core.clock import today_local
from survey_app.core.weeks import last_full_week, local_midnight_utc, monday_of

Kind = Literal["W", "M", "Q"]
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")


@dataclass(frozen=True, slots=True)
class PeriodChoice:
    """A period with its label as analysis writes it, and its local bounds."""

    kind: Kind
    label: str
    start_local: date
    end_local: date  # exclusive

    @property
    def start_utc(self) -> datetime:
        return local_midnight_utc(self.start_local)

    @property
    def end_utc(self) -> datetime:
        return local_midnight_utc(self.end_local)


def week(monday: date) -> PeriodChoice:
    """The week starting on ``monday``."""
    return PeriodChoice("W", monday.isoformat(), monday, monday + timedelta(weeks=1))


def month(year: int, number: int) -> PeriodChoice:
    """A calendar month."""
    start = date(year, number, 1)
    end = date(year + number // 12, number % 12 + 1, 1)
    return PeriodChoice("M", f"{year:04d}-{number:02d}", start, end)


def quarter(year: int, number: int) -> PeriodChoice:
    """A calendar quarter."""
    start = date(year, 3 * number - 2, 1)
    end = date(year + number // 4, (3 * number) % 12 + 1, 1)
    return PeriodChoice("Q", f"{year:04d}-Q{number}", start, end)


def parse_period(raw: str | None, today: date | None = None) -> PeriodChoice:
    """``2026-11-16`` (a week), ``2026-11`` (a month) or ``2026-Q4``; else the last full month."""
    text = (raw or "").strip()
    if match := _QUARTER.match(text):
        return quarter(int(match[1]), int(match[2]))
    if (match := _MONTH.match(text)) and 1 <= int(match[2]) <= 12:
        return month(int(match[1]), int(match[2]))
    with suppress(ValueError):
        return week(monday_of(date.fromisoformat(text)))
    current = today or today_local()
    first = current.replace(day=1) - timedelta(days=1)
    return month(first.year, first.month)


def recent_choices(today: date | None = None) -> list[PeriodChoice]:
    """What the period menu offers: the last 8 weeks, 6 months and 4 quarters."""
    current = today or today_local()
    weeks = [week(last_full_week(current) - timedelta(weeks=k)) for k in range(8)]
    months = []
    cursor = current.replace(day=1)
    for _ in range(6):
        months.append(month(cursor.year, cursor.month))
        cursor = (cursor - timedelta(days=1)).replace(day=1)
    quarters = []
    year, number = current.year, (current.month - 1) // 3 + 1
    for _ in range(4):
        quarters.append(quarter(year, number))
        year, number = (year, number - 1) if number > 1 else (year - 1, 4)
    return [*weeks, *months, *quarters]
