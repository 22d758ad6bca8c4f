"""Figures staff type in for the administration side: weekly dossier counts."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from survey_app.models.base import Base, UTCDateTime, utcnow
from survey_app.models.reference import Centre


class DossierCount(Base):
    """Dossiers a centre received in one week (số hồ sơ tiếp nhận trong tuần).

    Typed in from the one-stop system's weekly report, so that the week page can set
    the number of ratings against the number of visits (a response rate).
    """

    __tablename__ = "dossier_count"
    __table_args__ = (
        UniqueConstraint("centre_id", "week_start"),
        CheckConstraint("dossiers >= 0", name="dossiers_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    centre_id: Mapped[int] = mapped_column(ForeignKey("centre.id"))
    # The Monday the week starts on, in Lạng Sơn's calendar.
    week_start: Mapped[date]
    dossiers: Mapped[int]
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    entered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    centre: Mapped[Centre] = relationship()
