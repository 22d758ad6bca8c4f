"""Long reports built in the background, their progress and their file in the database.

A feature registers a ``JobKind`` per report (``register``): a builder taking the
session, the job's parameters and a progress callback, returning the file. A route
creates the job (``create_job``), commits, and starts it (``start_job``) in a thread of
the worker that received the request, with its own application context and database
session. Everything else lives in the ``report_job`` row: the step reached, the file,
the error. Any app server (gunicorn worker or host) can therefore show a job's progress
and serve its file, and a restarted worker loses nothing but the job it was building.

A job whose worker died (queued or running with no progress for ``STALE_AFTER``, ten
minutes) is marked failed when it is next read (``find_job``); the page offers to build
it again. Files are kept ``KEEP_FOR`` (24 hours): ``purge_expired`` empties older files
and deletes jobs older than ``FORGET_AFTER``; it runs on the next request that creates a
job, and a download of an expired file is refused even before that.

Only the requester, or a province-wide user (the Department, the administrator), may see
a job, and only while they hold a role the report allows (``find_job`` returns None to
anyone else, so the route answers 404 and a job id reveals nothing). Errors shown to
users are Vietnamese msgids translated when shown (marked with ``N_``); the traceback
goes to the log only. A report is built in the language of the page it was asked from.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask import Flask, current_app, has_request_context
from flask_babel import force_locale, get_locale
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from survey_app.core.clock import now_utc
from survey_app.extensions import db
from survey_app.models import JobStatus, ReportJob, Role, User

log = logging.getLogger(__name__)

LOCALE = "locale"  # the requester's language, kept in the job's parameters

STALE_AFTER = timedelta(minutes=10)
KEEP_FOR = timedelta(hours=24)
FORGET_AFTER = timedelta(days=30)

Progress = Callable[[int, int, str], None]  # step (1-based), steps, label (a msgid)


def N_(message: str) -> str:  # noqa: N802 - the name pybabel looks for
    """Mark a msgid for extraction; it is stored as it is and translated when shown."""
    return message


FAILED = N_("Không tạo được báo cáo do lỗi trên máy chủ; lỗi đã được ghi lại để kiểm tra.")
STOPPED = N_("Máy chủ đang tạo báo cáo đã dừng giữa chừng (không có tiến triển trong 10 phút).")
UNKNOWN = N_("Loại báo cáo này không còn được hỗ trợ.")


@dataclass(frozen=True, slots=True)
class Built:
    """A finished report: the file's bytes, its name and its type."""

    content: bytes
    filename: str
    mimetype: str


class ReportJobError(Exception):
    """A failure the user can act on; ``message`` is a msgid marked with ``N_``."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


Builder = Callable[[Session, dict[str, Any], Progress], Built]


@dataclass(frozen=True, slots=True)
class JobKind:
    """A report a feature builds: how, how it is named on the page, how a download is audited."""

    name: str
    build: Builder
    describe: Callable[[dict[str, Any]], str]  # translated title, called within a request
    audit_action: str
    audit_target: Callable[[dict[str, Any]], str]
    # Who may build it, download it or build it again (a role taken away ends all three).
    roles: frozenset[Role]


_KINDS: dict[str, JobKind] = {}
_THREADS: list[threading.Thread] = []


def register(kind: JobKind) -> None:
    """Make a kind of report buildable; features call it when they are imported."""
    _KINDS[kind.name] = kind


def kind_of(job: ReportJob) -> JobKind | None:
    """The registered kind of a job, if its feature still offers it."""
    return _KINDS.get(job.kind)


def create_job(session: Session, user: User, kind: str, parameters: dict[str, Any]) -> ReportJob:
    """A queued job for ``user``; the caller commits, then calls ``start_job``."""
    if kind not in _KINDS:
        raise KeyError(kind)
    now = now_utc()
    purge_expired(session, now)
    if has_request_context():  # the report speaks the requester's language, as the page did
        parameters = {**parameters, LOCALE: str(get_locale())}
    job = ReportJob(
        kind=kind,
        parameters=parameters,
        requested_by_id=user.id,
        status=JobStatus.QUEUED,
        created_at=now,
        updated_at=now,
    )
    session.add(job)
    session.flush()
    return job


def start_job(job_id: int) -> threading.Thread:
    """Build the job in a thread of this worker, with its own app context and session."""
    app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]
    thread = threading.Thread(target=run_job, args=(app, job_id), daemon=True)
    _THREADS[:] = [t for t in _THREADS if t.is_alive()]
    _THREADS.append(thread)
    thread.start()
    return thread


def wait_for_running(timeout: float) -> None:
    """Wait for this process's job threads (tests, and an orderly shutdown)."""
    for thread in list(_THREADS):
        thread.join(timeout)


