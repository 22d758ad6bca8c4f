"""Criterion sets: the list, one set's tree, the lost-points list, the agencies."""

from __future__ import annotations

from flask import abort, render_template
from flask_login import current_user

from survey_app.core.access import roles_required
from survey_app.core.scope import TRACKER_ROLES
from survey_app.extensions import db
from survey_app.models import PROVINCE_ROLES, CriterionSet
from survey_app.tracker.assignments import fetch_agencies, fetch_lost_points
from survey_app.tracker.blueprint import bp
from survey_app.tracker.criteria import fetch_sets, fetch_tree, rule_in_words


def visible_set(set_id: int) -> CriterionSet:
    """The set, if the signed-in user may open it (404 otherwise, not to tell)."""
    criterion_set = db.session.get(CriterionSet, set_id)
    if criterion_set is None or criterion_set not in fetch_sets(db.session(), current_user):
        abort(404)
    return criterion_set


@bp.get("/")
@roles_required(*TRACKER_ROLES)
def list_sets() -> str:
    """The criterion sets: every edition for the Department, an agency's own for it."""
    return render_template("tracker/list_sets.html", sets=fetch_sets(db.session(), current_user))


@bp.get("/<int:set_id>")
@roles_required(*TRACKER_ROLES)
def show_set(set_id: int) -> str:
    """The set as a tree with maxima, rules in words and lead agencies."""
    criterion_set = visible_set(set_id)
    return render_template(
        "tracker/show_set.html",
        criterion_set=criterion_set,
        rows=fetch_tree(db.session(), criterion_set, current_user),
        rule_in_words=rule_in_words,
        is_department=current_user.is_province_wide,
    )


@bp.get("/<int:set_id>/mat-diem")
@roles_required(*PROVINCE_ROLES)
def list_lost_points(set_id: int) -> str:
    """Every criterion that lost points last year, with cause and agency, most lost first."""
    criterion_set = db.get_or_404(CriterionSet, set_id)
    rows = fetch_lost_points(db.session(), criterion_set)
    return render_template(
        "tracker/list_lost_points.html",
        criterion_set=criterion_set,
        rows=rows,
        total=round(sum(r.points_lost for r in rows), 2),
    )


@bp.get("/co-quan")
@roles_required(*PROVINCE_ROLES)
def list_agencies() -> str:
    """The agencies that lead or support criteria, and their users."""
    return render_template(
        "tracker/list_agencies.html", agencies=fetch_agencies(db.session(), active_only=False)
    )
