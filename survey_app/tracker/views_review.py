"""The Department's side of the month: periods, the review queue, a report's review."""

from __future__ import annotations

from datetime import date, timedelta

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response as WerkzeugResponse

from forms.tracker_cycle import PeriodForm, ReviewForm
from survey_app.core.access import roles_required
from survey_app.core.clock import today_local
from survey_app.core.form_data import add_error
from survey_app.core.pages import Page
from survey_app.core.web_forms import valid_submission, web_form
from survey_app.extensions import db
from survey_app.models import PROVINCE_ROLES, CriterionReport, CriterionSet, ReportingPeriod
from survey_app.tracker.blueprint import bp
from survey_app.tracker.periods import (
    DeadlineBeforeMonthError,
    PeriodExistsError,
    current_period,
    fetch_late_agencies,
    fetch_periods,
    newest_open_set,
    open_period,
)
from survey_app.tracker.reports import (
    ReportStateError,
    accept_report,
    fetch_review_queue,
    return_report,
)
from survey_app.tracker.tasks import fetch_overdue_tasks

# The Department's usual deadline: the tenth of the month after the month reported on.
DEADLINE_DAY = 10


def _next_month(periods: list[ReportingPeriod], today: date) -> date:
    """The month after the newest period, or this month when there is none."""
    if not periods:
        return today.replace(day=1)
    newest = periods[0].month
    return (newest + timedelta(days=32)).replace(day=1)


def _period_form(criterion_set: CriterionSet, blank: bool) -> PeriodForm:
    if not blank:
        return web_form(PeriodForm)
    form = web_form(PeriodForm, formdata=None)
    month = _next_month(fetch_periods(db.session(), criterion_set), today_local())
    form.month.data = month
    form.deadline.data = (month + timedelta(days=32)).replace(day=DEADLINE_DAY)
    return form


@bp.route("/<int:set_id>/ky-bao-cao", methods=["GET", "POST"])
@roles_required(*PROVINCE_ROLES)
def list_periods(set_id: int) -> Page | WerkzeugResponse:
    """The set's reporting months and their deadlines; open the next one."""
    criterion_set = db.get_or_404(CriterionSet, set_id)
    form = _period_form(criterion_set, request.method == "GET")
    month, deadline = form.month.data, form.deadline.data
    if valid_submission(form) and month is not None and deadline is not None:
        try:
            open_period(db.session(), current_user, criterion_set, month, deadline)
        except PeriodExistsError:
            add_error(form.month, _("Tháng này đã được mở."))
        except DeadlineBeforeMonthError:
            add_error(form.deadline, _("Hạn gửi không được trước tháng báo cáo."))
        else:
            flash(_("Đã mở kỳ báo cáo."))
            return redirect(url_for(".list_periods", set_id=set_id), code=303)
    page = render_template(
        "tracker/list_periods.html",
        criterion_set=criterion_set,
        periods=fetch_periods(db.session(), criterion_set),
        form=form,
    )
    return page, 400 if request.method == "POST" else 200


@bp.get("/<int:set_id>/duyet")
@roles_required(*PROVINCE_ROLES)
def list_review_queue(set_id: int) -> str:
    """Reports waiting for review, agencies late with this month's, tasks overdue."""
    criterion_set = db.get_or_404(CriterionSet, set_id)
    today = today_local()
    period = current_period(db.session(), criterion_set)
    return render_template(
        "tracker/list_review_queue.html",
        criterion_set=criterion_set,
        period=period,
        reports=fetch_review_queue(db.session(), criterion_set),
        late=fetch_late_agencies(db.session(), period, today) if period else [],
        overdue=fetch_overdue_tasks(db.session(), criterion_set, today),
        today=today,
    )


def _submitted(set_id: int, report_id: int) -> CriterionReport:
    report = db.session.get(CriterionReport, report_id)
    if report is None or report.period.set_id != set_id:
        abort(404)
    return report


@bp.route("/<int:set_id>/duyet/<int:report_id>", methods=["GET", "POST"])
@roles_required(*PROVINCE_ROLES)
def review_report(set_id: int, report_id: int) -> Page | WerkzeugResponse:
    """One report: its values and files; accept it (locked) or return it with a comment."""
    report = _submitted(set_id, report_id)
    form = web_form(ReviewForm)
    if valid_submission(form):
        comment = form.comment.data or ""
        try:
            if form.decision.data == "accept":
                accept_report(db.session(), current_user, report, comment)
            else:
                return_report(db.session(), current_user, report, comment)
        except ReportStateError:
            abort(409)
        flash(_("Đã chấp nhận báo cáo.") if report.locked else _("Đã trả lại báo cáo."))
        return redirect(url_for(".list_review_queue", set_id=set_id), code=303)
    page = render_template(
        "tracker/review_report.html",
        criterion_set=report.period.criterion_set,
        report=report,
        form=form if report.status.value == "submitted" else None,
    )
    return page, 400 if request.method == "POST" else 200


@bp.get("/duyet")
@roles_required(*PROVINCE_ROLES)
def go_to_review_queue() -> WerkzeugResponse:
    """The menu's way in: the review queue of the newest set with an open period."""
    criterion_set = newest_open_set(db.session(), current_user)
    if criterion_set is None:
        return redirect(url_for(".list_sets"))
    return redirect(url_for(".list_review_queue", set_id=criterion_set.id))
