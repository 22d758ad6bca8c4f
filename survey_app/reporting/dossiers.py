"""Dossiers received per centre and week, the denominator of a response rate."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from survey_app.models import DossierCount
from survey_app.reporting.one_stop import fetch_weekly_received


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


@dataclass(frozen=True, slots=True)
class HandledDossiers:
    """A week's dossiers received and where the figure comes from.

    ``source`` is ``"one_stop"`` (the one-stop system's daily figures summed over the
    week) or ``"typed"`` (the weekly count staff typed in).
    """

    dossiers: int
    source: str
    days: int = 7


def fetch_handled_dossiers(
    session: Session, centre_ids: Iterable[int], weeks: Iterable[date]
) -> dict[tuple[int, date], HandledDossiers]:
    """Dossiers received per ``(centre_id, week_start)``, the denominator of a response rate.

    The one-stop system's daily figures win over a typed weekly count when the week has
    any: they are counted by the system that registers every dossier, where the typed
    figure is copied from its report by hand. A week with neither is absent.
    """
    ids, mondays = list(centre_ids), list(weeks)
    found = {
        key: HandledDossiers(dossiers, "typed")
        for key, dossiers in fetch_dossier_counts(session, ids, mondays).items()
    }
    for key, (dossiers, days) in fetch_weekly_received(session, ids, mondays).items():
        found[key] = HandledDossiers(dossiers, "one_stop", days)
    return found
