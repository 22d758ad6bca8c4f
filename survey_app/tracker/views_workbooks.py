"""The Excel template: download it blank or filled, upload a set with a row-by-row report."""

from __future__ import annotations

from io import BytesIO

from flask import Response, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _

from forms.tracker import WorkbookUploadForm
from survey_app.core.access import roles_required
from survey_app.core.pages import Page
from survey_app.core.web_forms import valid_submission, web_form
from survey_app.extensions import db
from survey_app.models import PROVINCE_ROLES, CriterionSet
from survey_app.tracker.blueprint import bp
from survey_app.tracker.criterion_rows import problems_by_row
from survey_app.tracker.workbook_export import write_workbook
from survey_app.tracker.workbook_import import import_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _xlsx(content: bytes, file_name: str) -> Response:
    # send_file encodes a name with any characters (a set's code comes from a file).
    response = send_file(
        BytesIO(content), mimetype=XLSX, as_attachment=True, download_name=file_name
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/nhap", methods=["GET", "POST"])
@roles_required(*PROVINCE_ROLES)
def import_set() -> Page:
    """Upload a set in the template's layout: loaded whole, or a report of every problem."""
    form = web_form(WorkbookUploadForm)
    if not valid_submission(form):
        status = 400 if request.method == "POST" else 200
        return render_template("tracker/import_set.html", form=form, problems={}), status
    result = import_workbook(db.session(), form.workbook.data.stream)
    if result.criterion_set is None:
        db.session.rollback()
        page = render_template(
            "tracker/import_set.html", form=form, problems=problems_by_row(result.problems)
        )
        return page, 422
    loaded = result.criterion_set
    flash(_("Đã nạp bộ tiêu chí %(code)s năm %(year)s.", code=loaded.code, year=loaded.year))
    return redirect(url_for(".show_set", set_id=loaded.id), code=303)


@bp.get("/mau.xlsx")
@roles_required(*PROVINCE_ROLES)
def download_template() -> Response:
    """The blank template with its instructions."""
    return _xlsx(write_workbook(None), "mau-bo-tieu-chi.xlsx")


@bp.get("/<int:set_id>.xlsx")
@roles_required(*PROVINCE_ROLES)
def export_set(set_id: int) -> Response:
    """The set in the template's layout (what the import reads back)."""
    criterion_set = db.get_or_404(CriterionSet, set_id)
    return _xlsx(
        write_workbook(criterion_set), f"bo-tieu-chi-{criterion_set.code}-{criterion_set.year}.xlsx"
    )
