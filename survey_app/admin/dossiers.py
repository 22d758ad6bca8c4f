"""Weekly dossier counts per centre: typed in by managers, read by the week page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from survey_app.core.audit import record_event
from survey_app.models import Centre, DossierCount, User, utcnow

WEEKS_SHOWN = 12


@dataclass(frozen=True, slots=True)
class WeekEntry:
    """One week of a centre as the entry page lists it; ``dossiers`` None if not entered."""

    week_start: date
    dossiers: int | None
    entered_by: str | None
    entered_at: datetime | None

    @property
    def week_end(self) -> date:
        """The Sunday the week ends on."""
        return self.week_start + timedelta(days=6)


def save_dossier_count(
    session: Session, actor: User, centre: Centre, week_start: date, dossiers: int
) -> DossierCount:
    """Enter or correct a week's figure (one row per centre and week); audited; commits."""
    row = put_dossier_count(session, actor, centre, week_start, dossiers)
    session.commit()
    return row


def put_dossier_count(
    session: Session, actor: User, centre: Centre, week_start: date, dossiers: int
) -> DossierCount:
    """Enter or correct a week's figure, audited, in the caller's transaction (no commit)."""
    if week_start.weekday() != 0:
        raise ValueError(f"week_start must be a Monday, not {week_start:%A} {week_start}")
    if dossiers < 0:
        raise ValueError("dossiers cannot be negative")
    row = session.scalar(select(DossierCount).filter_by(centre_id=centre.id, week_start=week_start))
    before = row.dossiers if row is not None else None
    if row is None:
        row = DossierCount(centre=centre, week_start=week_start, dossiers=dossiers)
        session.add(row)
    row.dossiers = dossiers
    row.entered_by_id = actor.id
    row.entered_at = utcnow()
    session.flush()
    record_event(
        session,
        actor,
        "dossiers.create" if before is None else "dossiers.update",
        "dossier_count",
        row.id,
        centre=centre.key,
        week_start=week_start.isoformat(),
        before=before,
        after=dossiers,
    )
    return row


def fetch_recent_weeks(
    session: Session, centre: Centre, *, until: date, weeks: int = WEEKS_SHOWN
) -> list[WeekEntry]:
    """The ``weeks`` weeks up to the one starting ``until``, newest first, entered or not."""
    mondays = [until - timedelta(weeks=i) for i in range(weeks)]
    rows = {
        r.week_start: r
        for r in session.scalars(
            select(DossierCount).where(
                DossierCount.centre_id == centre.id, DossierCount.week_start.in_(mondays)
            )
        )
    }
    names = _names(session, {r.entered_by_id for r in rows.values() if r.entered_by_id})
    return [
        WeekEntry(
            week_start=m,
            dossiers=rows[m].dossiers if m in rows else None,
            entered_by=names.get(rows[m].entered_by_id) if m in rows else None,
            entered_at=rows[m].entered_at if m in rows else None,
        )
        for m in mondays
    ]


def _names(session: Session, ids: set[int | None]) -> dict[int | None, str]:
    if not ids:
        return {}
    users = session.scalars(select(User).where(User.id.in_([i for i in ids if i])))
    return {u.id: u.full_name or u.username for u in users}
