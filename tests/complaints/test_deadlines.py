"""Working-day deadlines: weekends and Vietnamese public holidays, Tết above all, skipped."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from survey_app.core.deadlines import (
    LOCAL_TZ,
    DeadlineRules,
    DeadlineState,
    WorkingCalendar,
    end_of_local_day,
)
from survey_app.models import ComplaintClass, ComplaintStatus

CALENDAR = WorkingCalendar()


def test_tet_2026_is_a_whole_week_without_working_days() -> None:
    tet = [date(2026, 2, d) for d in range(16, 21)]
    assert not any(CALENDAR.is_working_day(d) for d in tet)
    assert CALENDAR.is_working_day(date(2026, 2, 13))
    assert CALENDAR.is_working_day(date(2026, 2, 23))


def test_ten_working_days_from_the_friday_before_tet_end_in_march() -> None:
    # Fri 13/2: weekend, Tết 16–20/2, weekend, then 23/2 … 6/3 are the ten working days.
    assert CALENDAR.add_working_days(date(2026, 2, 13), 10) == date(2026, 3, 6)
    assert CALENDAR.add_working_days(date(2026, 2, 13), 2) == date(2026, 2, 24)
    assert CALENDAR.add_working_days(date(2026, 2, 13), 5) == date(2026, 2, 27)


def test_tet_2027_follows_the_lunar_calendar_not_a_fixed_list() -> None:
    # Tết 2027 falls on 4–10 February (Thursday to Wednesday).
    assert CALENDAR.add_working_days(date(2027, 2, 3), 2) == date(2027, 2, 12)


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        (date(2026, 11, 23), 1, date(2026, 11, 25)),  # Tue 24/11 is Vietnam Cultural Day
        (date(2026, 11, 27), 1, date(2026, 11, 30)),  # Friday → Monday
        (date(2026, 11, 28), 1, date(2026, 12, 1)),  # Saturday counts from Monday
        (date(2026, 11, 29), 0, date(2026, 11, 30)),  # Sunday, due "today" → Monday
        (date(2026, 4, 29), 1, date(2026, 5, 4)),  # 30/4 and 1/5, then the weekend
        (date(2026, 8, 28), 1, date(2026, 9, 3)),  # swapped 31/8, then 1–2/9
    ],
)
def test_weekends_and_public_holidays_are_skipped(start: date, days: int, due: date) -> None:
    assert CALENDAR.add_working_days(start, days) == due


def test_extra_holidays_and_make_up_working_days_come_from_configuration() -> None:
    calendar = WorkingCalendar(
        extra_holidays=frozenset({date(2026, 12, 1)}),
        extra_working_days=frozenset({date(2026, 11, 28)}),
    )
    assert not calendar.is_working_day(date(2026, 12, 1))
    assert calendar.is_working_day(date(2026, 11, 28))
    # Saturday 28/11 and Monday 30/11 work, Tuesday 1/12 does not.
    assert calendar.add_working_days(date(2026, 11, 27), 3) == date(2026, 12, 2)


def test_working_days_between_counts_after_the_start_up_to_the_end() -> None:
    assert CALENDAR.working_days_between(date(2026, 2, 13), date(2026, 2, 24)) == 2
    assert CALENDAR.working_days_between(date(2026, 2, 24), date(2026, 2, 13)) == -2
    assert CALENDAR.working_days_between(date(2026, 3, 2), date(2026, 3, 2)) == 0


def test_negative_days_are_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        CALENDAR.add_working_days(date(2026, 3, 2), -1)


def test_a_deadline_is_the_end_of_the_local_day() -> None:
    rules = DeadlineRules()
    # Received at 16:30 on Friday 13/2/2026 in Lạng Sơn (09:30 UTC).
    received = datetime(2026, 2, 13, 9, 30, tzinfo=UTC)
    due = rules.due("answer", received)
    local = due.astimezone(LOCAL_TZ)
    assert (local.date(), local.hour, local.minute) == (date(2026, 3, 6), 23, 59)
    assert due == end_of_local_day(date(2026, 3, 6))


def test_late_evening_utc_is_already_the_next_day_in_vietnam() -> None:
    rules = DeadlineRules()
    # 18:00 UTC on Thursday 12/2 is 01:00 on Friday 13/2 in Lạng Sơn.
    received = datetime(2026, 2, 12, 18, 0, tzinfo=UTC)
    assert rules.due("answer", received).astimezone(LOCAL_TZ).date() == date(2026, 3, 6)


def test_deadline_days_per_step_are_configuration() -> None:
    rules = DeadlineRules.from_config(
        {
            "COMPLAINT_DEADLINE_DAYS": {"classify": 1, "forward": 3, "answer": 15},
            "COMPLAINT_DUE_SOON_DAYS": 3,
            "COMPLAINT_EXTRA_HOLIDAYS": ["2026-03-02"],
        }
    )
    received = datetime(2026, 2, 13, 2, 0, tzinfo=UTC)
    assert rules.due("answer", received).astimezone(LOCAL_TZ).date() == date(2026, 3, 16)
    assert rules.due("classify", received).astimezone(LOCAL_TZ).date() == date(2026, 2, 23)
    with pytest.raises(ValueError, match="lacks"):
        DeadlineRules.from_config({"COMPLAINT_DEADLINE_DAYS": {}, "COMPLAINT_DUE_SOON_DAYS": 2})


@pytest.mark.parametrize(
    ("cls", "step"),
    [
        (None, "classify"),
        (ComplaintClass.NOT_ACCEPTED, "classify"),
        (ComplaintClass.CONDUCT, "answer"),
        (ComplaintClass.REGULATION, "answer"),
        (ComplaintClass.OUTSIDE_REMIT, "forward"),
    ],
)
def test_each_class_has_the_deadline_of_its_step(cls: ComplaintClass | None, step: str) -> None:
    assert DeadlineRules().step_after(ComplaintStatus.CLASSIFIED, cls) == step


def test_due_soon_and_overdue_are_counted_in_working_days() -> None:
    rules = DeadlineRules(due_soon_days=2)
    due = end_of_local_day(date(2026, 3, 6))  # a Friday
    status = ComplaintStatus.IN_PROGRESS

    def at(day: date) -> datetime:
        return datetime(day.year, day.month, day.day, 10, tzinfo=LOCAL_TZ).astimezone(UTC)

    assert rules.state(status, due, at(date(2026, 3, 2))) == DeadlineState.ON_TRACK
    assert rules.state(status, due, at(date(2026, 3, 4))) == DeadlineState.DUE_SOON
    assert rules.state(status, due, at(date(2026, 3, 6))) == DeadlineState.DUE_SOON
    assert rules.state(status, due, at(date(2026, 3, 7))) == DeadlineState.OVERDUE
    assert rules.state(ComplaintStatus.ANSWERED, due, at(date(2026, 3, 9))) == DeadlineState.NONE
