"""The report to the People's Committee for a month or a quarter: Excel or PDF.

The overview's chooser builds it as a background job ("Tạo Excel", "Tạo PDF": a POST
that sends the user to the job's progress page); the direct downloads by GET stay for
the quick links of this month and quarter.
"""

from __future__ import annotations

from io import BytesIO

from flask import Response, abort, redirect, request, send_file, url_for
from flask_login import current_user
from werkzeug.wrappers import Response as WerkzeugResponse

from survey_app.core.access import roles_required
from survey_app.core.clock import today_local
from survey_app.core.report_jobs import create_job, start_job
from survey_app.extensions import db
from survey_app.models import PROVINCE_ROLES, CriterionSet
from survey_app.tracker.blueprint import bp
from survey_app.tracker.pc_report import PcReport, build_pc_report, report_period
from survey_app.tracker.pc_report_job import KINDS
from survey_app.tracker.pc_report_pdf import write_pc_pdf
from survey_app.tracker.pc_report_xlsx import write_pc_workbook
from survey_app.tracker.views_workbooks import XLSX


def _report(set_id: int) -> PcReport:
    """The report the URL names: the set (404) and the month or quarter in ?ky= (400)."""
    criterion_set = db.get_or_404(CriterionSet, set_id)
    today = today_local()
    try:
        period = report_period(request.args.get("ky"), today)
    except ValueError:
        abort(400)
    return build_pc_report(db.session(), criterion_set, period, today)


def _attachment(content: bytes, mimetype: str, file_name: str) -> Response:
    response = send_file(
        BytesIO(content), mimetype=mimetype, as_attachment=True, download_name=file_name
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/<int:set_id>/bao-cao-ubnd.xlsx")
@roles_required(*PROVINCE_ROLES)
def download_pc_report_xlsx(set_id: int) -> Response:
    """The Committee's report for ?ky= (2026-11 or 2026-Q4) as an Excel workbook."""
    report = _report(set_id)
    return _attachment(write_pc_workbook(report), XLSX, report.file_name("xlsx"))


@bp.get("/<int:set_id>/bao-cao-ubnd.pdf")
@roles_required(*PROVINCE_ROLES)
def download_pc_report_pdf(set_id: int) -> Response:
    """The Committee's report for ?ky= (2026-11 or 2026-Q4) as a printable PDF."""
    report = _report(set_id)
    return _attachment(write_pc_pdf(report), "application/pdf", report.file_name("pdf"))


@bp.post("/<int:set_id>/bao-cao-ubnd")
@roles_required(*PROVINCE_ROLES)
def start_pc_report(set_id: int) -> WerkzeugResponse:
    """Build the Committee's report for the chosen period (ky) as Excel or PDF (dang)."""
    criterion_set = db.get_or_404(CriterionSet, set_id)
    try:
        period = report_period(request.form.get("ky"), today_local())
    except ValueError:
        abort(400)
    extension = request.form.get("dang", "xlsx")
    if extension not in KINDS:
        abort(400)
    session = db.session()
    job = create_job(
        session,
        current_user,
        KINDS[extension],
        {"set_id": criterion_set.id, "period": period.label},
    )
    session.commit()
    start_job(job.id)
    return redirect(url_for("reports.show_job", job_id=job.id), code=303)