def run_job(app: Flask, job_id: int) -> None:
    """The thread's work: mark running, build with progress, store the file or the error."""
    with app.app_context():
        session = db.session()
        try:
            _run(session, job_id)
        finally:
            db.session.remove()


def _run(session: Session, job_id: int) -> None:
    job = session.get(ReportJob, job_id)
    if job is None or job.status is not JobStatus.QUEUED:
        return
    kind = _KINDS.get(job.kind)
    if kind is None:
        _fail(session, job_id, UNKNOWN)
        return
    parameters, name = dict(job.parameters), job.kind
    now = now_utc()
    job.status, job.started_at, job.updated_at = JobStatus.RUNNING, now, now
    session.commit()

    def progress(step: int, steps: int, label: str) -> None:
        session.execute(
            update(ReportJob)
            .where(ReportJob.id == job_id)
            .values(step=step, steps=steps, step_label=label, updated_at=now_utc())
        )
        session.commit()

    try:
        language = parameters.pop(LOCALE, None) or current_app.config["BABEL_DEFAULT_LOCALE"]
        with force_locale(language):
            built = kind.build(session, parameters, progress)
    except ReportJobError as failure:
        session.rollback()
        _fail(session, job_id, failure.message)
        return
    except Exception:
        log.exception("report job %s (%s) failed", job_id, name)
        session.rollback()
        _fail(session, job_id, FAILED)
        return
    now = now_utc()
    session.execute(
        update(ReportJob)
        .where(ReportJob.id == job_id)
        .values(
            status=JobStatus.DONE,
            step=ReportJob.steps,
            content=built.content,
            filename=built.filename,
            mimetype=built.mimetype,
            updated_at=now,
            finished_at=now,
        )
    )
    session.commit()


def _fail(session: Session, job_id: int, message: str) -> None:
    now = now_utc()
    session.execute(
        update(ReportJob)
        .where(ReportJob.id == job_id)
        .values(status=JobStatus.FAILED, error=message, updated_at=now, finished_at=now)
    )
    session.commit()


def find_job(session: Session, job_id: int, user: User) -> ReportJob | None:
    """The job if ``user`` asked for it or works province-wide; a stale one marked failed.

    Anyone else gets None (the route's 404), whether the job exists or not.
    """
    job = session.get(ReportJob, job_id)
    if job is None or (job.requested_by_id != user.id and not user.is_province_wide):
        return None
    kind = _KINDS.get(job.kind)
    if kind is not None and user.role not in kind.roles:
        return None
    if is_stale(job, now_utc()):
        _fail(session, job.id, STOPPED)
        session.refresh(job)
    return job


def is_stale(job: ReportJob, now: datetime) -> bool:
    """Queued or running, and no progress for ``STALE_AFTER``: its worker is gone."""
    pending = job.status in (JobStatus.QUEUED, JobStatus.RUNNING)
    return pending and now - job.updated_at > STALE_AFTER


def is_expired(job: ReportJob, now: datetime) -> bool:
    """A finished file older than ``KEEP_FOR`` is no longer served."""
    return job.finished_at is not None and now - job.finished_at > KEEP_FOR


def job_content(session: Session, job: ReportJob) -> bytes | None:
    """The file of a done job still within ``KEEP_FOR``, else None."""
    if job.status is not JobStatus.DONE or is_expired(job, now_utc()):
        return None
    return job.content


def recent_jobs(session: Session, user: User, kinds: tuple[str, ...]) -> list[ReportJob]:
    """``user``'s jobs of ``kinds`` from the last ``KEEP_FOR``, newest first (to go back to)."""
    return list(
        session.scalars(
            select(ReportJob)
            .where(
                ReportJob.requested_by_id == user.id,
                ReportJob.kind.in_(kinds),
                ReportJob.created_at >= now_utc() - KEEP_FOR,
            )
            .order_by(ReportJob.created_at.desc(), ReportJob.id.desc())
            .limit(10)
        )
    )


def retry_job(session: Session, job: ReportJob, user: User) -> ReportJob:
    """A new queued job like ``job`` (failed or expired), for ``user``; the caller commits."""
    return create_job(session, user, job.kind, dict(job.parameters))


def purge_expired(session: Session, now: datetime) -> None:
    """Empty files older than ``KEEP_FOR`` and forget jobs older than ``FORGET_AFTER``."""
    session.execute(
        update(ReportJob)
        .where(ReportJob.finished_at < now - KEEP_FOR, ReportJob.content.is_not(None))
        .values(content=None)
    )
    session.execute(delete(ReportJob).where(ReportJob.created_at < now - FORGET_AFTER))
