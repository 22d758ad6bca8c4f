"""Dossiers received per centre and week, the denominator of a response rate."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from survey_app.models import DossierCount


def fetch_dossier_counts(
    session: Session, centre_ids: Iterable[int], weeks: Iterable[date]
) -> dict[tuple[int, date], int]:
    """Dossiers received per ``(centre_id, week_start)``; weeks not entered are absent.

    ``weeks`` are Mondays. A missing week is not zero dossiers: it means nobody typed
    the figure in, so a response rate must not be computed for it.
    """
    ids, mondays = list(centre_ids), list(weeks)
    if not ids or not mondays:
        return {}
    rows = session.execute(
        select(DossierCount.centre_id, DossierCount.week_start, DossierCount.dossiers).where(
            DossierCount.centre_id.in_(ids), DossierCount.week_start.in_(mondays)
        )
    ).all()
    return {(centre_id, week): dossiers for centre_id, week, dossiers in rows}
