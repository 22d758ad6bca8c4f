"""Writing who answers for a criterion and last year's result; the lost-points list."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from survey_app.core.audit import record_event
from survey_app.models import (
    Agency,
    Assignment,
    Criterion,
    CriterionLevel,
    CriterionSet,
    LastYearResult,
    User,
)


class PointsAboveMaximumError(ValueError):
    """Points given above the criterion's maximum."""


@dataclass(frozen=True, slots=True)
class LostPoints:
    """A criterion that lost points last year, with how many, why and whose."""

    criterion: Criterion
    field: Criterion | None
    result: LastYearResult
    points_lost: float


def fetch_agencies(session: Session, *, active_only: bool = True) -> list[Agency]:
    """The agencies by kind, then name."""
    query = select(Agency).order_by(Agency.kind, Agency.name)
    if active_only:
        query = query.where(Agency.active)
    return list(session.scalars(query))


def fetch_component(
    session: Session, criterion_set: CriterionSet, criterion_id: int
) -> Criterion | None:
    """The component criterion ``criterion_id`` of ``criterion_set``, if it is one."""
    criterion = session.get(Criterion, criterion_id)
    if criterion is None or criterion.set_id != criterion_set.id:
        return None
    return criterion if criterion.level is CriterionLevel.COMPONENT else None


def save_assignment(
    session: Session,
    actor: User,
    criterion: Criterion,
    *,
    lead: Agency,
    supporting: Sequence[Agency],
    deadline: date | None,
    product: str,
) -> Assignment:
    """Set the criterion's lead and supporting agencies, deadline and product; commits."""
    assignment = session.scalar(select(Assignment).where(Assignment.criterion_id == criterion.id))
    if assignment is None:
        assignment = Assignment(criterion=criterion, lead_agency=lead)
        session.add(assignment)
    assignment.lead_agency = lead
    # The lead is not also its own supporter.
    assignment.supporting = [a for a in supporting if a.id != lead.id]
    assignment.deadline = deadline
    assignment.product = product.strip()
    session.flush()
    record_event(
        session,
        actor,
        "tracker.assign",
        "criterion",
        criterion.id,
        lead=lead.code,
        supporting=sorted(a.code for a in assignment.supporting),
        deadline=deadline.isoformat() if deadline else None,
    )
    session.commit()
    return assignment


def save_last_year(
    session: Session,
    actor: User,
    criterion: Criterion,
    *,
    points_self: float | None,
    points_appraised: float | None,
    cause: str,
    responsible: Agency | None,
) -> LastYearResult:
    """Record last year's points of ``criterion``; raises PointsAboveMaximumError; commits."""
    for points in (points_self, points_appraised):
        if points is not None and points > criterion.max_points + 1e-9:
            raise PointsAboveMaximumError(points)
    result = session.scalar(
        select(LastYearResult).where(LastYearResult.criterion_id == criterion.id)
    )
    if result is None:
        result = LastYearResult(criterion=criterion)
        session.add(result)
    result.points_self = points_self
    result.points_appraised = points_appraised
    result.cause = cause.strip()
    result.responsible_agency = responsible
    session.flush()
    record_event(
        session,
        actor,
        "tracker.last_year",
        "criterion",
        criterion.id,
        points_self=points_self,
        points_appraised=points_appraised,
    )
    session.commit()
    return result


def fetch_lost_points(session: Session, criterion_set: CriterionSet) -> list[LostPoints]:
    """Every component criterion of the set that lost points last year, most points first."""
    results = session.scalars(
        select(LastYearResult)
        .join(LastYearResult.criterion)
        .where(Criterion.set_id == criterion_set.id)
        .options(
            selectinload(LastYearResult.criterion),
            selectinload(LastYearResult.responsible_agency),
        )
    )
    parents = {c.id: c for c in criterion_set.criteria}
    lost: list[LostPoints] = []
    for result in results:
        if result.points_lost <= 0:
            continue
        node: Criterion | None = result.criterion
        while node is not None and node.level is not CriterionLevel.FIELD:
            node = parents.get(node.parent_id) if node.parent_id else None
        lost.append(LostPoints(result.criterion, node, result, result.points_lost))
    lost.sort(key=lambda row: (-row.points_lost, row.criterion.position))
    return lost
