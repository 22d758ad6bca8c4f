"""Lock-outs that protect a secret: a complaint's PIN, a staff member's password.

Wrong guesses are rows in the database (``FailedGuess``), not counters in a worker's
memory, so a limit holds exactly across gunicorn workers, app servers and restarts, and a
flood that recycles workers forgets nothing.

Why the lock-out has this shape: a plain "N wrong guesses per code (or account), then
locked" lets any stranger who knows a tracking code, or a staff member's user name, lock
the owner out with N cheap requests. So guesses are counted twice:

- per secret *and* client address, with a tight cap and growing delays between guesses:
  one address (an IPv6 /64 counts as one) soon has to wait, and can never reach the
  overall cap on its own, however patient it is;
- per secret from all addresses together, with a higher cap over the same or a longer
  time: this is what bounds a botnet's guessing (a 6-digit PIN at 40 guesses a day takes
  over 30 years to find on average), and the only way a stranger can lock the owner out,
  which then takes several addresses at once instead of one.

The owner, guessing from their own address, is never slowed by a stranger's guesses from
elsewhere until that overall cap is reached; their own right answer wipes their own
address's wrong guesses. Deciding and recording happen in one transaction, serialised per
secret (an advisory lock on PostgreSQL, the write lock on SQLite), so concurrent guesses
are admitted exactly up to the cap, never one more. A guess being checked holds a row
until it is settled: the right answer deletes it, a wrong one leaves it as a failure.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app, request
from flask_babel import gettext as _
from limits import parse_many
from sqlalchemy import delete, select, text
from sqlalchemy.orm import Session

from survey_app.extensions import db
from survey_app.models import FailedGuess, utcnow


@dataclass(frozen=True, slots=True)
class Policy:
    """How many wrong guesses, over which spans of seconds, and the delays between them."""

    per_address: tuple[tuple[int, int], ...]  # (count, seconds), for one secret and address
    overall: tuple[tuple[int, int], ...]  # (count, seconds), for one secret, every address
    free_failures: int  # wrong guesses from one address before delays start
    first_delay: float  # seconds, doubling with every further wrong guess
    max_delay: float

    @classmethod
    def from_config(cls, config: Mapping[str, object], prefix: str) -> Policy:
        """``{prefix}_PER_ADDRESS`` and ``{prefix}_OVERALL`` ("5 per 10 minutes; …")."""
        return cls(
            per_address=_spans(str(config[f"{prefix}_PER_ADDRESS"])),
            overall=_spans(str(config[f"{prefix}_OVERALL"])),
            free_failures=int(str(config["LOCKOUT_FREE_FAILURES"])),
            first_delay=float(str(config["LOCKOUT_FIRST_DELAY_SECONDS"])),
            max_delay=float(str(config["LOCKOUT_MAX_DELAY_SECONDS"])),
        )

    @property
    def longest(self) -> int:
        return max(seconds for _, seconds in self.per_address + self.overall)

    def delay_after(self, failures: int) -> float:
        """Seconds one address waits after its ``failures``-th wrong guess."""
        if failures < self.free_failures:
            return 0.0
        return min(self.first_delay * 2 ** (failures - self.free_failures), self.max_delay)


def _spans(value: str) -> tuple[tuple[int, int], ...]:
    return tuple((item.amount, item.get_expiry()) for item in parse_many(value))


@dataclass(frozen=True, slots=True)
class Attempt:
    """A guess admitted for checking (``guess_id``), or refused for ``retry_after`` seconds."""

    guess_id: int | None
    retry_after: int = 0

    @property
    def refused(self) -> bool:
        return self.guess_id is None

    @property
    def headers(self) -> dict[str, str]:
        """Retry-After, for a refused guess."""
        return {"Retry-After": str(self.retry_after)} if self.refused else {}

    @property
    def retry_minutes(self) -> int:
        return max(1, math.ceil(self.retry_after / 60))


def too_many_guesses(attempt: Attempt) -> str:
    """What a refused guess is told, in the reader's language."""
    return _(
        "Đã nhập sai quá nhiều lần. Xin thử lại sau %(minutes)s phút.",
        minutes=attempt.retry_minutes,
    )


