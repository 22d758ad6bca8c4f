"""A report job's page (progress, then the download), its file, and building it again.

Every route looks the job up with ``find_job``: a job that is not the user's (and the
user no administrator) is "not found", exactly like a job that does not exist.
"""

from __future__ import annotations

from flask import Response, abort, make_response, redirect, render_template, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response as WerkzeugResponse

from survey_app.core.audit import record_event
from survey_app.core.clock import now_utc
from survey_app.core.report_jobs import (
    find_job,
    is_expired,
    job_content,
    kind_of,
    retry_job,
    start_job,
)
from survey_app.extensions import db
from survey_app.models import JobStatus, ReportJob
from survey_app.reports.blueprint import bp

REFRESH_SECONDS = 2


def _job(job_id: int) -> ReportJob:
    job = find_job(db.session(), job_id, current_user)
    if job is None:
        abort(404)
    return job


@bp.get("/quan-ly/bao-cao/<int:job_id>")
@login_required
def show_job(job_id: int) -> Response:
    """Progress while the report is built (the page reloads itself), then its download."""
    job = _job(job_id)
    kind = kind_of(job)
    pending = job.status in (JobStatus.QUEUED, JobStatus.RUNNING)
    page = render_template(
        "reports/show_job.html",
        job=job,
        title=kind.describe(job.parameters) if kind else "",
        pending=pending,
        refresh=REFRESH_SECONDS if pending else None,
        expired=job.status is JobStatus.DONE and is_expired(job, now_utc()),
        can_retry=kind is not None,
    )
    response = make_response(page)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/quan-ly/bao-cao/<int:job_id>/tai-xuong")
@login_required
def download_job(job_id: int) -> Response:
    """The finished file, audited as each download always was; never cached."""
    session = db.session()
    job = _job(job_id)
    kind = kind_of(job)
    content = job_content(session, job)
    if kind is None or content is None:
        abort(404)
    record_event(
        session, current_user, kind.audit_action, "export", kind.audit_target(job.parameters)
    )
    session.commit()
    return Response(
        content,
        mimetype=job.mimetype,
        headers={
            "Content-Disposition": f'attachment; filename="{job.filename}"',
            "Cache-Control": "no-store",
        },
    )


@bp.post("/quan-ly/bao-cao/<int:job_id>/tao-lai")
@login_required
def retry_report_job(job_id: int) -> WerkzeugResponse:
    """Build a failed or expired report again, as a new job of the current user."""
    session = db.session()
    job = _job(job_id)
    finished = job.status is JobStatus.FAILED or (
        job.status is JobStatus.DONE and is_expired(job, now_utc())
    )
    if kind_of(job) is None or not finished:
        return redirect(url_for(".show_job", job_id=job.id), code=303)
    again = retry_job(session, job, current_user)
    session.commit()
    start_job(again.id)
    return redirect(url_for(".show_job", job_id=again.id), code=303)
