"""The app's one clock: Lạng Sơn's time (Asia/Ho_Chi_Minh, UTC+7), whatever the server's.

A server runs on UTC, so ``date.today()`` there is yesterday in Lạng Sơn until 07:00
local time: a paper slip dated today was refused as "in the future". Everything asks
here instead (``tests/core/test_clock.py`` fails on any other ``date.today()`` or naive
``datetime.now()`` in ``survey_app/``); ``analysis/`` stays pure and takes the zone's
name as a parameter.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

LOCAL_TZ_NAME = "Asia/Ho_Chi_Minh"
LOCAL_TZ = ZoneInfo(LOCAL_TZ_NAME)


def now_utc() -> datetime:
    """This moment, aware, in UTC (how the database stores every time)."""
    return datetime.now(UTC)


def now_local() -> datetime:
    """This moment, aware, in Lạng Sơn."""
    return datetime.now(LOCAL_TZ)


def today_local() -> date:
    """Today's date in Lạng Sơn."""
    return now_local().date()


def slip_time(visit_date: date) -> datetime:
    """A paper slip records a day, not a time: store it as noon of that day in Lạng Sơn."""
    return datetime.combine(visit_date, time(12, 0), tzinfo=LOCAL_TZ).astimezone(UTC)
