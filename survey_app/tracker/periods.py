"""Reporting periods: the Department opens a month with a deadline; who is late by it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from survey_app.core.audit import record_event
from survey_app.core.clock import LOCAL_TZ
from survey_app.models import (
    Agency,
    Assignment,
    Criterion,
    CriterionLevel,
    CriterionReport,
    CriterionSet,
    CriterionSource,
    PeriodStatus,
    ReportingPeriod,
    SetKind,
    User,
)
from survey_app.tracker.criteria import SCORED_KINDS, fetch_sets


class PeriodExistsError(ValueError):
    """The set already has a period for that month."""


class DeadlineBeforeMonthError(ValueError):
    """A deadline before the month it closes."""


@dataclass(frozen=True, slots=True)
class LateAgency:
    """An agency that has not reported some of its criteria by the period's deadline."""

    agency: Agency
    missing: list[Criterion]


def open_period(
    session: Session, actor: User, criterion_set: CriterionSet, month: date, deadline: date
) -> ReportingPeriod:
    """Open ``month`` (any day of it) for reports due by ``deadline``; commits."""
    first = month.replace(day=1)
    if deadline < first:
        raise DeadlineBeforeMonthError(deadline)
    taken = session.scalar(
        select(ReportingPeriod).where(
            ReportingPeriod.set_id == criterion_set.id, ReportingPeriod.month == first
        )
    )
    if taken is not None:
        raise PeriodExistsError(first)
    period = ReportingPeriod(
        criterion_set=criterion_set, month=first, deadline=deadline, opened_by_id=actor.id
    )
    session.add(period)
    session.flush()
    record_event(
        session,
        actor,
        "tracker.open_period",
        "reporting_period",
        period.id,
        month=first.isoformat(),
        deadline=deadline.isoformat(),
    )
    session.commit()
    return period


def fetch_periods(session: Session, criterion_set: CriterionSet) -> list[ReportingPeriod]:
    """The set's periods, newest month first."""
    return list(
        session.scalars(
            select(ReportingPeriod)
            .where(ReportingPeriod.set_id == criterion_set.id)
            .order_by(ReportingPeriod.month.desc())
        )
    )


def current_period(session: Session, criterion_set: CriterionSet) -> ReportingPeriod | None:
    """The newest open period of the set, if any."""
    return session.scalar(
        select(ReportingPeriod)
        .where(
            ReportingPeriod.set_id == criterion_set.id,
            ReportingPeriod.status == PeriodStatus.OPEN,
        )
        .order_by(ReportingPeriod.month.desc())
        .limit(1)
    )


def reported_components(session: Session, criterion_set: CriterionSet) -> list[Assignment]:
    """The assignments whose lead agency reports every month: self-assessed components.

    Survey-derived criteria are measured by the ministry, not reported by an agency.
    """
    return list(
        session.scalars(
            select(Assignment)
            .join(Assignment.criterion)
            .where(
                Criterion.set_id == criterion_set.id,
                Criterion.level == CriterionLevel.COMPONENT,
                Criterion.source == CriterionSource.SELF_ASSESSED,
            )
            .order_by(Criterion.position)
        )
    )


def per_agency(criterion_set: CriterionSet) -> bool:
    """Whether every scored agency reports each criterion (the internal index).

    In the PAR INDEX the province is scored: one report per criterion, from its lead agency.
    """
    return criterion_set.kind is SetKind.INTERNAL


def is_scored(agency: Agency | None) -> bool:
    """Whether ``agency`` is a scored unit of the internal index."""
    return agency is not None and agency.active and agency.kind in SCORED_KINDS


def scored_agencies(session: Session) -> list[Agency]:
    """The internal index's scored units: active departments and communes, by name."""
    return list(
        session.scalars(
            select(Agency)
            .where(Agency.active, Agency.kind.in_(SCORED_KINDS))
            .order_by(Agency.kind, Agency.name)
        )
    )


def reporting_duties(
    session: Session, criterion_set: CriterionSet
) -> dict[int, tuple[Agency, list[Criterion]]]:
    """{agency id: (the agency, the criteria it reports each month)} for the set.

    PAR INDEX: each lead agency its criteria. Internal index: every scored agency every
    self-assessed component.
    """
    components = reported_components(session, criterion_set)
    duties: dict[int, tuple[Agency, list[Criterion]]] = {}
    if per_agency(criterion_set):
        for agency in scored_agencies(session):
            duties[agency.id] = (agency, [a.criterion for a in components])
        return duties
    for assignment in components:
        agency = assignment.lead_agency
        duties.setdefault(agency.id, (agency, []))[1].append(assignment.criterion)
    return duties


def fetch_late_agencies(session: Session, period: ReportingPeriod, today: date) -> list[LateAgency]:
    """Agencies with a criterion not submitted on or before the deadline (once it has passed).

    A report counts when some version of it was submitted by the end of the deadline day in
    Lạng Sơn, whatever the review made of it later. In the internal index each scored agency
    owes its own report on every criterion.
    """
    if today <= period.deadline:
        return []
    on_time: set[tuple[int, int]] = set()
    for report in session.scalars(
        select(CriterionReport).where(
            CriterionReport.period_id == period.id, CriterionReport.submitted_at.is_not(None)
        )
    ):
        submitted = report.submitted_at
        if submitted is not None and submitted.astimezone(LOCAL_TZ).date() <= period.deadline:
            on_time.add((report.agency_id, report.criterion_id))
    late: dict[int, LateAgency] = {}
    for agency, criteria in reporting_duties(session, period.criterion_set).values():
        for criterion in criteria:
            if (agency.id, criterion.id) not in on_time:
                late.setdefault(agency.id, LateAgency(agency, [])).missing.append(criterion)
    return sorted(late.values(), key=lambda row: (-len(row.missing), row.agency.name))


def newest_open_set(session: Session, user: User) -> CriterionSet | None:
    """The newest set ``user`` may open that has an open period (else the newest it may)."""
    sets = fetch_sets(session, user)
    for criterion_set in sets:
        if current_period(session, criterion_set) is not None:
            return criterion_set
    return sets[0] if sets else None
