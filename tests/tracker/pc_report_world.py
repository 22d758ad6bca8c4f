"""The Committee report's test world: March accepted on time, April returned late, a task done.

Today is 15/06/2026. March (due 10/04): justice reported on 08/04 (accepted 15/04),
finance never did. April (due 10/05): justice sent on 12/05 (returned 14/05), finance
never did. May and June have no reporting period. Finance's task on 6.1.1 is overdue
since 01/04; justice's task on 2.1.1 was done on 20/05.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy.orm import Session

from survey_app.core.clock import LOCAL_TZ
from survey_app.models import CriterionReport, RemediationTask, TaskStatus
from survey_app.tracker.periods import open_period
from survey_app.tracker.reports import return_report, submit_report
from tests.tracker.conftest import Tracker, component
from tests.tracker.cycle_helpers import rate_report
from tests.tracker.test_standing import worked_set

TODAY = date(2026, 6, 15)


def at(day: date, hour: int = 9) -> datetime:
    """``day`` at ``hour`` in Lạng Sơn."""
    return datetime(day.year, day.month, day.day, hour, tzinfo=LOCAL_TZ)


def _dated(session: Session, report: CriterionReport, sent: date, reviewed: date) -> None:
    report.submitted_at = at(sent)
    report.reviewed_at = at(reviewed, 15)
    session.commit()


def report_world(session: Session, tracker: Tracker) -> None:
    """Build the world above on the tracker's draft set."""
    worked_set(session, tracker)
    march = session.query(CriterionReport).one()
    _dated(session, march, date(2026, 4, 8), date(2026, 4, 15))
    april = open_period(session, tracker.admin, tracker.par, date(2026, 4, 1), date(2026, 5, 10))
    report = rate_report(session, tracker, april, 80.0)
    submit_report(session, tracker.admin, report)
    return_report(session, tracker.admin, report, "Thiếu tài liệu kiểm chứng")
    _dated(session, report, date(2026, 5, 12), date(2026, 5, 14))
    session.add(
        RemediationTask(
            criterion_id=component(tracker.par, "2.1.1").id,
            owner_agency_id=tracker.justice.id,
            person="Ông Hùng",
            what="Rà soát văn bản quy phạm pháp luật còn hiệu lực",
            product="Danh mục văn bản",
            deadline=date(2026, 5, 31),
            status=TaskStatus.DONE,
            done_on=date(2026, 5, 20),
        )
    )
    session.commit()
