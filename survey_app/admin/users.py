"""Staff accounts: create, change role and scope, disable, reset passwords; all audited.

Every function that changes an account records an AuditEvent in the same commit. The
detail names what changed and never a password, not even a hashed one.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from survey_app.core.accounts import end_all_sessions
from survey_app.core.audit import record_event
from survey_app.core.collation import sorted_vietnamese, vietnamese_key
from survey_app.core.lockouts import forget_guesses
from survey_app.core.passwords import hash_secret, verify_secret
from survey_app.models import PROVINCE_ROLES, Agency, Centre, Role, User

# Neither the province's roles nor an agency user work for a centre: a scope would mislead.
UNSCOPED_ROLES = (*PROVINCE_ROLES, Role.AGENCY)

# No 0/O, 1/l/I: a generated password is read off a screen and typed on another machine.
_READABLE = "abcdefghijkmnpqrstuvwxyz23456789"
GENERATED_GROUPS = 4
GENERATED_GROUP_LENGTH = 4  # 16 characters from 32: 80 bits, far beyond guessing online


class AccountError(ValueError):
    """A change to an account that is not allowed; ``str()`` says which in plain words."""


class UsernameTakenError(AccountError):
    """Another account has this username already."""


class OwnAccountError(AccountError):
    """An administrator tried to change their own role or disable themselves."""


def generate_password() -> str:
    """A random temporary password such as ``k7m2-qx9a-…``, readable aloud."""
    groups = (
        "".join(secrets.choice(_READABLE) for _ in range(GENERATED_GROUP_LENGTH))
        for _ in range(GENERATED_GROUPS)
    )
    return "-".join(groups)


def fetch_accounts(session: Session) -> list[User]:
    """Every staff account with its centres, active ones first, by username."""
    users = session.scalars(select(User).options(selectinload(User.centres)))
    return sorted(users, key=lambda u: (not u.active, vietnamese_key(u.username)))


def fetch_agencies(session: Session) -> list[Agency]:
    """The active agencies an agency user may report for, by name."""
    return list(session.scalars(select(Agency).where(Agency.active).order_by(Agency.name)))


def fetch_centres(session: Session, ids: Sequence[int]) -> list[Centre]:
    """The centres with these ids, by name."""
    if not ids:
        return []
    centres = session.scalars(select(Centre).where(Centre.id.in_(ids)))
    return sorted_vietnamese(centres, lambda c: c.name)


def create_account(
    session: Session,
    actor: User,
    *,
    username: str,
    full_name: str,
    email: str | None,
    role: Role,
    centres: Sequence[Centre],
    password: str,
    agency: Agency | None = None,
) -> User:
    """A new active account; raises UsernameTakenError; commits."""
    taken = session.scalar(
        select(User.id).where(func.lower(User.username) == username.strip().lower())
    )
    if taken is not None:
        raise UsernameTakenError(username)
    user = User(
        username=username.strip(),
        full_name=full_name.strip(),
        email=(email or "").strip() or None,
        role=role,
        # The province's roles see every centre; a scope on top would only mislead.
        centres=[] if role in UNSCOPED_ROLES else list(centres),
        # Only an agency user reports for an agency.
        agency=agency if role is Role.AGENCY else None,
        password_hash=hash_secret(password),
    )
    session.add(user)
    session.flush()
    record_event(
        session,
        actor,
        "user.create",
        "user",
        user.id,
        username=user.username,
        role=role.value,
        centres=sorted(c.key for c in user.centres),
        **({"agency": user.agency.code} if user.agency else {}),
    )
    session.commit()
    return user


def update_account(
    session: Session,
    actor: User,
    user: User,
    *,
    full_name: str,
    email: str | None,
    role: Role,
    centres: Sequence[Centre],
    agency: Agency | None = None,
) -> dict[str, object]:
    """Change name, e-mail, role and scope; returns what changed; commits.

    Nobody changes their own role: an administrator who could would also be the only
    check on it, and a slip could lock the province out of its own service.
    """
    if user.id == actor.id and role is not user.role:
        raise OwnAccountError("own role")
    new_centres = [] if role in UNSCOPED_ROLES else list(centres)
    new_agency = agency if role is Role.AGENCY else None
    before = {c.key for c in user.centres}
    after = {c.key for c in new_centres}
    changed: dict[str, object] = {}
    if full_name.strip() != user.full_name:
        changed["full_name"] = True
    new_email = (email or "").strip() or None
    if new_email != user.email:
        changed["email"] = True
    if role is not user.role:
        changed["role"] = [user.role.value, role.value]
    if new_agency is not user.agency:
        changed["agency"] = [
            user.agency.code if user.agency else None,
            new_agency.code if new_agency else None,
        ]
    if before != after:
        changed["centres_added"] = sorted(after - before)
        changed["centres_removed"] = sorted(before - after)
    if not changed:
        return changed
    user.full_name = full_name.strip()
    user.email = new_email
    user.role = role
    user.centres = new_centres
    user.agency = new_agency
    record_event(session, actor, "user.update", "user", user.id, **changed)
    if "role" in changed or "agency" in changed or changed.get("centres_removed"):
        # Less power takes effect now, not when the old session happens to expire.
        end_all_sessions(session, user)
    session.commit()
    return changed


def set_account_active(session: Session, actor: User, user: User, *, active: bool) -> None:
    """Disable or enable an account; disabling ends its sessions at once; commits."""
    if user.id == actor.id:
        raise OwnAccountError("own status")
    if user.active == active:
        return
    user.active = active
    record_event(session, actor, "user.enable" if active else "user.disable", "user", user.id)
    # Also on enabling: cookies from before the account was disabled stay dead.
    end_all_sessions(session, user)


def reset_password(session: Session, actor: User, user: User, password: str) -> None:
    """Give ``user`` a temporary password chosen by an administrator; ends their sessions."""
    user.password_hash = hash_secret(password)
    record_event(session, actor, "user.password_reset", "user", user.id)
    end_all_sessions(session, user)
    # Sign-in lowercases the typed user name before counting its wrong guesses.
    forget_guesses(session, "password", user.username.strip().lower())


def change_own_password(session: Session, user: User, current: str, new: str) -> bool:
    """Replace the user's password if ``current`` is right; ends every session; commits.

    The caller signs the user in again in this browser: the other devices are the
    ones a stolen password would be used on.
    """
    if not verify_secret(user.password_hash, current):
        return False
    user.password_hash = hash_secret(new)
    record_event(session, user, "user.password_change", "user", user.id)
    end_all_sessions(session, user)
    return True
