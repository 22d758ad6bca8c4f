"""Figures the province's one-stop system (hệ thống một cửa) reports per centre and day."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from survey_app.models.base import Base, UTCDateTime, utcnow
from survey_app.models.reference import Centre

# Who sent a day's figures: an integrating system through the API, or a staff member.
SOURCES = ("api", "staff")


class OneStopDay(Base):
    """One centre's dossier figures for one local day, as the one-stop system counts them.

    Per day, not per dossier event: the one-stop system already aggregates its dossiers
    per centre and day in the reports the plan asks for (late results, apologies,
    supplements), and a daily row keeps no dossier reference here at all, so nothing
    stored can lead from a rating back to a dossier or the person behind it. A
    correction sends the whole day again and replaces the row (one row per centre and
    day, the unique constraint): figures are never added up twice.

    The counts of a day are events of that day: ``received`` dossiers came in,
    ``on_time`` and ``late`` results went out (of dossiers received on earlier days),
    so results are not bounded by the same day's receipts. What holds within a day is
    ``late_apologised <= late`` (a written apology is only owed for a late result) and
    every figure being non-negative; ``supplemented_repeatedly`` counts dossiers asked a
    second or later time for more papers that day.
    """

    __tablename__ = "one_stop_day"
    __table_args__ = (
        UniqueConstraint("centre_id", "day"),
        CheckConstraint("received >= 0", name="received_not_negative"),
        CheckConstraint("on_time >= 0", name="on_time_not_negative"),
        CheckConstraint("late >= 0", name="late_not_negative"),
        CheckConstraint(
            "late_apologised >= 0 AND late_apologised <= late", name="apologised_within_late"
        ),
        CheckConstraint("supplemented_repeatedly >= 0", name="supplemented_not_negative"),
        CheckConstraint("source IN ('api', 'staff')", name="source_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    centre_id: Mapped[int] = mapped_column(ForeignKey("centre.id"))
    # A day in Lạng Sơn's calendar.
    day: Mapped[date]
    received: Mapped[int]
    on_time: Mapped[int]
    late: Mapped[int]
    late_apologised: Mapped[int]
    supplemented_repeatedly: Mapped[int]
    source: Mapped[str] = mapped_column(String(8))
    # The API key that pushed the figures (the key table belongs to the API feature;
    # kept as a bare id so that revoking or deleting a key never rewrites history).
    api_key_id: Mapped[int | None]
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    centre: Mapped[Centre] = relationship()
