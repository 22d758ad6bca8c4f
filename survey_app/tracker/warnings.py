"""The Department's warnings: criteria at risk, overdue tasks, agencies late with reports."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from survey_app.models import Agency, CriterionSet, RemediationTask, ReportingPeriod
from survey_app.tracker.periods import LateAgency, fetch_late_agencies, fetch_periods
from survey_app.tracker.standing import CriterionStanding, SetStanding, set_standing
from survey_app.tracker.tasks import fetch_overdue_tasks


@dataclass(frozen=True, slots=True)
class Overview:
    """What the overview page shows: the standing and the three kinds of warning."""

    standing: SetStanding
    at_risk: list[CriterionStanding]
    overdue_tasks: list[RemediationTask]
    late_period: ReportingPeriod | None
    late_agencies: list[LateAgency]


def last_due_period(
    session: Session, criterion_set: CriterionSet, today: date
) -> ReportingPeriod | None:
    """The newest period whose deadline has passed (the one agencies can be late for)."""
    return next((p for p in fetch_periods(session, criterion_set) if p.deadline < today), None)


def build_overview(
    session: Session, criterion_set: CriterionSet, today: date, agency: Agency | None = None
) -> Overview:
    """The set's standing and warnings; with ``agency``, its own criteria only."""
    standing = set_standing(session, criterion_set, today, agency=agency)
    mine = {i.criterion.id for i in standing.items}
    tasks = [
        t
        for t in fetch_overdue_tasks(session, criterion_set, today)
        if agency is None or t.owner_agency_id == agency.id or t.criterion_id in mine
    ]
    period = last_due_period(session, criterion_set, today)
    late = fetch_late_agencies(session, period, today) if period is not None else []
    if agency is not None:
        late = [row for row in late if row.agency.id == agency.id]
    return Overview(standing, standing.at_risk, tasks, period, late)
