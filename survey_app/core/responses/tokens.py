"""Signed values the citizen's browser carries: submission tokens and the repeat cookie.

Signed with the app's secret (itsdangerous), so they cannot be forged, and carrying
nothing about the person: a random id, a centre id, times.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer

SUBMISSION_SALT = "hailong.submission"
RATED_SALT = "hailong.rated"
KIOSK_SALT = "hailong.kiosk"
REF_SALT = "hailong.complaint-ref"
RATED_COOKIE = "rated"
KIOSK_COOKIE = "kiosk"
SUBMISSION_MAX_AGE = 24 * 3600
REF_MAX_AGE = 24 * 3600


def _serializer(salt: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=salt)


@dataclass(frozen=True, slots=True)
class SubmissionToken:
    """The idempotency key of one form submission and when its form was served."""

    submission_id: str
    issued_at: datetime


def issue_submission_token() -> str:
    """A fresh token for a form page: a double tap or a retry reuses the same id."""
    return _serializer(SUBMISSION_SALT).dumps(uuid.uuid4().hex)


def read_submission_token(token: str | None) -> SubmissionToken | None:
    """The token's content, or None when it is missing, forged or older than a day."""
    if not token:
        return None
    try:
        submission_id, issued = _serializer(SUBMISSION_SALT).loads(
            token, max_age=SUBMISSION_MAX_AGE, return_timestamp=True
        )
    except BadSignature:
        return None
    if not isinstance(submission_id, str) or len(submission_id) != 32:
        return None
    return SubmissionToken(submission_id, issued.astimezone(UTC))


def recently_rated(cookie: str | None, centre_id: int, cooldown_seconds: int) -> bool:
    """True when this browser rated this centre less than ``cooldown_seconds`` ago."""
    rated = _read_rated(cookie)
    return time.time() - rated.get(str(centre_id), 0) < cooldown_seconds


def mark_rated(cookie: str | None, centre_id: int) -> str:
    """The new value of the repeat cookie after a rating of ``centre_id`` now."""
    rated = _read_rated(cookie)
    rated[str(centre_id)] = int(time.time())
    # Keep the cookie small: a phone rates a handful of centres at most.
    newest = dict(sorted(rated.items(), key=lambda item: item[1])[-10:])
    return _serializer(RATED_SALT).dumps(newest)


def _read_rated(cookie: str | None) -> dict[str, int]:
    if not cookie:
        return {}
    try:
        value = _serializer(RATED_SALT).loads(cookie, max_age=7 * 24 * 3600)
    except BadSignature:
        return {}
    return value if isinstance(value, dict) else {}


def issue_kiosk_cookie(poster_code: str) -> str:
    """The cookie that turns a tablet into a kiosk for the place ``poster_code`` names."""
    return _serializer(KIOSK_SALT).dumps(poster_code)


def read_kiosk_cookie(cookie: str | None) -> str | None:
    """The poster code a kiosk tablet serves, or None when it is not a kiosk."""
    if not cookie:
        return None
    try:
        code = _serializer(KIOSK_SALT).loads(cookie, max_age=366 * 24 * 3600)
    except BadSignature:
        return None
    return code if isinstance(code, str) else None


def issue_complaint_ref(submission_id: str) -> str:
    """A signed reference to a stored rating, for the complaint page it leads to.

    It names the rating by its random submission id, never by its row id: the signed
    value is readable (base64), and a sequential id in a URL tells how many ratings came
    before and lets anyone holding one link guess the others.
    """
    return _serializer(REF_SALT).dumps(submission_id)


def read_complaint_ref(token: str) -> str | None:
    """The rating's submission id, or None when the reference is forged or a day old."""
    try:
        value = _serializer(REF_SALT).loads(token, max_age=REF_MAX_AGE)
    except BadSignature:
        return None
    return value if isinstance(value, str) else None
