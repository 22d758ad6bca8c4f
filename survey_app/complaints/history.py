"""Who each line of a complaint's history is credited to.

A staff member's step names them and their role; a step no one took by hand (an
escalation of an overdue complaint) is the system's; only what the citizen did (raising
the complaint, reopening it) is the citizen's.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from survey_app.complaints.status_labels import CITIZEN_ACTOR, SYSTEM_ACTOR
from survey_app.core.role_labels import ROLE_LABELS
from survey_app.models import ComplaintEvent, ComplaintStatus, User

S = ComplaintStatus
_REOPENED_FROM = frozenset({S.ANSWERED.value, S.CLOSED.value})


def is_citizen_step(event: ComplaintEvent) -> bool:
    """True for the citizen's own steps: raising the complaint, and reopening it."""
    if event.actor_id is not None or event.deadline_at is not None:
        return False
    raised = event.from_status is None and event.to_status == S.RECEIVED.value
    reopened = event.from_status in _REOPENED_FROM and event.to_status == S.IN_PROGRESS.value
    return raised or reopened


def credit(event: ComplaintEvent, users: Mapping[int, User]) -> str:
    """The words for who took ``event``: a name and role, "Người dân" or "Hệ thống"."""
    user = users.get(event.actor_id) if event.actor_id is not None else None
    if user is not None:
        return f"{user.full_name or user.username} ({ROLE_LABELS[user.role]})"
    return str(CITIZEN_ACTOR if is_citizen_step(event) else SYSTEM_ACTOR)


def credits(events: Iterable[ComplaintEvent], users: Iterable[User]) -> dict[int, str]:
    """``credit`` for each event, by event id."""
    by_id = {u.id: u for u in users}
    return {e.id: credit(e, by_id) for e in events}
