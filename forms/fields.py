"""Fields whose typed value, when it cannot be read, is their only error."""

from __future__ import annotations

from typing import Any

from wtforms import DateField as WTFormsDateField
from wtforms import FloatField
from wtforms.form import BaseForm
from wtforms.validators import StopValidation
from wtforms.widgets import TextInput


class DateField(WTFormsDateField):
    """A date that stops validation when the text typed is not a date.

    WTForms runs the validators even then, with ``data`` None: a form's own check
    (``field.data > today``) raised a TypeError, a 500 for a mistyped date. Its
    "not a valid date" message (translated) is all the person needs to see.
    """

    def pre_validate(self, form: BaseForm) -> None:
        if self.process_errors:
            raise StopValidation()
        super().pre_validate(form)


def optional_int(value: object) -> int | None:
    """A drop-down's value as an id; its empty "— Chọn … —" option as None.

    The empty option makes the person choose: nothing is picked for them, and the
    field's ``InputRequired`` refuses the form while it is still selected.
    """
    if value is None or value == "":
        return None
    return int(str(value))


class DecimalField(FloatField):
    """A number typed the Vietnamese way ("87,5", "1.234,5") or with a point ("87.5").

    With a comma, the comma is the decimal mark and points group thousands, as Vietnamese
    writes numbers; without one, the text is read as Python reads it. What is still not
    a number gets the field's translated "not a valid number" message. A text box (with
    ``inputmode="decimal"`` for the phone's keypad), not ``type=number``: a browser set to
    English refuses a comma typed in a number box before the form is even sent.
    """

    widget = TextInput()

    def process_formdata(self, valuelist: list[Any]) -> None:
        if valuelist and isinstance(valuelist[0], str) and "," in valuelist[0]:
            text = valuelist[0].strip().replace(" ", "").replace("\u00a0", "")
            valuelist = [text.replace(".", "").replace(",", ".", 1)]
        super().process_formdata(valuelist)
