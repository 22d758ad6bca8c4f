"""The report to the People's Committee for a month or a quarter: Excel or PDF."""

from __future__ import annotations

from io import BytesIO

from flask import Response, abort, request, send_file

from survey_app.core.access import roles_required
from survey_app.core.clock import today_local
from survey_app.extensions import db
from survey_app.models import CriterionSet, Role
from survey_app.tracker.blueprint import bp
from survey_app.tracker.pc_report import PcReport, build_pc_report, report_period
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
@roles_required(Role.ADMIN)
def download_pc_report_xlsx(set_id: int) -> Response:
    """The Committee's report for ?ky= (2026-11 or 2026-Q4) as an Excel workbook."""
    report = _report(set_id)
    return _attachment(write_pc_workbook(report), XLSX, report.file_name("xlsx"))


@bp.get("/<int:set_id>/bao-cao-ubnd.pdf")
@roles_required(Role.ADMIN)
def download_pc_report_pdf(set_id: int) -> Response:
    """The Committee's report for ?ky= (2026-11 or 2026-Q4) as a printable PDF."""
    report = _report(set_id)
    return _attachment(write_pc_pdf(report), "application/pdf", report.file_name("pdf"))
