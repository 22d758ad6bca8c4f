"""One component criterion: who answers for it and last year's result."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response as WerkzeugResponse
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # WTForms 3.3

from forms.tracker import AssignmentForm, LastYearForm
from survey_app.core.access import roles_required
from survey_app.core.form_data import add_error
from survey_app.core.pages import Page
from survey_app.core.scope import TRACKER_ROLES
from survey_app.core.web_forms import valid_submission, web_form
from survey_app.extensions import db
from survey_app.models import PROVINCE_ROLES, Agency, Assignment, Criterion, LastYearResult
from survey_app.tracker.assignments import (
    PointsAboveMaximumError,
    fetch_agencies,
    fetch_component,
    save_assignment,
    save_last_year,
)
from survey_app.tracker.blueprint import bp
from survey_app.tracker.criteria import may_see_criterion, rule_in_words
from survey_app.tracker.views_sets import visible_set


def _component(set_id: int, criterion_id: int) -> Criterion:
    """The component criterion, if the signed-in user may see it (404 otherwise)."""
    criterion = fetch_component(db.session(), visible_set(set_id), criterion_id)
    if criterion is None or not may_see_criterion(db.session(), current_user, criterion):
        abort(404)
    return criterion


def _agency_choices(none_label: str | None = None) -> list[SelectChoice]:
    first = [SelectChoice("0", none_label)] if none_label else []
    return first + [SelectChoice(str(a.id), a.name) for a in fetch_agencies(db.session())]


def _assignment_form(assignment: Assignment | None, blank: bool) -> AssignmentForm:
    form = (
        web_form(AssignmentForm, formdata=None, obj=assignment)
        if blank
        else web_form(AssignmentForm)
    )
    form.lead.choices = _agency_choices()
    form.supporting.choices = _agency_choices()
    if blank and assignment is not None:
        form.lead.data = assignment.lead_agency_id
        form.supporting.data = [a.id for a in assignment.supporting]
    return form


def _last_year_form(result: LastYearResult | None, blank: bool) -> LastYearForm:
    form = web_form(LastYearForm, formdata=None, obj=result) if blank else web_form(LastYearForm)
    form.responsible.choices = _agency_choices("—")
    if blank and result is not None:
        form.responsible.data = result.responsible_agency_id or 0
    return form


def _render(
    criterion: Criterion,
    assign: AssignmentForm | None = None,
    last_year: LastYearForm | None = None,
    status: int = 200,
) -> Page:
    assignment = db.session.scalar(
        select(Assignment).where(Assignment.criterion_id == criterion.id)
    )
    result = db.session.scalar(
        select(LastYearResult).where(LastYearResult.criterion_id == criterion.id)
    )
    is_department = current_user.is_province_wide
    page = render_template(
        "tracker/show_criterion.html",
        criterion=criterion,
        criterion_set=criterion.criterion_set,
        assignment=assignment,
        result=result,
        rule=rule_in_words(criterion.rule_kind, criterion.rule_params),
        assign=(assign or _assignment_form(assignment, True)) if is_department else None,
        last_year=(last_year or _last_year_form(result, True)) if is_department else None,
    )
    return page, status


@bp.get("/<int:set_id>/tieu-chi/<int:criterion_id>")
@roles_required(*TRACKER_ROLES)
def show_criterion(set_id: int, criterion_id: int) -> Page:
    """A component criterion: rule, evidence, assignment, last year's result."""
    return _render(_component(set_id, criterion_id))


@bp.post("/<int:set_id>/tieu-chi/<int:criterion_id>/phan-cong")
@roles_required(*PROVINCE_ROLES)
def assign_criterion(set_id: int, criterion_id: int) -> Page | WerkzeugResponse:
    """Set the lead agency, the supporting agencies, the deadline and the product."""
    criterion = _component(set_id, criterion_id)
    form = _assignment_form(None, False)
    if not valid_submission(form):
        return _render(criterion, assign=form, status=400)
    lead = db.session.get(Agency, form.lead.data)
    if lead is None:
        abort(400)
    supporting = [a for i in form.supporting.data or [] if (a := db.session.get(Agency, i))]
    save_assignment(
        db.session(),
        current_user,
        criterion,
        lead=lead,
        supporting=supporting,
        deadline=form.deadline.data,
        product=form.product.data or "",
    )
    flash(_("Đã lưu phân công."))
    return redirect(url_for(".show_criterion", set_id=set_id, criterion_id=criterion.id), code=303)


@bp.post("/<int:set_id>/tieu-chi/<int:criterion_id>/nam-truoc")
@roles_required(*PROVINCE_ROLES)
def save_last_year_result(set_id: int, criterion_id: int) -> Page | WerkzeugResponse:
    """Last year's self-assessed and appraised points, the cause of lost points, the agency."""
    criterion = _component(set_id, criterion_id)
    form = _last_year_form(None, False)
    if valid_submission(form):
        responsible = (
            db.session.get(Agency, form.responsible.data) if form.responsible.data else None
        )
        try:
            save_last_year(
                db.session(),
                current_user,
                criterion,
                points_self=form.points_self.data,
                points_appraised=form.points_appraised.data,
                cause=form.cause.data or "",
                responsible=responsible,
            )
        except PointsAboveMaximumError:
            message = _(
                "Điểm không được vượt điểm tối đa %(max)s.", max=f"{criterion.max_points:g}"
            )
            add_error(form.points_appraised, message)
        else:
            flash(_("Đã lưu kết quả năm trước."))
            return redirect(
                url_for(".show_criterion", set_id=set_id, criterion_id=criterion.id), code=303
            )
    return _render(criterion, last_year=form, status=400 if request.method == "POST" else 200)
