"""Receipt codes minted per dossier: the same dossier always gets the same code.

How the rating stays unlinkable to the dossier
----------------------------------------------
The code is derived, not drawn: ``HMAC-SHA256(k, centre key + dossier reference)``
turned into 10 characters of the receipt-code alphabet (50 bits), where ``k`` is derived
from the app's SECRET_KEY. The dossier reference is used in memory for that one
computation and never stored or logged. What is stored is exactly what a code minted
in a batch leaves: a ``receipt_code`` row with the SHA-256 of the code, the centre, the
optional service field, a batch label (``api-<day>``) and the times. A rating made with the
code is an ordinary anonymous response that does not point at the code row either.
So someone reading the database, even with every response, cannot tell which dossier a
code, and therefore a rating, belongs to. Asking again recomputes the same code, and an
insert-if-absent on the unique code hash keeps one row however many calls race.

What it does not protect against: whoever holds the server secret and a dossier
reference can recompute the code and find whether it was used (and when, to the
second), which narrows the ratings given at that moment. The one-stop system already
knows its dossiers, so the secret must stay on the server; rotating SECRET_KEY gives
every dossier a new code (old codes keep working: their hashes stay stored).
Two dossiers sharing a code is possible but rare (50 bits: about 1 in 2,000 over a
million codes); a code already stored for another centre is refused (409), never shared.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from survey_app.core.clock import today_local
from survey_app.core.qr.codes import ALPHABET, RECEIPT_CODE_LENGTH, hash_receipt_code
from survey_app.models import Centre, ReceiptCode, ServiceField

DERIVATION_LABEL = b"hailong.receipt-code-per-dossier.v1"
BATCH_PREFIX = "api-"


@dataclass(frozen=True, slots=True)
class MintedCode:
    """A dossier's code and whether this call stored it (False: it was there already)."""

    code: str
    created: bool


class CodeClashError(Exception):
    """The derived code is stored already for another centre (a 50-bit collision)."""


def _derivation_key() -> bytes:
    # A key of its own, so that the codes say nothing about the secret that signs cookies.
    secret = current_app.config["SECRET_KEY"]
    return hmac.new(str(secret).encode("utf-8"), DERIVATION_LABEL, hashlib.sha256).digest()


def dossier_code(centre_key: str, dossier_ref: str) -> str:
    """The receipt code of a dossier: deterministic, unguessable without the secret."""
    message = f"{centre_key}\x1f{dossier_ref}".encode()
    digest = hmac.new(_derivation_key(), message, hashlib.sha256).digest()
    number = int.from_bytes(digest[:8], "big")
    chars = []
    for _ in range(RECEIPT_CODE_LENGTH):
        number, index = divmod(number, len(ALPHABET))
        chars.append(ALPHABET[index])
    return "".join(chars)


def mint_dossier_code(
    session: Session, centre: Centre, dossier_ref: str, field: ServiceField | None
) -> MintedCode:
    """Store the dossier's code if absent; commits. Safe under concurrent calls."""
    code = dossier_code(centre.key, dossier_ref)
    code_hash = hash_receipt_code(code)
    existing = _stored(session, code_hash)
    if existing is None:
        row = ReceiptCode(
            code_hash=code_hash,
            centre_id=centre.id,
            service_field_id=field.id if field is not None else None,
            batch=f"{BATCH_PREFIX}{today_local().isoformat()}",
        )
        session.add(row)
        try:
            session.commit()
            return MintedCode(code, created=True)
        except IntegrityError:
            # Another call stored the same code between our look and our insert.
            session.rollback()
            existing = _stored(session, code_hash)
    if existing is None or existing != centre.id:
        raise CodeClashError(code_hash[:8])
    return MintedCode(code, created=False)


def _stored(session: Session, code_hash: str) -> int | None:
    """The centre id of the stored code, or None when the code is not stored."""
    return session.scalar(select(ReceiptCode.centre_id).where(ReceiptCode.code_hash == code_hash))


def code_is_for(session: Session, code: str) -> int | None:
    """The centre id a receipt code belongs to, or None when it is not a stored code."""
    return _stored(session, hash_receipt_code(code))
