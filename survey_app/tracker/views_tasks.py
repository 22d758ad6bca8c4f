"""A criterion's remediation plan: its tasks, added and kept up to date."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response as WerkzeugResponse

from forms.tracker_cycle import TaskForm
from survey_app.core.access import roles_required
from survey_app.core.clock import today_local
from survey_app.core.pages import Page
from survey_app.core.scope import TRACKER_ROLES
from survey_app.core.web_forms import valid_submission, web_form
from survey_app.extensions import db
from survey_app.models import Agency, RemediationTask, TaskStatus
from survey_app.tracker.blueprint import bp
from survey_app.tracker.cycle_access import (
    Reported,
    may_report,
    reported_criterion,
    reporting_agency,
    require_reporter,
)
from survey_app.tracker.periods import per_agency
from survey_app.tracker.tasks import TaskValues, fetch_tasks, save_task


def _task_form(task: RemediationTask) -> TaskForm:
    form = web_form(TaskForm, formdata=None, obj=task, prefix=f"t{task.id}")
    form.status.data = task.status.value
    return form


def _own_only(reported: Reported) -> bool:
    """In the internal index an agency user sees and keeps its own agency's tasks only."""
    return per_agency(reported.criterion.criterion_set) and not current_user.is_province_wide


def _owner(reported: Reported) -> Agency:
    """Whose task a new one is: the lead agency's, or in the internal index the writer's."""
    return reporting_agency(current_user, reported.assignment) or reported.assignment.lead_agency


def _render(reported: Reported, form: TaskForm | None = None, status: int = 200) -> Page:
    tasks = fetch_tasks(db.session(), reported.criterion)
    if _own_only(reported):
        tasks = [t for t in tasks if t.owner_agency_id == current_user.agency_id]
    writable = may_report(current_user, reported.assignment)
    page = render_template(
        "tracker/show_plan.html",
        criterion=reported.criterion,
        criterion_set=reported.criterion.criterion_set,
        assignment=reported.assignment,
        tasks=tasks,
        edit_forms={t.id: _task_form(t) for t in tasks} if writable else {},
        form=(form or web_form(TaskForm, formdata=None)) if writable else None,
        today=today_local(),
    )
    return page, status


def _values(form: TaskForm) -> TaskValues:
    if form.deadline.data is None:  # InputRequired has passed: never, but typed so
        abort(400)
    return TaskValues(
        person=form.person.data or "",
        what=form.what.data or "",
        product=form.product.data or "",
        deadline=form.deadline.data,
        status=TaskStatus(form.status.data),
    )


@bp.route("/<int:set_id>/tieu-chi/<int:criterion_id>/khac-phuc", methods=["GET", "POST"])
@roles_required(*TRACKER_ROLES)
def show_plan(set_id: int, criterion_id: int) -> Page | WerkzeugResponse:
    """The criterion's remediation plan: who, what, which product, by when; add a task."""
    reported = reported_criterion(set_id, criterion_id)
    if request.method == "GET":
        return _render(reported)
    require_reporter(reported.assignment)
    form = web_form(TaskForm)
    if not valid_submission(form):
        return _render(reported, form, 400)
    save_task(
        db.session(),
        current_user,
        reported.criterion,
        owner=_owner(reported),
        values=_values(form),
        today=today_local(),
    )
    flash(_("Đã thêm việc vào kế hoạch khắc phục."))
    return redirect(url_for(".show_plan", set_id=set_id, criterion_id=criterion_id), code=303)


@bp.post("/<int:set_id>/tieu-chi/<int:criterion_id>/khac-phuc/<int:task_id>")
@roles_required(*TRACKER_ROLES)
def edit_task(set_id: int, criterion_id: int, task_id: int) -> Page | WerkzeugResponse:
    """Change a task of the plan (mark it done, move its deadline …)."""
    reported = reported_criterion(set_id, criterion_id)
    require_reporter(reported.assignment)
    task = db.session.get(RemediationTask, task_id)
    if task is None or task.criterion_id != reported.criterion.id:
        abort(404)
    if _own_only(reported) and task.owner_agency_id != current_user.agency_id:
        abort(404)
    form = web_form(TaskForm, prefix=f"t{task.id}")
    if not valid_submission(form):
        return _render(reported, status=400)
    save_task(
        db.session(),
        current_user,
        reported.criterion,
        owner=task.owner_agency,
        values=_values(form),
        today=today_local(),
        task=task,
    )
    flash(_("Đã cập nhật việc."))
    return redirect(url_for(".show_plan", set_id=set_id, criterion_id=criterion_id), code=303)
