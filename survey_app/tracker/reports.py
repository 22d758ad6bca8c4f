"""An agency's monthly report on a criterion: draft, submit, return, correct, accept.

Every submitted version stays as it was sent: a returned or an accepted report is never
edited again, a correction is version n + 1 (a copy to edit). Each step is a ReportEvent
(who, when, what changed), committed with the change it records.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from analysis.par_index.values import Measured
from survey_app.core.clock import now_utc
from survey_app.models import (
    Agency,
    Assignment,
    Criterion,
    CriterionReport,
    CriterionSet,
    EvidenceFile,
    ReportEvent,
    ReportingPeriod,
    ReportStatus,
    User,
)
from survey_app.tracker.periods import is_scored, per_agency, reported_components
from survey_app.tracker.report_values import ReportValues, check_values, has_value, measured

FIELDS = ("progress", "value_number", "value_date", "value_bool", "explanation")


class ReportStateError(ValueError):
    """A step the report's status does not allow (editing an accepted report, …)."""


class ValueMissingError(ValueError):
    """Submitting without the value the criterion's rule needs."""


@dataclass(frozen=True, slots=True)
class AgencyRow:
    """One of an agency's criteria in a period, with its latest report (None: not started)."""

    assignment: Assignment
    report: CriterionReport | None


def _plain(value: object) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    return getattr(value, "value", value)


def log_event(
    session: Session, report: CriterionReport, actor: User, action: str, **detail: Any
) -> ReportEvent:
    """Add a review-trail row for ``report`` (the caller commits it with the change)."""
    event = ReportEvent(report=report, actor_id=actor.id, action=action, detail=detail)
    session.add(event)
    return event


def latest_report(
    session: Session, criterion: Criterion, period: ReportingPeriod, agency: Agency | None = None
) -> CriterionReport | None:
    """The newest version of the criterion's report for the period (``agency``'s, if given).

    In the internal index every scored agency has its own report: pass the agency.
    """
    query = select(CriterionReport).where(
        CriterionReport.criterion_id == criterion.id,
        CriterionReport.period_id == period.id,
    )
    if agency is not None:
        query = query.where(CriterionReport.agency_id == agency.id)
    return session.scalar(query.order_by(CriterionReport.version.desc()).limit(1))


def fetch_history(
    session: Session, criterion: Criterion, agency_id: int | None = None
) -> list[CriterionReport]:
    """Every version of every period's report on the criterion, newest first.

    With ``agency_id``, only that agency's (an internal-index unit sees its own).
    """
    query = (
        select(CriterionReport)
        .join(CriterionReport.period)
        .where(CriterionReport.criterion_id == criterion.id)
        .options(selectinload(CriterionReport.events), selectinload(CriterionReport.files))
        .order_by(ReportingPeriod.month.desc(), CriterionReport.version.desc())
    )
    if agency_id is not None:
        query = query.where(CriterionReport.agency_id == agency_id)
    return list(session.scalars(query))


def save_draft(
    session: Session,
    actor: User,
    criterion: Criterion,
    period: ReportingPeriod,
    *,
    agency: Agency,
    values: ReportValues,
) -> CriterionReport:
    """Create version 1 or change the current draft; raises ReportStateError otherwise.

    Raises ValueProblemError (report_values) for a value the rule cannot read. Commits.
    """
    checked = check_values(criterion, values)
    report = latest_report(session, criterion, period, agency)
    if report is not None and report.status is not ReportStatus.DRAFT:
        raise ReportStateError(report.status)
    created = report is None
    if report is None:
        report = CriterionReport(
            criterion=criterion, period=period, agency=agency, version=1, explanation=""
        )
        session.add(report)
    changes = {
        name: [_plain(getattr(report, name)), _plain(getattr(checked, name))]
        for name in FIELDS
        if created or getattr(report, name) != getattr(checked, name)
    }
    for name in FIELDS:
        setattr(report, name, getattr(checked, name))
    report.updated_at = now_utc()
    if created or changes:
        session.flush()
        log_event(session, report, actor, "created" if created else "edited", changes=changes)
    session.commit()
    return report


def submit_report(session: Session, actor: User, report: CriterionReport) -> None:
    """Send a draft to the Department; raises ReportStateError, ValueMissingError; commits."""
    if report.status is not ReportStatus.DRAFT:
        raise ReportStateError(report.status)
    if not has_value(report.criterion, report):
        raise ValueMissingError(report.criterion.code)
    report.status = ReportStatus.SUBMITTED
    report.submitted_by_id = actor.id
    report.submitted_at = now_utc()
    log_event(session, report, actor, "submitted", version=report.version)
    session.commit()


