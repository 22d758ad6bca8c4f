"""The monthly cycle in the security walks' world: a report in every state, a task, a file."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from survey_app.core.clock import today_local
from survey_app.models import (
    Agency,
    Criterion,
    CriterionLevel,
    CriterionReport,
    CriterionSet,
    CriterionSource,
    Progress,
    User,
)
from survey_app.tracker.assignments import save_assignment
from survey_app.tracker.evidence import add_evidence
from survey_app.tracker.periods import open_period
from survey_app.tracker.report_values import ReportValues
from survey_app.tracker.reports import accept_report, save_draft, submit_report
from survey_app.tracker.tasks import TaskValues, save_task

# The smallest file the evidence check takes as a PDF: a header, a cross-reference, an end.
TINY_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"xref\n0 3\n0000000000 65535 f \ntrailer<</Size 3/Root 1 0 R>>\nstartxref\n9\n%%EOF\n"
)


@dataclass(frozen=True, slots=True)
class CycleWorld:
    """Criteria with a draft, a submitted and an accepted report; their ids for URLs."""

    criterion_ids: list[int]
    report_id: int  # the submitted report (the review form)
    task_id: int
    file_id: int
    agency_id: int  # the lead agency (its quarterly page)


def build_cycle(session: Session, admin: User, par: CriterionSet, lead: Agency) -> CycleWorld:
    """Open this month and leave a report in each state the pages show a form for."""
    chosen = [
        c
        for c in par.criteria
        if c.level is CriterionLevel.COMPONENT and c.source is CriterionSource.SELF_ASSESSED
    ][-3:]
    for criterion in chosen:
        save_assignment(
            session, admin, criterion, lead=lead, supporting=[], deadline=None, product=""
        )
    today = today_local()
    period = open_period(session, admin, par, today, today.replace(day=28))

    def draft(criterion: Criterion) -> int:
        values = ReportValues(Progress.ON_TRACK, value_number=1, value_bool=True)
        report = save_draft(session, admin, criterion, period, agency=lead, values=values)
        return report.id

    _draft, submitted_id, accepted_id = (draft(c) for c in chosen)
    submitted = session.get_one(CriterionReport, submitted_id)
    accepted = session.get_one(CriterionReport, accepted_id)
    evidence = add_evidence(
        session, admin, accepted, file_name="bien-ban.pdf", data=TINY_PDF, max_bytes=10**6
    )
    submit_report(session, admin, submitted)
    submit_report(session, admin, accepted)
    accept_report(session, admin, accepted)
    task = save_task(
        session,
        admin,
        chosen[0],
        owner=lead,
        values=TaskValues("Ông A", "Ban hành kế hoạch", "Kế hoạch", today),
        today=today,
    )
    return CycleWorld([c.id for c in chosen], submitted_id, task.id, evidence.id, lead.id)
