"""Dossier counts for every centre at once: a template to fill, an upload with a report."""

from __future__ import annotations

from collections.abc import Sequence
from io import BytesIO

from flask import Response, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from forms.admin import DossierUploadForm
from survey_app.admin.blueprint import bp
from survey_app.admin.dossier_upload import (
    HEADERS,
    RowProblem,
    UnreadableFileError,
    check_rows,
    read_table,
    save_rows,
    template_xlsx,
)
from survey_app.core.access import roles_required
from survey_app.core.clock import today_local
from survey_app.core.pages import Page
from survey_app.core.scope import MANAGING_ROLES, my_centres
from survey_app.core.web_forms import valid_submission, web_form
from survey_app.core.weeks import last_full_week
from survey_app.extensions import db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@bp.route("/ho-so/tai-len", methods=["GET", "POST"])
@roles_required(*MANAGING_ROLES)
def upload_dossiers() -> Page:
    """Upload the file: every row saved, or nothing and a report of every problem."""
    form = web_form(DossierUploadForm)
    if not valid_submission(form):
        return _render(form, status=400 if request.method == "POST" else 200)
    try:
        rows = read_table(form.dossier_file.data.read())
    except UnreadableFileError as error:
        form.dossier_file.errors = [str(error)]
        return _render(form, status=422)
    checked, problems = check_rows(rows, my_centres(), today_local())
    if problems:
        return _render(form, problems=problems, status=422)
    if not checked:
        form.dossier_file.errors = [_("Tệp không có dòng số liệu nào.")]
        return _render(form, status=422)
    saved = save_rows(db.session(), current_user, checked)
    flash(_("Đã lưu số hồ sơ của %(n)d dòng.", n=saved))
    return redirect(url_for(".upload_dossiers"), code=303)


@bp.get("/ho-so/mau.xlsx")
@roles_required(*MANAGING_ROLES)
def download_dossier_template() -> Response:
    """One row per centre of the user, for last full week, the count to fill in."""
    content = template_xlsx(my_centres(), last_full_week())
    response = send_file(
        BytesIO(content), mimetype=XLSX, as_attachment=True, download_name="mau-so-ho-so.xlsx"
    )
    response.headers["Cache-Control"] = "no-store"
    return response


def _render(
    form: DossierUploadForm, *, problems: Sequence[RowProblem] = (), status: int
) -> tuple[str, int]:
    page = render_template(
        "admin/upload_dossiers.html",
        form=form,
        problems=problems,
        headers=HEADERS,
        centres=len(my_centres()),
    )
    return page, status
