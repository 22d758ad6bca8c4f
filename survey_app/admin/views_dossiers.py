"""Weekly dossier counts: managers type in how many dossiers each week brought."""

from __future__ import annotations

from datetime import date

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response as WerkzeugResponse

from forms.admin import DossierCountForm
from survey_app.admin.blueprint import bp
from survey_app.admin.dossiers import (
    fetch_recent_weeks,
    last_week_monday,
    monday_of,
    save_dossier_count,
)
from survey_app.core.access import roles_required
from survey_app.core.scope import MANAGING_ROLES, my_centres, scoped_centre
from survey_app.core.web_forms import web_form
from survey_app.extensions import db
from survey_app.models import Centre
from survey_app.reporting.dossiers import fetch_dossier_counts

Page = str | tuple[str, int] | WerkzeugResponse


@bp.get("/ho-so")
@roles_required(*MANAGING_ROLES)
def pick_dossier_centre() -> Page:
    """Which centre's dossier counts to enter; straight there when the user has one."""
    centres = my_centres()
    if len(centres) == 1:
        return redirect(url_for(".enter_dossiers", key=centres[0].key))
    return render_template(
        "admin/pick_centre.html",
        centres=centres,
        endpoint=".enter_dossiers",
        title=_("Số hồ sơ tiếp nhận trong tuần"),
    )


@bp.route("/ho-so/<key>", methods=["GET", "POST"])
@roles_required(*MANAGING_ROLES)
def enter_dossiers(key: str) -> Page:
    """Enter a week's figure; entering a week again corrects it."""
    centre = scoped_centre(key)
    form = web_form(DossierCountForm)
    if form.validate_on_submit():
        save_dossier_count(
            db.session, current_user, centre, form.week_start.data, form.dossiers.data
        )
        flash(
            _(
                "Đã lưu %(n)d hồ sơ cho tuần từ %(week)s.",
                n=form.dossiers.data,
                week=form.week_start.data.strftime("%d/%m/%Y"),
            )
        )
        return redirect(url_for(".enter_dossiers", key=centre.key), code=303)
    if request.method == "GET":
        _prefill(form, centre)
    return _render(centre, form, status=400 if request.method == "POST" else 200)


def _prefill(form: DossierCountForm, centre: Centre) -> None:
    """Last week by default, or the week a "correct" link names, with its figure."""
    try:
        week = monday_of(date.fromisoformat(request.args.get("tuan", "")))
    except ValueError:
        week = last_week_monday()
    form.week_start.data = week
    form.dossiers.data = fetch_dossier_counts(db.session, [centre.id], [week]).get(
        (centre.id, week)
    )


def _render(centre: Centre, form: DossierCountForm, *, status: int) -> tuple[str, int]:
    page = render_template(
        "admin/enter_dossiers.html",
        centre=centre,
        form=form,
        weeks=fetch_recent_weeks(db.session, centre, until=last_week_monday()),
        show_picker=len(my_centres()) > 1,
    )
    return page, status
