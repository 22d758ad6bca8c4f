"""The overview: where the province (or an agency) stands, and what needs doing."""

from __future__ import annotations

from flask import abort, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response as WerkzeugResponse

from survey_app.core.access import roles_required
from survey_app.core.clock import today_local
from survey_app.core.scope import TRACKER_ROLES
from survey_app.extensions import db
from survey_app.models import SetKind
from survey_app.tracker.blueprint import bp
from survey_app.tracker.criteria import fetch_sets
from survey_app.tracker.pc_report import period_choices, report_links
from survey_app.tracker.quarterly import current_quarter
from survey_app.tracker.ranking import rank_agencies
from survey_app.tracker.views_quarterly import quarter_url
from survey_app.tracker.views_sets import visible_set
from survey_app.tracker.warnings import build_overview


@bp.get("/<int:set_id>/tong-quan")
@roles_required(*TRACKER_ROLES)
def show_overview(set_id: int) -> str:
    """The forecast total, by field, vs last year, the group; warnings linked to criteria."""
    criterion_set = visible_set(set_id)
    is_department = current_user.is_province_wide
    agency = None if is_department else current_user.agency
    if not is_department and agency is None:
        abort(404)
    today = today_local()
    overview = build_overview(db.session(), criterion_set, today, agency)
    return render_template(
        "tracker/show_overview.html",
        criterion_set=criterion_set,
        overview=overview,
        standing=overview.standing,
        agency=agency,
        quarter_link=quarter_url(criterion_set, current_quarter(criterion_set, today_local())),
        ranking=rank_agencies(db.session(), criterion_set)
        if criterion_set.kind is SetKind.INTERNAL and is_department
        else [],
        report_choices=period_choices(db.session(), criterion_set, today) if is_department else [],
        report_links=report_links(overview.late_period, today),
    )


@bp.get("/tong-quan")
@roles_required(*TRACKER_ROLES)
def go_to_overview() -> WerkzeugResponse:
    """The menu's way in: the overview of the newest set the user may open."""
    sets = fetch_sets(db.session(), current_user)
    if not sets:
        return redirect(url_for(".list_sets"))
    chosen = next((s for s in sets if s.kind is SetKind.PROVINCIAL), sets[0])
    return redirect(url_for(".show_overview", set_id=chosen.id))
