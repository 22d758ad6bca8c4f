"""The monthly cycle: submit, return, correct as version 2, accept, locked; the trail."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from analysis.par_index.values import Rate
from survey_app.models import CriterionReport, Progress, RemediationTask, ReportStatus, TaskStatus
from survey_app.tracker.evidence import add_evidence
from survey_app.tracker.periods import (
    DeadlineBeforeMonthError,
    PeriodExistsError,
    fetch_late_agencies,
    open_period,
)
from survey_app.tracker.report_values import ReportValues, ValueProblemError
from survey_app.tracker.reports import (
    ReportStateError,
    ValueMissingError,
    accept_report,
    correct_report,
    latest_accepted_values,
    return_report,
    save_draft,
    submit_report,
)
from survey_app.tracker.tasks import TaskValues, fetch_overdue_tasks, save_task
from tests.tracker.conftest import Tracker, component
from tests.tracker.cycle_helpers import march, rate_report
from tests.tracker.walk_cycle import TINY_PDF


def test_submit_return_correct_accept_locks_the_second_version(
    seeded: Session, tracker: Tracker
) -> None:
    period = march(seeded, tracker)
    first = rate_report(seeded, tracker, period, 85)
    submit_report(seeded, tracker.admin, first)
    return_report(seeded, tracker.admin, first, "Thiếu danh mục văn bản")
    with pytest.raises(ReportStateError):
        rate_report(seeded, tracker, period, 99)
    second = correct_report(seeded, tracker.admin, first)
    assert (second.version, second.status, second.value_number) == (2, ReportStatus.DRAFT, 85)
    rate_report(seeded, tracker, period, 100)
    submit_report(seeded, tracker.admin, second)
    accept_report(seeded, tracker.admin, second)
    assert second.locked
    with pytest.raises(ReportStateError):
        rate_report(seeded, tracker, period, 50)
    with pytest.raises(ReportStateError):
        submit_report(seeded, tracker.admin, second)
    seeded.refresh(first)
    assert (first.status, first.value_number, first.review_comment) == (
        ReportStatus.RETURNED,
        85,
        "Thiếu danh mục văn bản",
    )
    assert second.value_number == 100


def test_a_correction_of_an_accepted_report_is_version_three(
    seeded: Session, tracker: Tracker
) -> None:
    period = march(seeded, tracker)
    report = rate_report(seeded, tracker, period, 92)
    submit_report(seeded, tracker.admin, report)
    accept_report(seeded, tracker.admin, report)
    later = correct_report(seeded, tracker.admin, report)
    with pytest.raises(ReportStateError):
        correct_report(seeded, tracker.admin, report)
    submit_report(seeded, tracker.admin, later)
    accept_report(seeded, tracker.admin, later)
    third = correct_report(seeded, tracker.admin, later)
    assert [r.version for r in (report, later, third)] == [1, 2, 3]


def test_every_step_is_in_the_trail_with_what_changed(seeded: Session, tracker: Tracker) -> None:
    period = march(seeded, tracker)
    report = rate_report(seeded, tracker, period, 80)
    rate_report(seeded, tracker, period, 90)
    submit_report(seeded, tracker.admin, report)
    return_report(seeded, tracker.admin, report, "Xin bổ sung")
    actions = [(e.action, e.actor_id) for e in report.events]
    steps = ("created", "edited", "submitted", "returned")
    assert actions == [(a, tracker.admin.id) for a in steps]
    assert report.events[1].detail == {"changes": {"value_number": [80, 90]}}
    assert report.events[3].detail == {"comment": "Xin bổ sung"}


def test_a_report_without_its_value_cannot_be_submitted(seeded: Session, tracker: Tracker) -> None:
    period = march(seeded, tracker)
    report = save_draft(
        seeded,
        tracker.admin,
        component(tracker.par, "2.1.1"),
        period,
        agency=tracker.justice,
        values=ReportValues(Progress.BEHIND),
    )
    with pytest.raises(ValueMissingError):
        submit_report(seeded, tracker.admin, report)


def test_a_negative_rate_is_refused(seeded: Session, tracker: Tracker) -> None:
    with pytest.raises(ValueProblemError):
        rate_report(seeded, tracker, march(seeded, tracker), -3)


def test_latest_accepted_values_take_the_newest_accepted_version(
    seeded: Session, tracker: Tracker
) -> None:
    period = march(seeded, tracker)
    report = rate_report(seeded, tracker, period, 91)
    submit_report(seeded, tracker.admin, report)
    accept_report(seeded, tracker.admin, report)
    assert latest_accepted_values(seeded, tracker.par.id) == {report.criterion_id: Rate(91.0)}
    later = correct_report(seeded, tracker.admin, report)
    rate_report(seeded, tracker, period, 97)
    submit_report(seeded, tracker.admin, later)
    # Submitted, not yet accepted: the forecast still reads version 1.
    assert latest_accepted_values(seeded, tracker.par.id) == {report.criterion_id: Rate(91.0)}
    accept_report(seeded, tracker.admin, later)
    assert latest_accepted_values(seeded, tracker.par.id) == {report.criterion_id: Rate(97.0)}


def test_a_month_is_opened_once_with_a_deadline_after_it(seeded: Session, tracker: Tracker) -> None:
    march(seeded, tracker)
    with pytest.raises(PeriodExistsError):
        open_period(seeded, tracker.admin, tracker.par, date(2026, 3, 15), date(2026, 4, 30))
    with pytest.raises(DeadlineBeforeMonthError):
        open_period(seeded, tracker.admin, tracker.par, date(2026, 5, 1), date(2026, 4, 30))


def test_agencies_late_are_those_without_a_submission_by_the_deadline(
    seeded: Session, tracker: Tracker
) -> None:
    period = march(seeded, tracker)
    assert fetch_late_agencies(seeded, period, date(2026, 4, 10)) == []
    late = fetch_late_agencies(seeded, period, date(2026, 4, 11))
    assert {row.agency.code for row in late} == {"so-tu-phap", "so-tai-chinh"}
    report = rate_report(seeded, tracker, period, 95)
    submit_report(seeded, tracker.admin, report)
    # Submitted at 23:00 on the deadline day in Lạng Sơn (16:00 UTC): on time.
    report.submitted_at = datetime(2026, 4, 10, 16, 0, tzinfo=UTC)
    seeded.commit()
    late = fetch_late_agencies(seeded, period, date(2026, 4, 11))
    assert [(row.agency.code, [c.code for c in row.missing]) for row in late] == [
        ("so-tai-chinh", ["6.1.1"])
    ]
    # One minute after midnight of the next day is late.
    report.submitted_at = datetime(2026, 4, 10, 17, 1, tzinfo=UTC)
    seeded.commit()
    assert len(fetch_late_agencies(seeded, period, date(2026, 4, 11))) == 2


def test_tasks_overdue_are_not_done_and_past_their_deadline(
    seeded: Session, tracker: Tracker
) -> None:
    criterion = component(tracker.par, "2.1.1")

    def task(what: str, deadline: date, status: TaskStatus) -> RemediationTask:
        values = TaskValues("Ông A", what, "Quyết định", deadline, status)
        return save_task(
            seeded,
            tracker.admin,
            criterion,
            owner=tracker.justice,
            values=values,
            today=date(2026, 4, 1),
        )

    task("Đúng hạn hôm nay", date(2026, 4, 1), TaskStatus.IN_PROGRESS)
    done = task("Đã xong", date(2026, 3, 1), TaskStatus.DONE)
    late = task("Quá hạn", date(2026, 3, 31), TaskStatus.PLANNED)
    assert fetch_overdue_tasks(seeded, tracker.par, date(2026, 4, 1)) == [late]
    assert done.done_on == date(2026, 4, 1)
    assert late.overdue(date(2026, 4, 1))
    assert not done.overdue(date(2027, 1, 1))
    assert seeded.scalars(select(CriterionReport)).all() == []


def test_a_correction_keeps_the_evidence_sent_with_the_version_it_corrects(
    seeded: Session, tracker: Tracker
) -> None:
    period = march(seeded, tracker)
    first = rate_report(seeded, tracker, period, 85)
    add_evidence(
        seeded, tracker.admin, first, file_name="danh-muc.pdf", data=TINY_PDF, max_bytes=10_000
    )
    submit_report(seeded, tracker.admin, first)
    return_report(seeded, tracker.admin, first, "Tính lại tỷ lệ")
    second = correct_report(seeded, tracker.admin, first)
    [kept] = second.files
    [sent] = first.files
    assert kept.id != sent.id  # a copy: version 1 stays as it was sent
    assert (kept.file_name, kept.sha256, kept.data, kept.uploaded_by_id) == (
        sent.file_name,
        sent.sha256,
        sent.data,
        sent.uploaded_by_id,
    )
    event = second.events[-1]
    assert (event.action, event.detail["files_kept"]) == ("corrected", 1)
