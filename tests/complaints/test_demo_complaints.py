"""Demo complaints look like a working service: most taken on and handled, by staff."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from survey_app.complaints.history import is_citizen_step
from survey_app.models import Complaint, ComplaintStatus
from survey_app.seeding.demo import seed_demo


def test_most_demo_complaints_are_handled_and_every_step_has_its_actor(seeded: Session) -> None:
    seed_demo(seeded, weeks=12, seed=2026, end=date(2026, 11, 25))
    complaints = seeded.scalars(select(Complaint)).all()
    assert len(complaints) >= 20
    waiting = [c for c in complaints if c.status is ComplaintStatus.RECEIVED]
    assert len(waiting) < len(complaints) / 4
    handled = [c for c in complaints if c.assigned_to_id is not None or c.resolved_at]
    assert len(handled) > len(complaints) / 2
    for complaint in complaints:
        first, *rest = complaint.events
        assert is_citizen_step(first)
        assert all(e.actor_id is not None for e in rest)
        assert rest or complaint.status is ComplaintStatus.RECEIVED
        assert complaint.events[-1].to_status == complaint.status.value
        assert complaint.due_at is not None
