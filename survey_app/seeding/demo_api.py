"""A demo API key for trying the API against ``make run``; never in production.

The key is random and shown once, like any key; running the seed again revokes the
previous demo key and prints a new one (a shown key cannot be shown again).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from survey_app.api.keys import create_key, revoke_key
from survey_app.models import ApiKey, ApiScope, Role, User

DEMO_SYSTEM = "Hệ thống một cửa (demo)"


def create_demo_api_key(session: Session) -> str | None:
    """A new demo key with every scope for every centre; None without an administrator."""
    admin = session.scalar(select(User).filter_by(role=Role.ADMIN).order_by(User.id))
    if admin is None:
        return None
    for old in session.scalars(
        select(ApiKey).filter_by(system_name=DEMO_SYSTEM, revoked_at=None)
    ).all():
        revoke_key(session, admin, old)
    return create_key(
        session,
        admin,
        system_name=DEMO_SYSTEM,
        scopes=list(ApiScope),
        centres=[],
        all_centres=True,
    ).plain
