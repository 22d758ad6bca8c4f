"""Legal deadlines in working days: weekends and Vietnamese public holidays do not count.

Holidays come from the maintained ``holidays`` calendar (Tết moves with the lunar
calendar every year, and the government adds swapped days), never from a hand-written
list; ``COMPLAINT_EXTRA_HOLIDAYS`` and ``COMPLAINT_EXTRA_WORKING_DAYS`` cover what a
provincial decision adds before the library knows it.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cached_property
from typing import Any

import holidays

from survey_app.core.clock import LOCAL_TZ
from survey_app.core.weeks import local_midnight_utc
from survey_app.models import ComplaintClass, ComplaintStatus

STEPS = ("classify", "forward", "answer")
SATURDAY = 5


class DeadlineState(enum.StrEnum):
    """How a complaint stands against its current deadline."""

    ON_TRACK = "on_track"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    NONE = "none"  # nothing owed: answered, closed, forwarded or rejected


@dataclass(frozen=True)
class WorkingCalendar:
    """Which days are working days at a Vietnamese public office."""

    extra_holidays: frozenset[date] = frozenset()
    extra_working_days: frozenset[date] = frozenset()

    @cached_property
    def _public_holidays(self) -> holidays.HolidayBase:
        # The object fills in further years by itself as later dates are asked about.
        return holidays.country_holidays("VN")

    def is_working_day(self, day: date) -> bool:
        """Monday to Friday, not a public holiday; or a declared make-up working day."""
        if day in self.extra_working_days:
            return True
        if day.weekday() >= SATURDAY or day in self.extra_holidays:
            return False
        return day not in self._public_holidays

    def next_working_day(self, day: date) -> date:
        """``day`` itself if it is a working day, else the first working day after it."""
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    def add_working_days(self, start: date, days: int) -> date:
        """The ``days``-th working day after ``start``.

        Something received on a day off counts as received on the next working day,
        so a Saturday receipt with 1 day to go is due on Tuesday, not Monday.
        """
        if days < 0:
            raise ValueError("days must not be negative")
        day = self.next_working_day(start)
        for _ in range(days):
            day = self.next_working_day(day + timedelta(days=1))
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after ``start`` up to and including ``end`` (negative if earlier)."""
        if end < start:
            return -self.working_days_between(end, start)
        return sum(
            self.is_working_day(start + timedelta(days=n)) for n in range(1, (end - start).days + 1)
        )


@dataclass(frozen=True)
class DeadlineRules:
    """Targets per step in working days from receipt, and the due-soon threshold."""

    days: Mapping[str, int] = field(
        default_factory=lambda: {"classify": 2, "forward": 5, "answer": 10}
    )
    due_soon_days: int = 2
    calendar: WorkingCalendar = field(default_factory=WorkingCalendar)

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> DeadlineRules:
        """Rules from the app's ``COMPLAINT_*`` settings."""
        days = dict(config["COMPLAINT_DEADLINE_DAYS"])
        missing = set(STEPS) - set(days)
        if missing:
            raise ValueError(f"COMPLAINT_DEADLINE_DAYS lacks {sorted(missing)}")
        return cls(
            days=days,
            due_soon_days=int(config["COMPLAINT_DUE_SOON_DAYS"]),
            calendar=WorkingCalendar(
                _dates(config.get("COMPLAINT_EXTRA_HOLIDAYS", ())),
                _dates(config.get("COMPLAINT_EXTRA_WORKING_DAYS", ())),
            ),
        )

    def due(self, step: str, start: datetime) -> datetime:
        """The end of the local day on which ``step`` falls due, counted from ``start``."""
        local_day = start.astimezone(LOCAL_TZ).date()
        return end_of_local_day(self.calendar.add_working_days(local_day, self.days[step]))

    def step_after(self, status: ComplaintStatus, cls: ComplaintClass | None) -> str:
        """The step whose deadline applies while a complaint is in ``status``.

        Class (a) must be refused, and class (d) forwarded, sooner than an answer is due.
        """
        if status is ComplaintStatus.RECEIVED or cls is None:
            return "classify"
        if cls is ComplaintClass.NOT_ACCEPTED:
            return "classify"
        if cls is ComplaintClass.OUTSIDE_REMIT:
            return "forward"
        return "answer"

    def state(self, status: ComplaintStatus, due_at: datetime | None, now: datetime) -> str:
        """On track, due soon or overdue; ``none`` when nothing is owed."""
        if due_at is None or status not in _OWING:
            return DeadlineState.NONE
        if now > due_at:
            return DeadlineState.OVERDUE
        today = now.astimezone(LOCAL_TZ).date()
        due_day = due_at.astimezone(LOCAL_TZ).date()
        if self.calendar.working_days_between(today, due_day) <= self.due_soon_days:
            return DeadlineState.DUE_SOON
        return DeadlineState.ON_TRACK


_OWING = frozenset(
    {
        ComplaintStatus.RECEIVED,
        ComplaintStatus.CLASSIFIED,
        ComplaintStatus.ASSIGNED,
        ComplaintStatus.IN_PROGRESS,
    }
)


def end_of_local_day(day: date) -> datetime:
    """The last instant of ``day`` in Vietnam, in UTC: a deadline day is a whole day."""
    return local_midnight_utc(day + timedelta(days=1)) - timedelta(microseconds=1)


def local_date(moment: datetime) -> date:
    """The date in Vietnam at ``moment``."""
    return moment.astimezone(LOCAL_TZ).date()


def _dates(values: Iterable[str | date]) -> frozenset[date]:
    return frozenset(v if isinstance(v, date) else date.fromisoformat(v) for v in values)
