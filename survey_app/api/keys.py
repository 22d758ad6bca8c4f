"""API keys: made, listed and revoked by administrators; checked on every call.

A key reads ``hl_<prefix>_<secret>``: the prefix (8 characters) tells keys apart in lists
and logs, the secret is 32 random bytes. The database keeps the prefix and SHA-256 of
the whole key. A plain fast hash is right here, unlike for passwords: the secret has
256 random bits, so there is no dictionary to try and nothing a slow hash (Argon2) would
protect better; a fast hash lets every call be checked against the database with one
indexed lookup, with no cache that could keep a revoked key alive.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session, selectinload

from survey_app.core.audit import record_event
from survey_app.core.clock import now_utc
from survey_app.models import ApiCall, ApiKey, ApiScope, Centre, User

KEY_MARK = "hl"
PREFIX_LENGTH = 8
SECRET_BYTES = 32


@dataclass(frozen=True, slots=True)
class NewKey:
    """A key just made: the row, and the whole key, which is shown this once."""

    key: ApiKey
    plain: str


def centre_label(centre: Centre) -> str:
    """The part of a centre's name that tells it from the others ("xã Ba Sơn").

    Every centre is called "Trung tâm Phục vụ hành chính công …": in a list of 66
    the shared beginning only hides what differs.
    """
    return centre.short_name


def hash_key(plain: str) -> str:
    """The SHA-256 hex digest stored instead of the key."""
    return hashlib.sha256(plain.encode("utf-8")).hexdigest()


def create_key(
    session: Session,
    actor: User,
    *,
    system_name: str,
    scopes: Collection[ApiScope],
    centres: Collection[Centre],
    all_centres: bool,
) -> NewKey:
    """Make a key and record who did (the prefix, never the secret); commits."""
    prefix = secrets.token_hex(PREFIX_LENGTH // 2)
    plain = f"{KEY_MARK}_{prefix}_{secrets.token_urlsafe(SECRET_BYTES)}"
    key = ApiKey(
        system_name=system_name,
        prefix=prefix,
        secret_hash=hash_key(plain),
        scopes=sorted(str(s) for s in scopes),
        all_centres=all_centres,
        centres=[] if all_centres else list(centres),
        created_by_id=actor.id,
    )
    session.add(key)
    session.flush()
    record_event(
        session,
        actor,
        "api_key.create",
        "api_key",
        key.id,
        prefix=prefix,
        system=system_name,
        scopes=key.scopes,
        centres="*" if all_centres else sorted(c.key for c in centres),
    )
    session.commit()
    return NewKey(key, plain)


def revoke_key(session: Session, actor: User, key: ApiKey) -> None:
    """Stop the key at once (the next call is refused); commits. Revoking twice is harmless."""
    if key.revoked_at is None:
        key.revoked_at = now_utc()
        record_event(session, actor, "api_key.revoke", "api_key", key.id, prefix=key.prefix)
    session.commit()


def fetch_keys(session: Session) -> list[ApiKey]:
    """Every key, live ones first, newest first."""
    query = (
        select(ApiKey)
        .options(selectinload(ApiKey.centres))
        .order_by(ApiKey.revoked_at.is_not(None), ApiKey.created_at.desc(), ApiKey.id.desc())
    )
    return list(session.scalars(query))


def fetch_key(session: Session, key_id: int) -> ApiKey | None:
    """The key with ``key_id``, or None."""
    return session.get(ApiKey, key_id)


def authenticate(session: Session, authorization: str | None) -> ApiKey | None:
    """The live key an ``Authorization: Bearer`` header carries, or None.

    Read from the database on every call, so a revoked key stops at once.
    """
    if not authorization:
        return None
    scheme, _, plain = authorization.partition(" ")
    plain = plain.strip()
    if scheme.lower() != "bearer" or not plain.startswith(f"{KEY_MARK}_") or len(plain) > 200:
        return None
    query = (
        select(ApiKey)
        .options(selectinload(ApiKey.centres))
        .where(ApiKey.secret_hash == hash_key(plain), ApiKey.revoked_at.is_(None))
    )
    return session.scalar(query)


def record_call(session: Session, key_id: int, endpoint: str, status: int) -> None:
    """One row per call and the key's last use, in one small transaction; commits.

    Two statements by primary key and an append: cheap beside the call itself.
    """
    at = now_utc()
    session.execute(
        insert(ApiCall).values(api_key_id=key_id, endpoint=endpoint[:80], status=status, at=at)
    )
    session.execute(update(ApiKey).where(ApiKey.id == key_id).values(last_used_at=at))
    session.commit()


def count_calls(session: Session, key_id: int) -> int:
    """How many calls the key has made."""
    return session.scalar(select(func.count()).where(ApiCall.api_key_id == key_id)) or 0
