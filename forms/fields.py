"""Fields whose typed value, when it cannot be read, is their only error."""

from __future__ import annotations

from wtforms import DateField as WTFormsDateField
from wtforms.form import BaseForm
from wtforms.validators import StopValidation


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
