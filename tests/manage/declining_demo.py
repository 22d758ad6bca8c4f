"""The demo province whose four declining centres the warnings must find (issue 11)."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session

from survey_app.seeding.demo import seed_demo

WEEK, MONTH = "2026-11-23", "2026-11"
# The demo's defaults (`flask seed demo --weeks 12`) make these four centres decline.
DECLINING = {"nhat-hoa", "loi-bac", "thien-tan", "huu-lien"}


def seed(session: Session, **options: object) -> tuple[str, ...]:
    """Demo data, then fresh planner statistics on PostgreSQL, as after any bulk load:
    otherwise the planner still sees the previous test's empty tables."""
    summary = seed_demo(session, **options)
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("ANALYZE"))
        session.commit()
    return summary.declining_centres
