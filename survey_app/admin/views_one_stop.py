"""Staff entry of the one-stop figures, for centres whose one-stop system cannot push them."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from forms.one_stop import OneStopDayForm
from survey_app.admin.blueprint import bp
from survey_app.admin.one_stop_days import fetch_day_figures, fetch_recent_days
from survey_app.core.access import roles_required
from survey_app.core.clock import today_local
from survey_app.core.form_data import required
from survey_app.core.one_stop import (
    FIELDS,
    Change,
    DayFigures,
    FigureSource,
    InvalidFiguresError,
    replace_day_figures,
)
from survey_app.core.pages import Page
from survey_app.core.scope import MANAGING_ROLES, scoped_centre
from survey_app.core.web_forms import valid_submission, web_form
from survey_app.extensions import db
from survey_app.models import Centre


@bp.route("/ho-so/<key>/mot-cua", methods=["GET", "POST"])
@roles_required(*MANAGING_ROLES)
def enter_one_stop_day(key: str) -> Page:
    """Enter or correct one day's one-stop figures; a day entered again is replaced."""
    centre = scoped_centre(key)
    form = web_form(OneStopDayForm)
    problems: list[str] = []
    if valid_submission(form):
        day = required(form.day.data)
        figures = DayFigures(**{name: getattr(form, name).data for name in FIELDS})
        try:
            outcome = replace_day_figures(
                db.session(), centre.id, day, figures, FigureSource.staff(current_user)
            )
        except InvalidFiguresError as error:
            problems = error.problems
        else:
            flash(_said(outcome.change, day))
            return redirect(url_for(".enter_one_stop_day", key=centre.key), code=303)
    if request.method == "GET":
        _prefill(form, centre)
    failed = request.method == "POST"
    return _render(centre, form, problems, status=400 if failed else 200)


def _said(change: Change, day: date) -> str:
    shown = day.strftime("%d/%m/%Y")
    if change is Change.CREATED:
        return _("Đã lưu số liệu một cửa ngày %(day)s.", day=shown)
    if change is Change.REPLACED:
        return _("Đã sửa số liệu một cửa ngày %(day)s.", day=shown)
    return _("Số liệu một cửa ngày %(day)s không thay đổi.", day=shown)


def _prefill(form: OneStopDayForm, centre: Centre) -> None:
    """Today by default, or the day a "correct" link names, with its stored figures."""
    try:
        day = date.fromisoformat(request.args.get("ngay", ""))
    except ValueError:
        day = today_local()
    form.day.data = day
    stored = fetch_day_figures(db.session(), centre, day)
    if stored is not None:
        for name, value in asdict(stored).items():
            getattr(form, name).data = value


def _render(
    centre: Centre, form: OneStopDayForm, problems: list[str], *, status: int
) -> tuple[str, int]:
    page = render_template(
        "admin/enter_one_stop_day.html",
        centre=centre,
        form=form,
        problems=problems,
        days=fetch_recent_days(db.session(), centre, until=today_local()),
    )
    return page, status
