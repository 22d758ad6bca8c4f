"""The visit feedback form, built from the questionnaire's questions.

Strict by design: only the fields the questionnaire defines (plus the CSRF token, the
submission token, the honeypot and the language switch) may arrive, and each scale
answer must be one of its allowed values.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, Field, HiddenField, RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # WTForms 3.3
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from forms.questions import NOT_APPLICABLE, FormQuestion
from forms.validators import printable_text

HONEYPOT_FIELD = "website"
SUBMISSION_FIELD = "submission"
# "I want to raise a complaint": leads to a separate page once the rating is stored.
COMPLAINT_FIELD = "complaint"
SERVICE_FIELDS = frozenset(
    {"csrf_token", SUBMISSION_FIELD, HONEYPOT_FIELD, "lang", COMPLAINT_FIELD}
)


class StrictRadioField(RadioField):
    """A radio field whose "not one of the choices" message is ours, and translated."""

    def pre_validate(self, form: FlaskForm) -> None:
        if self.data is None or self.data == "":
            return
        # WTForms 3.3 keeps SelectChoice tuples; types-WTForms 3.2 knows only plain ones.
        if self.data not in {choice.value for choice in self.choices}:  # type: ignore[union-attr]
            raise ValidationError(_l("Câu trả lời này không có trong các lựa chọn."))


class PulseFormBase(FlaskForm):
    """Fields every feedback form has besides its questions."""

    submission = HiddenField()
    # Hidden from people by CSS and from screen readers by aria-hidden; bots fill it in.
    website = StringField(validators=[Optional(), Length(max=200)])
    complaint = BooleanField()

    questions: Sequence[FormQuestion] = ()

    def question_fields(self) -> list[tuple[FormQuestion, Field]]:
        """Each question with its bound field, in questionnaire order."""
        return [(q, self[q.field_name]) for q in self.questions]

    def answers(self) -> dict[str, int | None]:
        """Scale answers by question key; None means "not applicable"; blanks are left out."""
        result: dict[str, int | None] = {}
        for question, field in self.question_fields():
            if question.answer_type != "scale" or not field.data:
                continue
            result[question.key] = None if field.data == NOT_APPLICABLE else int(field.data)
        return result

    def texts(self) -> dict[str, str]:
        """Free-text answers by question key, as written, blanks left out."""
        return {
            q.key: field.data.strip()
            for q, field in self.question_fields()
            if q.answer_type == "text" and field.data and field.data.strip()
        }

    def has_any_answer(self) -> bool:
        """True when at least one question came back answered (text counts if not blank)."""
        return any(
            field.data.strip() if isinstance(field.data, str) else field.data
            for _, field in self.question_fields()
        )

    @property
    def honeypot_filled(self) -> bool:
        """True when the hidden field that people never see came back filled in."""
        return bool(self.website.data)


def unknown_fields(form_class: type[PulseFormBase], submitted: Iterable[str]) -> list[str]:
    """Names in a submission that the form does not define."""
    known = SERVICE_FIELDS | {q.field_name for q in form_class.questions}
    return sorted(set(submitted) - known)


def build_pulse_form(questions: Sequence[FormQuestion]) -> type[PulseFormBase]:
    """A form class with one field per question, in order; built once per wording."""
    # The key holds the locale too: the "not applicable" choice is worded when it is built.
    return _pulse_form_class(tuple(questions), str(get_locale()))


@functools.lru_cache(maxsize=64)
def _pulse_form_class(questions: tuple[FormQuestion, ...], _locale: str) -> type[PulseFormBase]:
    attributes: dict[str, object] = {"questions": tuple(questions)}
    for question in questions:
        attributes[question.field_name] = _field_for(question)
    return type("PulseForm", (PulseFormBase,), attributes)


def _field_for(question: FormQuestion) -> Field:
    if question.answer_type == "text":
        limit = question.max_length or 1000
        return TextAreaField(
            question.label,
            validators=[
                Optional(),
                Length(max=limit, message=_l("Xin viết ngắn hơn, tối đa %(max)d ký tự.")),
                printable_text,
            ],
        )
    choices = [SelectChoice(c.value, c.label) for c in question.choices]
    if question.not_applicable:
        choices.append(SelectChoice(NOT_APPLICABLE, str(_l("Không áp dụng"))))
    required = (
        [InputRequired(message=_l("Xin chọn một câu trả lời cho câu hỏi này."))]
        if question.required
        else [Optional()]
    )
    return StrictRadioField(question.label, choices=choices, validators=required)


class ReceiptCodeForm(FlaskForm):
    """The code printed under a receipt's QR, typed by someone whose camera cannot read it."""

    receipt_code = StringField(
        _l("Mã trên giấy tiếp nhận"),
        validators=[
            InputRequired(_l("Xin gõ mã in ngay dưới mã QR trên giấy tiếp nhận hồ sơ.")),
            Length(max=200, message=_l("Mã quá dài. Xin chỉ gõ mã in dưới mã QR.")),
        ],
    )
