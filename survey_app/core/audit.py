"""The audit trail of the administration side: who did what, never the secret or the data."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from survey_app.models import AuditEvent, User


def record_event(
    session: Session,
    actor: User,
    action: str,
    target_type: str,
    target_id: object,
    **detail: Any,
) -> AuditEvent:
    """Add an audit row to the session; the caller commits it with the change it records.

    Committing both together means there is never a change without its record, nor
    a record of a change that was rolled back.
    """
    event = AuditEvent(
        actor_id=actor.id,
        action=action,
        target_type=target_type,
        target_id=str(target_id)[:40],
        detail=detail,
    )
    session.add(event)
    return event


def fetch_events(session: Session, *, target_type: str, target_id: object) -> list[AuditEvent]:
    """The events about one target, newest first."""
    return list(
        session.scalars(
            select(AuditEvent)
            .filter_by(target_type=target_type, target_id=str(target_id))
            .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        )
    )
