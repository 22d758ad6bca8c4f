"""The SIPAS workbook from the web: the Department chooses a period and has it built.

The workbook takes seconds to minutes to compute, so "Tạo báo cáo" starts a background
job (``core.report_jobs``) and sends the user to its page, which shows the progress and
then the download (``reports`` feature, ``/quan-ly/bao-cao/<job>``).
"""

from __future__ import annotations

from flask import abort, current_app, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from survey_app.core.access import roles_required
from survey_app.core.clock import today_local
from survey_app.core.periods import parse_period
from survey_app.core.report_jobs import create_job, recent_jobs, start_job
from survey_app.extensions import db
from survey_app.models import PROVINCE_ROLES
from survey_app.survey.blueprint import bp
from survey_app.survey.report_data import REPORT_PERIODS
from survey_app.survey.report_job import SIPAS
from survey_app.survey.report_periods import report_periods

# The workbook names every commune and centre: the province's, not one centre's.
REPORT_ROLES = PROVINCE_ROLES


@bp.get("/quan-ly/khao-sat/bao-cao")
@roles_required(*REPORT_ROLES)
def show_reports() -> str:
    """The periods with a "Tạo báo cáo" button each, newest first; the user's recent jobs."""
    session = db.session()
    periods = report_periods(session, today_local())
    jobs = recent_jobs(session, current_user, (SIPAS,))
    return render_template("survey/reports.html", periods=periods, jobs=jobs)


@bp.post("/quan-ly/khao-sat/bao-cao/<label>")
@roles_required(*REPORT_ROLES)
def start_sipas_report(label: str) -> Response:
    """Queue the period's workbook, start building it, and show its progress page."""
    try:
        period = parse_period(label, REPORT_PERIODS)
    except ValueError:
        abort(404)
    if period.label != label:
        abort(404)  # one address per period: 2026-Q3, not 2026-q3
    session = db.session()
    job = create_job(
        session,
        current_user,
        SIPAS,
        {
            "period": period.label,
            "replicates": current_app.config["SURVEY_REPORT_REPLICATES"],
            "seed": current_app.config["SURVEY_REPORT_SEED"],
        },
    )
    session.commit()
    start_job(job.id)
    return redirect(url_for("reports.show_job", job_id=job.id), code=303)
