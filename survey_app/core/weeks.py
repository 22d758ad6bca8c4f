"""Weeks as a manager counts them: Monday to Sunday in Lạng Sơn's local time."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from survey_app.core.clock import LOCAL_TZ, now_local, today_local


def monday_of(day: date) -> date:
    """The Monday of the week ``day`` falls in."""
    return day - timedelta(days=day.weekday())


def current_monday(now: datetime | None = None) -> date:
    """The Monday of the week that is still open."""
    return monday_of((now or now_local()).astimezone(LOCAL_TZ).date())


def last_full_week(today: date | None = None) -> date:
    """The Monday of the last complete week: on a Monday, the week that just ended."""
    return monday_of(today or today_local()) - timedelta(weeks=1)


def local_midnight_utc(day: date) -> datetime:
    """Midnight at the start of ``day`` in Lạng Sơn, as a UTC time for queries."""
    return datetime.combine(day, time(0), tzinfo=LOCAL_TZ).astimezone(UTC)


def week_labels(last_monday: date, weeks: int) -> list[str]:
    """ISO dates of the ``weeks`` Mondays ending with ``last_monday``, oldest first."""
    return [(last_monday - timedelta(weeks=k)).isoformat() for k in range(weeks - 1, -1, -1)]


def parse_day(raw: str | None) -> date | None:
    """The day a ``YYYY-MM-DD`` argument names; None for anything else."""
    try:
        return date.fromisoformat(raw or "")
    except ValueError:
        return None


def parse_week(raw: str | None, default: date) -> date:
    """A Monday from a ``YYYY-MM-DD`` argument; any other day is moved to its Monday."""
    day = parse_day(raw)
    return default if day is None else monday_of(day)
