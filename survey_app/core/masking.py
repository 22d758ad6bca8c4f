"""Masking personal data in free text before staff read it.

Citizens are asked not to write phone or ID numbers in comments, and some do anyway.
Comments are stored as written (the words are the evidence), and masked wherever staff
see them: phone numbers, 9-digit (CMND) and 12-digit (CCCD) ID numbers, e-mail addresses.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape  # Markup: the filter's return type

MASK = "•"

# A run of 9 to 12 digits, optionally after +84, with single spaces, dots or dashes
# between groups: 0912 345 678, 0912.345.678, +84 912 345 678, 012345678901.
# Shorter numbers (years, fees, "2 lần") and longer ones are left alone.
_NUMBER = re.compile(r"(?<![\w+])(?:\+\s?84[\s.\-]?)?\d(?:[\s.\-]?\d){8,11}(?![\w])")
_EMAIL = re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+")


def mask_personal_data(text: str) -> str:
    """``text`` with phone numbers, ID numbers and e-mail addresses masked.

    Digits become bullets and separators stay, so the reader sees that a number was
    there without being able to read it.

    >>> mask_personal_data("Gọi 0912 345 678 hoặc a.b@gmail.com, CCCD 012345678901")
    'Gọi •••• ••• ••• hoặc •••@•••, CCCD ••••••••••••'
    >>> mask_personal_data("Chờ 2 tiếng, nộp 500.000 đồng ngày 25/11/2026")
    'Chờ 2 tiếng, nộp 500.000 đồng ngày 25/11/2026'
    """
    masked = _EMAIL.sub(f"{MASK * 3}@{MASK * 3}", text)
    return _NUMBER.sub(lambda m: re.sub(r"[\d+]", MASK, m.group(0)), masked)


def masked_filter(text: str | None) -> Markup:
    """Jinja filter: mask, then escape; safe to print in any staff page."""
    return escape(mask_personal_data(text or ""))
