"""Database set-up the benchmarks and the load tests share."""

from __future__ import annotations

from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from survey_app.qr.service import ensure_poster_codes, fetch_active_centres


def centre_poster_codes(session: Session) -> list[str]:
    """One poster code per active centre (not a counter's), created if missing; no commit."""
    return [
        poster.code
        for centre in fetch_active_centres(session)
        for poster in ensure_poster_codes(session, centre)
        if poster.counter_id is None
    ]


def analyze(engine: Engine) -> None:
    """On PostgreSQL, VACUUM ANALYZE after a bulk load, so that the planner knows the data
    and autovacuum has nothing left to do in the middle of a measurement."""
    if engine.dialect.name != "postgresql":
        return
    with engine.connect() as connection:
        connection.execution_options(isolation_level="AUTOCOMMIT").execute(text("VACUUM ANALYZE"))
