"""Contact data encrypted at rest (Fernet) and masked wherever it is listed.

The key comes from ``HAILONG_CONTACT_KEY`` (several comma-separated keys allow
rotation: the first encrypts, all decrypt). A database dump or backup alone therefore
never reveals a citizen's phone number or e-mail address.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from flask import current_app

from survey_app.core.masking import MASK


class ContactUnreadableError(RuntimeError):
    """The stored contact cannot be decrypted with the configured keys."""


@dataclass(frozen=True, slots=True)
class Contact:
    """How the citizen asked to be told: a phone number, an e-mail address, or both."""

    phone: str | None = None
    email: str | None = None

    def __bool__(self) -> bool:
        return bool(self.phone or self.email)


def cipher(keys: str | None = None) -> MultiFernet:
    """The cipher for the configured keys (or ``keys``)."""
    value = keys if keys is not None else current_app.config["HAILONG_CONTACT_KEY"]
    return MultiFernet([Fernet(k.strip()) for k in value.split(",") if k.strip()])


def encrypt_contact(contact: Contact, keys: str | None = None) -> bytes | None:
    """The ciphertext stored for ``contact``; None when there is nothing to store."""
    if not contact:
        return None
    plain = json.dumps({"phone": contact.phone, "email": contact.email}).encode("utf-8")
    return cipher(keys).encrypt(plain)


def decrypt_contact(token: bytes | None, keys: str | None = None) -> Contact:
    """The contact behind ``token``; an empty contact when none is stored."""
    if token is None:
        return Contact()
    try:
        data = json.loads(cipher(keys).decrypt(bytes(token)))
    except InvalidToken as error:
        raise ContactUnreadableError("contact data cannot be decrypted with these keys") from error
    return Contact(phone=data.get("phone"), email=data.get("email"))


def mask_phone(phone: str) -> str:
    """Only the last three digits stay readable: ``0912345678`` → ``•••••••678``."""
    digits = [c for c in phone if c.isdigit()]
    return MASK * max(len(digits) - 3, 0) + "".join(digits[-3:])


def mask_email(email: str) -> str:
    """The first letter and the domain: ``lan.nguyen@gmail.com`` → ``l•••@gmail.com``."""
    local, _, domain = email.partition("@")
    return f"{local[:1]}{MASK * 3}@{domain}"


def masked(contact: Contact) -> Contact:
    """``contact`` as lists show it."""
    return Contact(
        phone=mask_phone(contact.phone) if contact.phone else None,
        email=mask_email(contact.email) if contact.email else None,
    )
