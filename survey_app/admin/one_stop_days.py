"""The one-stop figures of a centre's recent days, as the staff entry page lists them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from survey_app.core.one_stop import DayFigures
from survey_app.models import Centre, OneStopDay, User

DAYS_SHOWN = 14


@dataclass(frozen=True, slots=True)
class DayEntry:
    """One day of a centre; ``figures`` None when the day has none."""

    day: date
    figures: DayFigures | None
    source: str | None
    entered_by: str | None
    updated_at: datetime | None


def fetch_day_figures(session: Session, centre: Centre, day: date) -> DayFigures | None:
    """The stored figures of one day, to prefill a correction; None if there are none."""
    row = session.scalar(select(OneStopDay).filter_by(centre_id=centre.id, day=day))
    return _figures(row) if row is not None else None


def fetch_recent_days(
    session: Session, centre: Centre, *, until: date, days: int = DAYS_SHOWN
) -> list[DayEntry]:
    """The ``days`` days up to ``until``, newest first, with figures or not."""
    wanted = [until - timedelta(days=i) for i in range(days)]
    rows = {
        row.day: row
        for row in session.scalars(
            select(OneStopDay).where(OneStopDay.centre_id == centre.id, OneStopDay.day.in_(wanted))
        )
    }
    ids = {row.entered_by_id for row in rows.values() if row.entered_by_id is not None}
    names = (
        {
            u.id: u.full_name or u.username
            for u in session.scalars(select(User).where(User.id.in_(ids)))
        }
        if ids
        else {}
    )
    entries = []
    for day in wanted:
        row = rows.get(day)
        entries.append(
            DayEntry(
                day=day,
                figures=_figures(row) if row is not None else None,
                source=row.source if row is not None else None,
                entered_by=names.get(row.entered_by_id) if row and row.entered_by_id else None,
                updated_at=row.updated_at if row is not None else None,
            )
        )
    return entries


def _figures(row: OneStopDay) -> DayFigures:
    return DayFigures(
        received=row.received,
        on_time=row.on_time,
        late=row.late,
        late_apologised=row.late_apologised,
        supplemented_repeatedly=row.supplemented_repeatedly,
    )
