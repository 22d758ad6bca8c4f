"""Typing in paper slips: one short text box per question, digits only, Tab to move on.

Staff key in what the slip says: a blank stays blank, and "0" means "not applicable"
where the question offers it and 0 is not itself an answer (``forms.question_fields``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from wtforms import Field, SelectField
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # WTForms 3.3
from wtforms.validators import InputRequired, ValidationError

from forms.dates import local_today
from forms.fields import DateField, optional_int
from forms.question_fields import TypedQuestionForm, build_question_form, typed_field
from forms.questions import FormQuestion
from forms.text import lazy_text as _l

OLDEST_SLIP_DAYS = 366


class PaperFormBase(TypedQuestionForm):
    """Fields of every paper-entry form besides its questions."""

    centre = SelectField(
        _l("Trung tâm"),
        coerce=optional_int,
        validators=[InputRequired(_l("Xin chọn trung tâm ghi trên phiếu."))],
    )
    visit_date = DateField(
        _l("Ngày giao dịch ghi trên phiếu"),
        validators=[InputRequired(_l("Xin nhập ngày giao dịch."))],
    )

    centre_choices: Sequence[SelectChoice] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only the centres the signer may act for: the server enforces the scope.
        self.centre.choices = list(self.centre_choices)

    def validate_visit_date(self, field: Field) -> None:
        today = local_today()
        if field.data > today:
            raise ValidationError(_l("Ngày giao dịch không thể ở tương lai."))
        if field.data < today - timedelta(days=OLDEST_SLIP_DAYS):
            raise ValidationError(_l("Phiếu cũ hơn một năm không được nhập."))


def build_paper_form(
    questions: Sequence[FormQuestion], centres: Sequence[tuple[int, str, str]]
) -> type[PaperFormBase]:
    """A paper-entry form for ``questions``, offering only the ``centres`` given.

    Each centre is ``(id, short label, full name)``: the drop-down shows the part that
    tells centres apart, and the full name as the option's title.
    """
    return build_question_form(
        "PaperForm",
        PaperFormBase,
        questions,
        typed_field,
        centre_choices=(
            SelectChoice("", _l("— Chọn trung tâm —")),
            *(SelectChoice(str(i), label, {"title": name}) for i, label, name in centres),
        ),
    )
