"""The tracker's monthly cycle: reporting periods, agencies' reports, evidence, remediation.

Every month the Department opens a reporting period for a criterion set with a deadline;
each lead agency reports each of its component criteria (a progress judgement, the value
its rule needs, an explanation, evidence files). The Department returns a report with a
comment or accepts it; an accepted report is locked and a correction is a new version.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, ForeignKey, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from survey_app.models.base import Base, UTCDateTime, str_enum, utcnow
from survey_app.models.tracker import Agency, Criterion, CriterionSet

if TYPE_CHECKING:
    from survey_app.models.user import User


class PeriodStatus(enum.StrEnum):
    """A period takes reports while open; closing it ends the month's reporting."""

    OPEN = "open"
    CLOSED = "closed"


class ReportStatus(enum.StrEnum):
    """Where an agency's report stands in the Department's review."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    ACCEPTED = "accepted"


class Progress(enum.StrEnum):
    """The agency's judgement of a criterion's progress (delivery units' four levels, short)."""

    ON_TRACK = "on_track"
    BEHIND = "behind"
    AT_RISK = "at_risk"
    DONE = "done"


class TaskStatus(enum.StrEnum):
    """A remediation task's state."""

    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"


class ReportingPeriod(Base):
    """One month of reporting on a criterion set, with the Department's deadline."""

    __tablename__ = "reporting_period"
    __table_args__ = (UniqueConstraint("set_id", "month"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    set_id: Mapped[int] = mapped_column(ForeignKey("criterion_set.id", ondelete="CASCADE"))
    # The first day of the month reported on.
    month: Mapped[date]
    deadline: Mapped[date]
    status: Mapped[PeriodStatus] = mapped_column(
        str_enum(PeriodStatus, "period_status"), default=PeriodStatus.OPEN
    )
    opened_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    criterion_set: Mapped[CriterionSet] = relationship()


class CriterionReport(Base):
    """One version of an agency's monthly report on a component criterion.

    Unique per criterion, period, agency and version: in the internal index every scored
    agency reports the same criterion; in the PAR INDEX only the lead agency does.
    """

    __tablename__ = "criterion_report"
    __table_args__ = (UniqueConstraint("criterion_id", "period_id", "agency_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    criterion_id: Mapped[int] = mapped_column(ForeignKey("criterion.id", ondelete="CASCADE"))
    period_id: Mapped[int] = mapped_column(
        ForeignKey("reporting_period.id", ondelete="CASCADE"), index=True
    )
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), index=True)
    version: Mapped[int] = mapped_column(default=1)
    status: Mapped[ReportStatus] = mapped_column(
        str_enum(ReportStatus, "report_status"), default=ReportStatus.DRAFT
    )
    progress: Mapped[Progress] = mapped_column(
        str_enum(Progress, "report_progress"), default=Progress.ON_TRACK
    )
    # The measured value, in the one column the criterion's rule reads (the others empty).
    value_number: Mapped[float | None]
    value_date: Mapped[date | None]
    value_bool: Mapped[bool | None]
    explanation: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    review_comment: Mapped[str] = mapped_column(Text, default="")

    criterion: Mapped[Criterion] = relationship()
    period: Mapped[ReportingPeriod] = relationship()
    agency: Mapped[Agency] = relationship()
    submitted_by: Mapped[User | None] = relationship(foreign_keys=[submitted_by_id])
    reviewed_by: Mapped[User | None] = relationship(foreign_keys=[reviewed_by_id])
    files: Mapped[list[EvidenceFile]] = relationship(
        back_populates="report", cascade="all, delete-orphan", order_by="EvidenceFile.id"
    )
    events: Mapped[list[ReportEvent]] = relationship(
        back_populates="report", cascade="all, delete-orphan", order_by="ReportEvent.id"
    )

    @property
    def locked(self) -> bool:
        """An accepted report is final: a correction is a new version."""
        return self.status == ReportStatus.ACCEPTED

    @property
    def editable(self) -> bool:
        """The agency may change a draft, nothing else (a returned report is corrected in a
        new version, as save_draft and add_evidence require)."""
        return self.status == ReportStatus.DRAFT


class EvidenceFile(Base):
    """A document attached to a report (a signed scan), kept in the database.

    The database is what backups and every app server see, and the files are few and small
    (a size cap applies), so no shared file store is needed.
    """

    __tablename__ = "evidence_file"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(
        ForeignKey("criterion_report.id", ondelete="CASCADE"), index=True
    )
    file_name: Mapped[str] = mapped_column(String(255))
    # Detected from the bytes, never taken from the name or the browser.
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    # Deferred: lists of files never load their bytes.
    data: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    report: Mapped[CriterionReport] = relationship(back_populates="files")
    uploaded_by: Mapped[User | None] = relationship()


class ReportEvent(Base):
    """The review trail: who created, edited, submitted, returned or accepted what, when."""

    __tablename__ = "report_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(
        ForeignKey("criterion_report.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    action: Mapped[str] = mapped_column(String(20))
    # What changed: {field: [before, after]}, or the comment, or the file's name and hash.
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    report: Mapped[CriterionReport] = relationship(back_populates="events")
    actor: Mapped[User | None] = relationship()


class RemediationTask(Base):
    """One step of a criterion's remediation plan: who, what, which product, by when."""

    __tablename__ = "remediation_task"

    id: Mapped[int] = mapped_column(primary_key=True)
    criterion_id: Mapped[int] = mapped_column(
        ForeignKey("criterion.id", ondelete="CASCADE"), index=True
    )
    owner_agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), index=True)
    person: Mapped[str] = mapped_column(String(200))
    what: Mapped[str] = mapped_column(Text)
    product: Mapped[str] = mapped_column(String(500), default="")
    deadline: Mapped[date]
    status: Mapped[TaskStatus] = mapped_column(
        str_enum(TaskStatus, "task_status"), default=TaskStatus.PLANNED
    )
    done_on: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    criterion: Mapped[Criterion] = relationship()
    owner_agency: Mapped[Agency] = relationship()

    def overdue(self, today: date) -> bool:
        """Not done and past its deadline (the deadline day itself is still on time)."""
        return self.status != TaskStatus.DONE and today > self.deadline
