"""The SIPAS workbook from the web: the Department chooses a period and downloads it."""

from __future__ import annotations

from flask import Response, abort, current_app, render_template
from flask_login import current_user

from survey_app.core.access import roles_required
from survey_app.core.audit import record_event
from survey_app.core.clock import today_local
from survey_app.core.periods import parse_period
from survey_app.extensions import db
from survey_app.models import Role
from survey_app.survey.blueprint import bp
from survey_app.survey.report import sipas_workbook_bytes
from survey_app.survey.report_data import REPORT_PERIODS, build_sipas_report
from survey_app.survey.report_periods import report_periods

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The workbook names every commune and centre: the province's, not one centre's.
REPORT_ROLES = (Role.ADMIN,)


@bp.get("/quan-ly/khao-sat/bao-cao")
@roles_required(*REPORT_ROLES)
def show_reports() -> str:
    """The periods with a download link each, newest first."""
    periods = report_periods(db.session(), today_local())
    return render_template("survey/reports.html", periods=periods)


@bp.get("/quan-ly/khao-sat/bao-cao/sipas-<label>.xlsx")
@roles_required(*REPORT_ROLES)
def download_sipas_report(label: str) -> Response:
    """The workbook, computed from the latest answers; the download is audited."""
    try:
        period = parse_period(label, REPORT_PERIODS)
    except ValueError:
        abort(404)
    if period.label != label:
        abort(404)  # one address per period: 2026-Q3, not 2026-q3
    report = build_sipas_report(
        db.session(),
        period.label,
        replicates=current_app.config["SURVEY_REPORT_REPLICATES"],
        seed=current_app.config["SURVEY_REPORT_SEED"],
    )
    content = sipas_workbook_bytes(report)
    record_event(db.session(), current_user, "export.sipas_report", "export", period.label)
    db.session.commit()
    return Response(
        content,
        mimetype=XLSX,
        headers={
            "Content-Disposition": f'attachment; filename="sipas-{period.label}.xlsx"',
            "Cache-Control": "no-store",
        },
    )
