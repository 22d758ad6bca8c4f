"""Weekly dossier counts: managers type in how many dossiers each week brought."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from forms.admin import DossierCountForm
from survey_app.admin.blueprint import bp
from survey_app.admin.dossiers import fetch_recent_weeks, save_dossier_count
from survey_app.core.access import roles_required
from survey_app.core.form_data import required
from survey_app.core.pages import Page
from survey_app.core.scope import MANAGING_ROLES, my_centres, pick_centre, scoped_centre
from survey_app.core.web_forms import valid_submission, web_form
from survey_app.core.weeks import last_full_week, parse_week
from survey_app.extensions import db
from survey_app.models import Centre
from survey_app.reporting.dossiers import fetch_dossier_counts


@bp.get("/ho-so")
@roles_required(*MANAGING_ROLES)
def pick_dossier_centre() -> Page:
    """Which centre's dossier counts to enter; straight there when the user has one."""
    return pick_centre("admin.enter_dossiers", _("Số hồ sơ tiếp nhận trong tuần"))


@bp.route("/ho-so/<key>", methods=["GET", "POST"])
@roles_required(*MANAGING_ROLES)
def enter_dossiers(key: str) -> Page:
    """Enter a week's figure; entering a week again corrects it."""
    centre = scoped_centre(key)
    form = web_form(DossierCountForm)
    if valid_submission(form):
        save_dossier_count(
            db.session(),
            current_user,
            centre,
            required(form.week_start.data),
            required(form.dossiers.data),
        )
        flash(
            _(
                "Đã lưu %(n)d hồ sơ cho tuần từ %(week)s.",
                n=form.dossiers.data,
                week=required(form.week_start.data).strftime("%d/%m/%Y"),
            )
        )
        return redirect(url_for(".enter_dossiers", key=centre.key), code=303)
    if request.method == "GET":
        _prefill(form, centre)
    return _render(centre, form, status=400 if request.method == "POST" else 200)


def _prefill(form: DossierCountForm, centre: Centre) -> None:
    """Last week by default, or the week a "correct" link names, with its figure."""
    week = parse_week(request.args.get("tuan"), last_full_week())
    form.week_start.data = week
    form.dossiers.data = fetch_dossier_counts(db.session(), [centre.id], [week]).get(
        (centre.id, week)
    )


def _render(centre: Centre, form: DossierCountForm, *, status: int) -> tuple[str, int]:
    page = render_template(
        "admin/enter_dossiers.html",
        centre=centre,
        form=form,
        weeks=fetch_recent_weeks(db.session(), centre, until=last_full_week()),
        show_picker=len(my_centres()) > 1,
    )
    return page, status