def begin_request_guess(kind: str, subject: str, prefix: str) -> Attempt:
    """``begin`` for the current request: its client address, the app's policy and key."""
    key = current_app.config["SECRET_KEY"]
    return begin(
        db.session(),
        kind=kind,
        subject=subject,
        address=request.remote_addr or "",
        policy=Policy.from_config(current_app.config, prefix),
        key=key if isinstance(key, bytes) else str(key).encode(),
    )


def begin(
    session: Session,
    *,
    kind: str,
    subject: str,
    address: str,
    policy: Policy,
    key: bytes,
    now: datetime | None = None,
) -> Attempt:
    """Admit one guess at ``subject``'s secret from ``address``, or refuse it; commits."""
    now = now or utcnow()
    secret_id, where = _digest(key, kind, subject), _digest(key, "address", network_of(address))
    _serialise(session, secret_id)
    # The first write also takes SQLite's write lock, held until the commit below.
    session.execute(
        delete(FailedGuess).where(
            FailedGuess.kind == kind, FailedGuess.at < now - timedelta(seconds=policy.longest)
        )
    )
    rows = session.execute(
        select(FailedGuess.address, FailedGuess.at).where(
            FailedGuess.kind == kind, FailedGuess.subject == secret_id
        )
    ).all()
    everyone = [at for _, at in rows]
    mine = sorted(at for address_id, at in rows if address_id == where)
    wait = max(
        _over_cap(everyone, policy.overall, now),
        _over_cap(mine, policy.per_address, now),
        _delay_left(mine, policy, now),
    )
    if wait > 0:
        session.commit()
        return Attempt(None, math.ceil(wait))
    guess = FailedGuess(kind=kind, subject=secret_id, address=where, at=now)
    session.add(guess)
    session.commit()
    return Attempt(guess.id)


def settle(session: Session, attempt: Attempt, *, correct: bool) -> None:
    """A wrong guess stays counted; the right one forgets this address's wrong guesses."""
    if attempt.guess_id is None or not correct:
        return
    own = session.get(FailedGuess, attempt.guess_id)
    if own is not None:
        session.execute(
            delete(FailedGuess).where(
                FailedGuess.kind == own.kind,
                FailedGuess.subject == own.subject,
                FailedGuess.address == own.address,
            )
        )
    session.commit()


def forget_guesses(session: Session, kind: str, subject: str) -> None:
    """Forget every wrong guess at ``subject``'s secret, from every address; no commit.

    For an administrator who has just given the account a new secret: the guesses were at
    the old one, and the owner must be able to sign in with the new one at once.
    """
    key = current_app.config["SECRET_KEY"]
    secret_id = _digest(key if isinstance(key, bytes) else str(key).encode(), kind, subject)
    session.execute(
        delete(FailedGuess).where(FailedGuess.kind == kind, FailedGuess.subject == secret_id)
    )


def network_of(address: str) -> str:
    """The address as one client: IPv4 as it is, IPv6 by its /64 (one subscriber's)."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address or "?"
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


def _over_cap(times: list[datetime], spans: tuple[tuple[int, int], ...], now: datetime) -> float:
    """Seconds until every (count, seconds) span has room for one more guess."""
    wait = 0.0
    for cap, seconds in spans:
        recent = sorted(at for at in times if at > now - timedelta(seconds=seconds))
        if len(recent) >= cap:
            frees = recent[len(recent) - cap] + timedelta(seconds=seconds)
            wait = max(wait, (frees - now).total_seconds())
    return wait


def _delay_left(mine: list[datetime], policy: Policy, now: datetime) -> float:
    if not mine:
        return 0.0
    allowed_at = mine[-1] + timedelta(seconds=policy.delay_after(len(mine)))
    return max(0.0, (allowed_at - now).total_seconds())


def _digest(key: bytes, kind: str, value: str) -> str:
    """A keyed hash: the table can match codes, names and addresses but not show them."""
    return hmac.new(key, f"{kind}\0{value}".encode(), hashlib.sha256).hexdigest()


def _serialise(session: Session, secret_id: str) -> None:
    """Guesses at one secret decide one at a time, whichever process takes them."""
    if session.get_bind().dialect.name == "postgresql":
        lock = int(secret_id[:15], 16)
        session.execute(text("SELECT pg_advisory_xact_lock(:lock)"), {"lock": lock})
