"""What a view reads from, and adds to, a form its validators have already passed."""

from __future__ import annotations

from typing import TypeVar

from wtforms import Field

T = TypeVar("T")


def required(data: T | None) -> T:
    """A required field's data after validation: ``InputRequired`` has refused ``None``.

    WTForms types every field's data as optional, since a form not yet validated may
    lack it; a view calls this only after ``validate()`` passed.
    """
    if data is None:
        raise ValueError("a required field has no data: was the form validated?")
    return data


def add_error(field: Field, message: str) -> None:
    """Show ``message`` under ``field``, after what its validators found.

    A processed field's errors are a list (the stubs promise only a sequence); it is
    appended to in place, so ``form.errors``, once read, shows the message too.
    """
    errors = field.errors
    if not isinstance(errors, list):
        raise TypeError("the form has not been processed")
    errors.append(message)
