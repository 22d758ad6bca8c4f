"""Who may do what in the monthly cycle: the criterion a page is about, checked."""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort
from flask_login import current_user
from sqlalchemy import select

from survey_app.extensions import db
from survey_app.models import Agency, Assignment, Criterion, CriterionSource, Role, User
from survey_app.tracker.assignments import fetch_component
from survey_app.tracker.criteria import may_see_criterion
from survey_app.tracker.periods import is_scored, per_agency
from survey_app.tracker.views_sets import visible_set


@dataclass(frozen=True, slots=True)
class Reported:
    """A self-assessed component criterion with its assignment (who reports on it)."""

    criterion: Criterion
    assignment: Assignment


def seen_criterion(set_id: int, criterion_id: int) -> Criterion:
    """The component criterion, if the signed-in user may see it (404 otherwise, not to tell)."""
    criterion = fetch_component(db.session(), visible_set(set_id), criterion_id)
    if criterion is None or not may_see_criterion(db.session(), current_user, criterion):
        abort(404)
    return criterion


def reported_criterion(set_id: int, criterion_id: int) -> Reported:
    """A criterion that a lead agency reports on each month (404 for others)."""
    criterion = seen_criterion(set_id, criterion_id)
    assignment = db.session.scalar(
        select(Assignment).where(Assignment.criterion_id == criterion.id)
    )
    if assignment is None or criterion.source is not CriterionSource.SELF_ASSESSED:
        abort(404)
    return Reported(criterion, assignment)


def reporting_agency(user: User, assignment: Assignment) -> Agency | None:
    """Whose report ``user`` reads and writes on the assignment's criterion (None: nobody's).

    PAR INDEX: the lead agency's, written by it or by the Department (for an agency without
    an account). Internal index: each scored agency its own; the Department has none there.
    """
    if per_agency(assignment.criterion.criterion_set):
        return user.agency if user.role is Role.AGENCY and is_scored(user.agency) else None
    return assignment.lead_agency


def may_report(user: User, assignment: Assignment) -> bool:
    """The lead agency reports; the Department may too (for an agency without an account).

    Supporting agencies see the report but do not write it. In the internal index each
    scored agency writes its own report, and only that.
    """
    if per_agency(assignment.criterion.criterion_set):
        return reporting_agency(user, assignment) is not None
    return user.is_province_wide or (
        user.role is Role.AGENCY and user.agency_id == assignment.lead_agency_id
    )


def require_reporter(assignment: Assignment) -> None:
    """403 unless the signed-in user may write the criterion's report and plan."""
    if not may_report(current_user, assignment):
        abort(403)
