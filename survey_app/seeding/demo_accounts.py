"""Accounts for trying the staff pages on a demo database, with random passwords."""

from __future__ import annotations

import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from survey_app.core.passwords import hash_secret
from survey_app.models import Centre, Role, User

DEMO_ACCOUNTS = (
    ("demo-quantri", "Quản trị hệ thống (demo)", Role.ADMIN, ()),
    ("demo-sonoivu", "Sở Nội vụ (demo)", Role.DEPARTMENT, ()),
    ("demo-quanly", "Quản lý Trung tâm (demo)", Role.MANAGER, ("tinh", "nhat-hoa", "van-quan")),
    ("demo-xuly", "Cán bộ xử lý (demo)", Role.HANDLER, ("tinh", "nhat-hoa", "van-quan")),
)


def create_demo_accounts(session: Session) -> dict[str, str]:
    """Create the demo accounts that are missing; return their one-time passwords.

    Passwords are random and shown once, so a demo database left reachable is not
    open to anyone who has read this file.
    """
    created = {}
    for username, full_name, role, centre_keys in DEMO_ACCOUNTS:
        if session.scalar(select(User.id).filter_by(username=username)) is not None:
            continue
        password = secrets.token_urlsafe(9)
        centres = list(session.scalars(select(Centre).where(Centre.key.in_(centre_keys))))
        session.add(
            User(
                username=username,
                full_name=full_name,
                email=f"{username}@example.invalid",
                password_hash=hash_secret(password),
                role=role,
                centres=centres,
            )
        )
        created[username] = password
    session.commit()
    return created
