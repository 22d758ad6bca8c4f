"""The demo's monthly cycle: periods, reports in every state, tasks; a believable overview."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from survey_app.core.clock import today_local
from survey_app.models import CriterionReport, CriterionSet, ReportingPeriod, ReportStatus, SetKind
from survey_app.seeding.demo_tracker import seed_tracker_demo
from survey_app.seeding.demo_tracker_cycle import seed_tracker_cycle
from survey_app.tracker.warnings import build_overview


def test_the_demo_has_three_months_of_reports_tasks_and_warnings(seeded: Session) -> None:
    seed_tracker_demo(seeded, seed=5)
    par = seeded.scalars(select(CriterionSet).filter_by(kind=SetKind.PROVINCIAL)).one()
    assert seeded.scalar(select(func.count()).select_from(ReportingPeriod)) == 3
    states = dict(
        seeded.execute(
            select(CriterionReport.status, func.count()).group_by(CriterionReport.status)
        ).all()
    )
    assert states[ReportStatus.ACCEPTED] > 3 * states.get(ReportStatus.RETURNED, 0) > 0
    overview = build_overview(seeded, par, today_local())
    points = overview.standing.totals.province.points
    assert 30 < points < 100
    assert overview.at_risk
    assert overview.overdue_tasks
    assert overview.late_agencies
    # A second run adds nothing.
    assert seed_tracker_cycle(seeded, today_local(), seed=5) == 0
