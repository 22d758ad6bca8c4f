"""Validators shared by the forms."""

from __future__ import annotations

import re

from wtforms import Field, Form
from wtforms.validators import ValidationError

from forms.text import lazy_text as _l

# NUL and the other C0 controls (tab and line breaks aside) have no place in anything a
# person types; PostgreSQL cannot even store NUL in a text column.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def printable_text(_form: Form, field: Field) -> None:
    """Refuse control characters, with a message that says what to do."""
    if isinstance(field.data, str) and _CONTROL.search(field.data):
        raise ValidationError(_l("Nội dung có ký tự không hợp lệ. Xin gõ lại bằng bàn phím."))
