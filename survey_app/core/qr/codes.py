"""Generating, normalising and hashing the codes that QR symbols carry.

The alphabet has no 0/O or 1/I, so a code typed from paper is rarely mistyped, and only
upper-case letters and digits, so a URL such as ``HTTPS://HOST/Q/K7M2QX`` fits the QR
alphanumeric mode (5.5 bits a character instead of 8) and the symbol stays coarse.
"""

from __future__ import annotations

import hashlib
import secrets

ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
POSTER_CODE_LENGTH = 6  # 32**6 ≈ 10**9: enough for every counter, and it is public anyway.
RECEIPT_CODE_LENGTH = 10  # 32**10 ≈ 10**15 (50 bits): not guessable among a few million.
POSTER_PREFIX = "Q"
RECEIPT_PREFIX = "R"


def new_code(length: int) -> str:
    """A random code of ``length`` characters from :data:`ALPHABET`."""
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def new_poster_code() -> str:
    """A fresh public short code for a poster."""
    return new_code(POSTER_CODE_LENGTH)


def new_receipt_code() -> str:
    """A fresh one-time code for a dossier receipt."""
    return new_code(RECEIPT_CODE_LENGTH)


def normalise_code(raw: str) -> str | None:
    """The code as stored, or None when ``raw`` cannot be a code.

    People type codes from paper: case, spaces and dashes are forgiven, and the
    letters O and I are read as the digits they look like not being in the alphabet.
    """
    cleaned = raw.strip().upper().replace(" ", "").replace("-", "")
    cleaned = cleaned.replace("O", "0").replace("I", "1")
    if not cleaned or len(cleaned) > RECEIPT_CODE_LENGTH:
        return None
    if any(ch not in ALPHABET for ch in cleaned):
        return None
    return cleaned


def typed_receipt_code(raw: str) -> str | None:
    """The receipt code a person typed from paper, or None when it cannot be one.

    Forgives case, any spaces, the hyphen printed between the halves (and dots or
    underscores typed for it), and a whole pasted link such as ``HTTPS://HOST/R/K7M2QX4B9A``.
    """
    typed = raw.strip()
    if "/" in typed:
        typed = typed.rstrip("/").rsplit("/", 1)[-1]
    cleaned = "".join(typed.split()).upper()
    for separator in "-._\u2010\u2011\u2012\u2013\u2014":
        cleaned = cleaned.replace(separator, "")
    if len(cleaned) != RECEIPT_CODE_LENGTH or any(ch not in ALPHABET for ch in cleaned):
        return None
    return cleaned


def hash_receipt_code(code: str) -> str:
    """The SHA-256 hex digest stored instead of a receipt code.

    A plain hash suffices: codes are 50 random bits, so there is no dictionary to try.
    """
    return hashlib.sha256(code.encode("ascii")).hexdigest()


def public_url(base_url: str, prefix: str, code: str) -> str:
    """The URL a QR symbol carries, upper-cased so it stays in alphanumeric mode.

    Host names are case-insensitive and the app answers ``/Q/`` and ``/R/`` as well as
    the lower-case paths, so the upper-case URL works everywhere.
    """
    return f"{base_url.rstrip('/')}/{prefix}/{code}".upper()