def _review(
    session: Session, actor: User, report: CriterionReport, status: ReportStatus, comment: str
) -> None:
    if report.status is not ReportStatus.SUBMITTED:
        raise ReportStateError(report.status)
    report.status = status
    report.reviewed_by_id = actor.id
    report.reviewed_at = now_utc()
    report.review_comment = comment.strip()
    log_event(session, report, actor, status.value, comment=report.review_comment)
    session.commit()


def return_report(session: Session, actor: User, report: CriterionReport, comment: str) -> None:
    """Send a submitted report back with the Department's comment; commits."""
    _review(session, actor, report, ReportStatus.RETURNED, comment)


def accept_report(
    session: Session, actor: User, report: CriterionReport, comment: str = ""
) -> None:
    """Accept a submitted report: it is locked from now on; commits."""
    _review(session, actor, report, ReportStatus.ACCEPTED, comment)


def correct_report(session: Session, actor: User, report: CriterionReport) -> CriterionReport:
    """Start version n + 1 of a returned or accepted report, as a draft copy; commits.

    The copy keeps the evidence files sent with version n (the same bytes, name, digest,
    uploader and time): a correction usually changes a figure, not the signed scans, and
    the Department must not accept a corrected report that seems to have no evidence.
    """
    if report.status not in (ReportStatus.RETURNED, ReportStatus.ACCEPTED):
        raise ReportStateError(report.status)
    newest = latest_report(session, report.criterion, report.period, report.agency)
    if newest is not None and newest.id != report.id:
        raise ReportStateError(newest.status)
    copy = CriterionReport(
        criterion=report.criterion,
        period=report.period,
        agency=report.agency,
        version=report.version + 1,
        **{name: getattr(report, name) for name in FIELDS},
    )
    session.add(copy)
    for sent in report.files:
        copy.files.append(
            EvidenceFile(
                file_name=sent.file_name,
                content_type=sent.content_type,
                size=sent.size,
                sha256=sent.sha256,
                data=sent.data,
                uploaded_by_id=sent.uploaded_by_id,
                uploaded_at=sent.uploaded_at,
            )
        )
    session.flush()
    log_event(
        session,
        copy,
        actor,
        "corrected",
        from_version=report.version,
        files_kept=len(report.files),
    )
    session.commit()
    return copy


def fetch_agency_rows(session: Session, agency: Agency, period: ReportingPeriod) -> list[AgencyRow]:
    """The criteria ``agency`` reports in the period's set, each with its own latest report.

    PAR INDEX: those it leads. Internal index: every one, if the agency is a scored unit.
    """
    every = per_agency(period.criterion_set) and is_scored(agency)
    return [
        AgencyRow(assignment, latest_report(session, assignment.criterion, period, agency))
        for assignment in reported_components(session, period.criterion_set)
        if every or assignment.lead_agency_id == agency.id
    ]


def fetch_review_queue(session: Session, criterion_set: CriterionSet) -> list[CriterionReport]:
    """Submitted reports of the set waiting for the Department, oldest first."""
    return list(
        session.scalars(
            select(CriterionReport)
            .join(CriterionReport.period)
            .where(
                ReportingPeriod.set_id == criterion_set.id,
                CriterionReport.status == ReportStatus.SUBMITTED,
            )
            .options(selectinload(CriterionReport.criterion), selectinload(CriterionReport.agency))
            .order_by(CriterionReport.submitted_at)
        )
    )


def latest_accepted_values(
    session: Session, set_id: int, *, through: date | None = None, agency: Agency | None = None
) -> dict[int, Measured]:
    """{criterion id: its latest accepted value} for the forecast (newest month, version).

    A timeliness value is read against the assignment's deadline, as of the period's.
    With ``through``, only the periods of months that begin on or before it count (the
    standing at the end of a past quarter). With ``agency``, only its own reports (an
    internal-index unit's points).
    """
    query = (
        select(CriterionReport)
        .join(CriterionReport.period)
        .where(ReportingPeriod.set_id == set_id, CriterionReport.status == ReportStatus.ACCEPTED)
        .options(selectinload(CriterionReport.criterion), selectinload(CriterionReport.period))
        .order_by(ReportingPeriod.month, CriterionReport.version)
    )
    if through is not None:
        query = query.where(ReportingPeriod.month <= through)
    if agency is not None:
        query = query.where(CriterionReport.agency_id == agency.id)
    reports = session.scalars(query)
    assignments = session.scalars(
        select(Assignment).join(Assignment.criterion).where(Criterion.set_id == set_id)
    )
    deadlines = {a.criterion_id: a.deadline for a in assignments}
    values: dict[int, Measured] = {}
    for report in reports:
        value = measured(
            report.criterion,
            report,
            deadlines.get(report.criterion_id),
            report.period.deadline,
        )
        if value is not None:
            values[report.criterion_id] = value
    return values
