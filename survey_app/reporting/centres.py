"""The active centres as pages list them: names and communes, in Vietnamese order."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from survey_app.core.collation import sorted_vietnamese
from survey_app.models import Centre, Commune


def active_centre_names(session: Session) -> dict[int, tuple[str, str, str]]:
    """Active centres in Vietnamese order of their commune: id -> (key, name, commune)."""
    rows = session.execute(
        select(Centre.id, Centre.key, Centre.name, Commune.name).join(Commune).where(Centre.active)
    ).all()
    return {r[0]: (r[1], r[2], r[3]) for r in sorted_vietnamese(rows, lambda r: r[3])}
