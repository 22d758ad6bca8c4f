"""Reports built in the background: one row per request, its progress and its file.

The row is the job's whole state, so any app server (another gunicorn worker, another
host) can show its progress and serve its file; nothing is kept in a worker's memory.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from survey_app.models.base import Base, UTCDateTime, str_enum, utcnow


class JobStatus(enum.StrEnum):
    """Where a job stands: queued, then running, then done or failed."""

    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class ReportJob(Base):
    """A report requested by a user, built by a background thread of one app server."""

    __tablename__ = "report_job"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The builder's name ("survey.sipas", "tracker.pc_xlsx" …) and what it was asked.
    kind: Mapped[str] = mapped_column(String(40))
    parameters: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    requested_by_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[JobStatus] = mapped_column(
        str_enum(JobStatus, "job_status"), default=JobStatus.QUEUED
    )
    step: Mapped[int] = mapped_column(default=0)
    steps: Mapped[int] = mapped_column(default=0)
    # The step's name as a Vietnamese msgid, translated when shown.
    step_label: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Every progress step moves it: a running job whose heartbeat stops has lost its worker.
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Deferred: the job page reads the progress, never the file.
    content: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    filename: Mapped[str] = mapped_column(String(200), default="")
    mimetype: Mapped[str] = mapped_column(String(100), default="")
    # A Vietnamese msgid for the user (translated when shown), never a traceback.
    error: Mapped[str] = mapped_column(String(300), default="")
