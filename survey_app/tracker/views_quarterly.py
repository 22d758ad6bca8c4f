"""The quarterly record (plan III.2.g): an agency's quarter; every agency's, for the Department."""

from __future__ import annotations

from flask import abort, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response as WerkzeugResponse

from survey_app.core.access import roles_required
from survey_app.core.clock import today_local
from survey_app.core.collation import vietnamese_key
from survey_app.core.scope import TRACKER_ROLES
from survey_app.extensions import db
from survey_app.models import PROVINCE_ROLES, Agency, CriterionSet, SetKind
from survey_app.tracker.blueprint import bp
from survey_app.tracker.criteria import fetch_sets
from survey_app.tracker.quarter_summary import summary
from survey_app.tracker.quarterly import (
    LATE,
    MISSING,
    AgencyQuarter,
    agency_quarter,
    build_quarters,
    current_quarter,
    quarter_of,
)
from survey_app.tracker.views_sets import visible_set

# The Department's table: by name (Vietnamese order), by reports late or missing, by points
# at risk; the query value is the column's name in Vietnamese.
SORTS = {
    "ten": lambda q: (vietnamese_key(q.agency.name),),
    "cham": lambda q: (-(q.count(LATE) + q.count(MISSING)), vietnamese_key(q.agency.name)),
    "nguy-co": lambda q: (-q.at_risk, vietnamese_key(q.agency.name)),
}


def _quarter_number(criterion_set: CriterionSet, number: int) -> int:
    try:
        quarter_of(criterion_set, number)
    except ValueError:
        abort(404)
    return number


@bp.get("/<int:set_id>/quy/<int:number>")
@roles_required(*PROVINCE_ROLES)
def list_quarter(set_id: int, number: int) -> str:
    """Every agency's quarter in one table, each row linking to the agency's page."""
    criterion_set = visible_set(set_id)
    number = _quarter_number(criterion_set, number)
    order = request.args.get("sap-xep", "ten")
    if order not in SORTS:
        order = "ten"
    rows = sorted(
        build_quarters(db.session(), criterion_set, number, today_local()), key=SORTS[order]
    )
    return render_template(
        "tracker/list_quarter.html",
        criterion_set=criterion_set,
        number=number,
        quarter=quarter_of(criterion_set, number),
        rows=rows,
        order=order,
    )


@bp.get("/<int:set_id>/quy/<int:number>/co-quan/<int:agency_id>")
@roles_required(*TRACKER_ROLES)
def show_agency_quarter(set_id: int, number: int, agency_id: int) -> str:
    """One agency's quarter: criteria, monthly reports, reviews, tasks, points, a summary.

    An agency user opens its own agency's page only (another's is "not found").
    """
    criterion_set = visible_set(set_id)
    number = _quarter_number(criterion_set, number)
    if not current_user.is_province_wide and current_user.agency_id != agency_id:
        abort(404)
    agency = db.session.get(Agency, agency_id)
    if agency is None:
        abort(404)
    record: AgencyQuarter | None = agency_quarter(
        db.session(), criterion_set, number, today_local(), agency
    )
    if record is None:
        abort(404)
    return render_template(
        "tracker/show_agency_quarter.html",
        criterion_set=criterion_set,
        number=number,
        q=record,
        summary=summary(record),
    )


def quarter_url(criterion_set: CriterionSet, number: int) -> str:
    """The user's page for the quarter: the Department's table, or an agency's own record."""
    if current_user.is_province_wide:
        return url_for(".list_quarter", set_id=criterion_set.id, number=number)
    return url_for(
        ".show_agency_quarter",
        set_id=criterion_set.id,
        number=number,
        agency_id=current_user.agency_id or 0,
    )


@bp.get("/quy")
@roles_required(*TRACKER_ROLES)
def go_to_quarter() -> WerkzeugResponse:
    """The menu's way in: this quarter in the provincial set (else the newest the user may)."""
    sets = fetch_sets(db.session(), current_user)
    if not sets or (not current_user.is_province_wide and current_user.agency_id is None):
        return redirect(url_for(".list_sets"))
    chosen = next((s for s in sets if s.kind is SetKind.PROVINCIAL), sets[0])
    return redirect(quarter_url(chosen, current_quarter(chosen, today_local())))
