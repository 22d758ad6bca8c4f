"""The PIN on its way from the intake POST to the receipt page, sealed.

Flask's session cookie is signed, not encrypted: anyone holding the phone can read what
is in it. The PIN travels in it only encrypted (Fernet, with a key derived from
SECRET_KEY), expires with the grant time, and the receipt page drops it once shown.
"""

from __future__ import annotations

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken
from flask import current_app

SEAL_SECONDS = 30 * 60


def _fernet() -> Fernet:
    key = current_app.config["SECRET_KEY"]
    secret = key if isinstance(key, bytes) else str(key).encode()
    digest = hashlib.sha256(b"hailong.receipt-pin\0" + secret).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def seal_pin(pin: str) -> str:
    """The PIN encrypted for the session cookie."""
    return _fernet().encrypt(pin.encode()).decode("ascii")


def unseal_pin(sealed: object) -> str | None:
    """The PIN back, or None when it is missing, forged or older than half an hour."""
    if not isinstance(sealed, str):
        return None
    try:
        return _fernet().decrypt(sealed.encode("ascii"), ttl=SEAL_SECONDS).decode()
    except (InvalidToken, ValueError):
        return None
