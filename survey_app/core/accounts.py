"""Checking passwords and loading the signed-in user."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from survey_app.core.passwords import hash_secret, needs_rehash, verify_secret
from survey_app.models import User, utcnow
from survey_app.models.user import new_session_token

# Verified against when the username does not exist, so a wrong username costs as much
# time as a wrong password and response times do not reveal which accounts exist.
_DUMMY_HASH = hash_secret("no such user")


def authenticate(session: Session, username: str, password: str) -> User | None:
    """The active user with this username and password, or None."""
    user = session.scalar(select(User).filter_by(username=username.strip()))
    if user is None or not user.active:
        verify_secret(_DUMMY_HASH, password)
        return None
    if not verify_secret(user.password_hash, password):
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_secret(password)
    user.last_login_at = utcnow()
    session.commit()
    return user


def load_user(session: Session, user_id: str) -> User | None:
    """The user a session cookie names, if the session has not been ended since."""
    account_id, _, token = user_id.partition(":")
    if not account_id.isdigit() or not token:
        return None
    user = session.get(User, int(account_id))
    if user is None or not user.active or user.session_token != token:
        return None
    return user


def end_all_sessions(session: Session, user: User) -> None:
    """Invalidate every session cookie of ``user``, on every device."""
    user.session_token = new_session_token()
    session.commit()
