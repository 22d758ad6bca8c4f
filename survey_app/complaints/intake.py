"""Taking a complaint in: tracking code and PIN, consent, encrypted contact, one row once.

The tracking code is public (it may be read out on the phone); the 6-digit PIN is the
secret that opens the status page, so only its argon2 hash is stored and guessing it
is rate-limited per address and per code.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from survey_app.complaints.crypto import Contact, encrypt_contact
from survey_app.core.deadlines import DeadlineRules
from survey_app.core.passwords import hash_secret, verify_secret
from survey_app.core.qr.codes import ALPHABET, new_code
from survey_app.models import Complaint, ComplaintEvent, ComplaintStatus, Response, utcnow

TRACKING_PREFIX = "PA"
TRACKING_LENGTH = 8  # 32**8 ≈ 10**12: codes are never guessed, and the PIN guards them too
PIN_DIGITS = 6
# The consent text the citizen ticked is versioned: a changed wording gets a new version,
# so every stored consent can be matched to the exact words it was given for.
CONSENT_VERSION = "2026-11-v1"
# A hash of a PIN nobody holds: unknown codes cost as much time as wrong PINs.
_DUMMY_HASH: list[str] = []


class ConsentMissingError(ValueError):
    """Contact data came without consent: it must not be stored."""


@dataclass(frozen=True, slots=True)
class NewComplaint:
    """What the citizen wrote, ready to store."""

    centre_id: int
    subject: str
    body: str
    submission_id: str
    contact: Contact = field(default_factory=Contact)
    consent: bool = False
    consent_channel: str = "web"
    response_id: int | None = None


@dataclass(frozen=True, slots=True)
class Receipt:
    """What the citizen keeps: the code, and the PIN (None when it was shown before)."""

    complaint_id: int
    tracking_code: str
    pin: str | None


def new_tracking_code() -> str:
    """A fresh public tracking code such as ``PA-K7M2QX4D``."""
    return f"{TRACKING_PREFIX}-{new_code(TRACKING_LENGTH)}"


def new_pin() -> str:
    """A fresh 6-digit PIN."""
    return f"{secrets.randbelow(10**PIN_DIGITS):0{PIN_DIGITS}d}"


def normalise_tracking_code(raw: str) -> str | None:
    """The code as stored, forgiving case, spaces and dashes; None if it cannot be one."""
    cleaned = raw.strip().upper().replace(" ", "").replace("-", "")
    if cleaned.startswith(TRACKING_PREFIX) and len(cleaned) == TRACKING_LENGTH + 2:
        cleaned = cleaned[2:]
    if len(cleaned) != TRACKING_LENGTH or any(c not in ALPHABET for c in cleaned):
        return None
    return f"{TRACKING_PREFIX}-{cleaned}"


def save_complaint(
    session: Session, new: NewComplaint, rules: DeadlineRules, now: datetime | None = None
) -> Receipt:
    """Store a complaint with its first event, once per submission id."""
    if new.contact and not new.consent:
        raise ConsentMissingError("contact data without consent")
    earlier = _stored(session, new.submission_id)
    if earlier is not None:
        return Receipt(earlier.id, earlier.tracking_code, None)
    now = now or utcnow()
    pin = new_pin()
    complaint = Complaint(
        tracking_code=new_tracking_code(),
        pin_hash=hash_secret(pin),
        centre_id=new.centre_id,
        response_id=new.response_id,
        status=ComplaintStatus.RECEIVED,
        subject=new.subject,
        body=new.body,
        submission_id=new.submission_id,
        received_at=now,
        due_at=rules.due("classify", now),
    )
    if new.contact:
        complaint.contact_ciphertext = encrypt_contact(new.contact)
        complaint.consent_version = CONSENT_VERSION
        complaint.consent_at = now
        complaint.consent_channel = new.consent_channel
    complaint.events = [ComplaintEvent(at=now, to_status=ComplaintStatus.RECEIVED.value)]
    session.add(complaint)
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        earlier = _stored(session, new.submission_id)
        if earlier is None:
            raise
        return Receipt(earlier.id, earlier.tracking_code, None)
    return Receipt(complaint.id, complaint.tracking_code, pin)


def _stored(session: Session, submission_id: str) -> Complaint | None:
    return session.scalar(select(Complaint).filter_by(submission_id=submission_id))


def find_rating(session: Session, submission_id: str) -> tuple[int, int] | None:
    """The stored rating's id and the centre it is about, by its submission id."""
    row = session.execute(
        select(Response.id, Response.centre_id).where(Response.submission_id == submission_id)
    ).first()
    if row is None or row.centre_id is None:
        return None
    return row.id, row.centre_id


def check_pin(session: Session, raw_code: str, pin: str) -> Complaint | None:
    """The complaint when code and PIN match; None otherwise, in about the same time."""
    code = normalise_tracking_code(raw_code)
    complaint = session.scalar(select(Complaint).filter_by(tracking_code=code)) if code else None
    if complaint is None:
        if not _DUMMY_HASH:
            _DUMMY_HASH.append(hash_secret(secrets.token_urlsafe(16)))
        verify_secret(_DUMMY_HASH[0], pin)
        return None
    return complaint if verify_secret(complaint.pin_hash, pin.strip()) else None
