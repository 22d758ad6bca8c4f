"""The demo tracker: every component criterion assigned, some points lost, agency users."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from survey_app.models import (
    Assignment,
    Criterion,
    CriterionLevel,
    LastYearResult,
    Role,
    User,
)
from survey_app.seeding.demo_tracker import seed_tracker_demo


def test_demo_assigns_every_component_and_loses_some_points_with_causes(
    seeded: Session,
) -> None:
    passwords = seed_tracker_demo(seeded, seed=5)
    components = seeded.scalar(
        select(func.count()).select_from(Criterion).filter_by(level=CriterionLevel.COMPONENT)
    )
    assert seeded.scalar(select(func.count()).select_from(Assignment)) == components
    results = list(seeded.scalars(select(LastYearResult)))
    lost = [r for r in results if r.points_lost > 0]
    assert 0 < len(lost) < len(results)
    assert any(r.cause and r.responsible_agency for r in lost)
    agency_users = list(seeded.scalars(select(User).filter_by(role=Role.AGENCY)))
    assert {u.username for u in agency_users} == set(passwords)
    assert all(u.agency is not None and not u.centres for u in agency_users)
    # A second run keeps everything as it is.
    assert seed_tracker_demo(seeded, seed=5) == {}
    assert seeded.scalar(select(func.count()).select_from(Assignment)) == components
