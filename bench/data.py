"""Database set-up the benchmarks and the load tests share."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from survey_app.core.qr.service import ensure_poster_codes, fetch_active_centres
from survey_app.database import analyze_after_bulk_load
from survey_app.models import Base
from survey_app.seeding.reference import seed_reference


def reset_database(engine: Engine, session: Session) -> None:
    """Drop and create every table, then seed the reference data (centres, communes, ...)."""
    Base.metadata.drop_all(engine)
    Base.metadata.create_all(engine)
    seed_reference(session)


def centre_poster_codes(session: Session) -> list[str]:
    """One poster code per active centre (not a counter's), created if missing; no commit."""
    return [
        poster.code
        for centre in fetch_active_centres(session)
        for poster in ensure_poster_codes(session, centre)
        if poster.counter_id is None
    ]


def analyze(engine: Engine) -> None:
    """VACUUM ANALYZE after a bulk load on PostgreSQL, as ``flask seed demo`` does, so that
    autovacuum has nothing left to do in the middle of a measurement."""
    analyze_after_bulk_load(engine)
