"""Typing in paper slips: one short text box per question, digits only, Tab to move on.

Staff key in what the slip says: a blank stays blank, and "0" means "not applicable"
where the question offers it and 0 is not itself an answer.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Field, HiddenField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # WTForms 3.3
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from forms.dates import local_today
from forms.fields import DateField
from forms.questions import FormQuestion
from forms.validators import printable_text

NOT_APPLICABLE_CODE = "0"
OLDEST_SLIP_DAYS = 366


class PaperFormBase(FlaskForm):
    """Fields of every paper-entry form besides its questions."""

    submission = HiddenField()
    centre = SelectField(_l("Trung tâm"), coerce=int, validators=[InputRequired()])
    visit_date = DateField(
        _l("Ngày giao dịch ghi trên phiếu"),
        validators=[InputRequired(_l("Xin nhập ngày giao dịch."))],
    )

    questions: Sequence[FormQuestion] = ()
    centre_choices: Sequence[SelectChoice] = ()

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        # Only the centres the signer may act for: the server enforces the scope.
        self.centre.choices = list(self.centre_choices)

    def validate_visit_date(self, field: Field) -> None:
        today = local_today()
        if field.data > today:
            raise ValidationError(_l("Ngày giao dịch không thể ở tương lai."))
        if field.data < today - timedelta(days=OLDEST_SLIP_DAYS):
            raise ValidationError(_l("Phiếu cũ hơn một năm không được nhập."))

    def question_fields(self) -> list[tuple[FormQuestion, Field]]:
        """Each question with its bound field, in questionnaire order."""
        return [(q, self[q.field_name]) for q in self.questions]

    def answers(self) -> dict[str, int | None]:
        """Scale answers by question key; None is "not applicable"; blanks are left out."""
        result: dict[str, int | None] = {}
        for question, field in self.question_fields():
            code = (field.data or "").strip()
            # A mistyped code ("a" for "4") is the field's error, shown by validate();
            # the page is redrawn after asking has_answers(), so it must not raise here.
            if question.answer_type != "scale" or code not in accepted_codes(question):
                continue
            result[question.key] = None if code == na_code(question) else int(code)
        return result

    def texts(self) -> dict[str, str]:
        """Free-text answers as typed, blanks left out."""
        return {
            q.key: field.data.strip()
            for q, field in self.question_fields()
            if q.answer_type == "text" and field.data and field.data.strip()
        }

    def has_answers(self) -> bool:
        """False for a slip with nothing on it, which is not worth storing."""
        return bool(self.answers() or self.texts())


def na_code(question: FormQuestion) -> str | None:
    """The key typed for "not applicable", if the question offers it."""
    values = {c.value for c in question.choices}
    if question.not_applicable and NOT_APPLICABLE_CODE not in values:
        return NOT_APPLICABLE_CODE
    return None


def accepted_codes(question: FormQuestion) -> list[str]:
    """Everything that may be typed for ``question``, blank aside."""
    codes = [c.value for c in question.choices]
    na = na_code(question)
    return [*codes, na] if na else codes


def build_paper_form(
    questions: Sequence[FormQuestion], centres: Sequence[tuple[int, str]]
) -> type[PaperFormBase]:
    """A paper-entry form for ``questions``, offering only the ``centres`` given."""
    attributes: dict[str, object] = {"questions": tuple(questions)}
    for question in questions:
        attributes[question.field_name] = _field_for(question)
    attributes["centre_choices"] = tuple(SelectChoice(str(i), name) for i, name in centres)
    return type("PaperForm", (PaperFormBase,), attributes)


def _field_for(question: FormQuestion) -> Field:
    if question.answer_type == "text":
        limit = question.max_length or 1000
        return TextAreaField(
            question.label,
            validators=[
                Optional(),
                Length(max=limit, message=_l("Tối đa %(max)d ký tự.")),
                printable_text,
            ],
        )
    codes = accepted_codes(question)

    def check(_form: FlaskForm, field: Field) -> None:
        typed = (field.data or "").strip()
        if typed and typed not in codes:
            raise ValidationError(
                _l("Chỉ nhập một trong: %(codes)s, hoặc để trống.", codes=", ".join(codes))
            )

    return StringField(question.label, validators=[Optional(), check])
