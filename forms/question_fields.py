"""One field per question: the builder behind every questionnaire form.

Two ways to answer the same questions. Online (the feedback form, the survey's pages),
people pick among the choices: radio buttons, a drop-down for the commune, a text box.
On paper entry (feedback slips, survey questionnaires), staff type what the paper says:
one short box per scale question taking a choice's code, "0" for "not applicable" where
the question offers it and 0 is not itself an answer, and a text box. The forms built
here carry their questions, so the views and templates walk them in order.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from wtforms import Field, Form, HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # WTForms 3.3
from wtforms.form import BaseForm
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from forms.questions import COMMUNE_TYPE, NOT_APPLICABLE, FormQuestion
from forms.text import lazy_text as _l
from forms.validators import printable_text

NOT_APPLICABLE_CODE = "0"
TEXT_LIMIT = 1000


def _check_offered(field: RadioField | SelectField) -> None:
    """Our own, translated, "not one of the choices" message (WTForms' is English)."""
    if field.data in (None, ""):
        return
    choices: Any = field.choices or ()  # SelectChoice objects (WTForms 3.2)
    if str(field.data) not in {str(choice.value) for choice in choices}:
        raise ValidationError(_l("Câu trả lời này không có trong các lựa chọn."))


class StrictRadioField(RadioField):
    """Radio buttons that accept only their choices, saying so in the page's language."""

    def pre_validate(self, form: BaseForm) -> None:
        _check_offered(self)


class StrictSelectField(SelectField):
    """A drop-down that accepts only its choices, saying so in the page's language."""

    def pre_validate(self, form: BaseForm) -> None:
        _check_offered(self)


def text_field(question: FormQuestion) -> TextAreaField:
    """A free-text answer, at most the question's length."""
    limit = question.max_length or TEXT_LIMIT
    return TextAreaField(
        question.label,
        validators=[
            Optional(),
            Length(max=limit, message=_l("Xin viết ngắn hơn, tối đa %(max)d ký tự.")),
            printable_text,
        ],
    )


def online_field(question: FormQuestion) -> Field:
    """The field a person answers ``question`` with on a page: choose, or write."""
    if question.answer_type == "text":
        return text_field(question)
    choices = [SelectChoice(c.value, c.label) for c in question.choices]
    if question.answer_type == COMMUNE_TYPE:
        required = _l("Xin chọn xã, phường nơi Ông/Bà đang sinh sống.")
        blank = SelectChoice("", _l("— Chọn xã, phường —"))
        validators = [InputRequired(required)] if question.required else [Optional()]
        return StrictSelectField(question.label, choices=[blank, *choices], validators=validators)
    if question.not_applicable:
        choices.append(SelectChoice(NOT_APPLICABLE, _l("Không áp dụng")))
    required = _l("Xin chọn một câu trả lời cho câu hỏi này.")
    validators = [InputRequired(required)] if question.required else [Optional()]
    return StrictRadioField(question.label, choices=choices, validators=validators)


def na_code(question: FormQuestion) -> str | None:
    """The code typed for "not applicable", if the question offers it."""
    values = {c.value for c in question.choices}
    if question.not_applicable and NOT_APPLICABLE_CODE not in values:
        return NOT_APPLICABLE_CODE
    return None


def accepted_codes(question: FormQuestion) -> list[str]:
    """Everything that may be typed for ``question``, blank aside."""
    codes = [c.value for c in question.choices]
    na = na_code(question)
    return [*codes, na] if na else codes


def typed_field(question: FormQuestion) -> Field:
    """The field staff type a paper answer to ``question`` in: a code, or the text."""
    if question.answer_type == "text":
        return text_field(question)
    codes = accepted_codes(question)

    def check(_form: Form, field: Field) -> None:
        typed = (field.data or "").strip()
        if typed and typed not in codes:
            raise ValidationError(
                _l("Chỉ nhập một trong: %(codes)s, hoặc để trống.", codes=", ".join(codes))
            )

    return StringField(question.label, validators=[Optional(), check])


class QuestionForm(Form):
    """A form with a field per question; ``build_question_form`` makes its subclasses."""

    questions: Sequence[FormQuestion] = ()

    def question_fields(self) -> list[tuple[FormQuestion, Field]]:
        """Each question with its bound field, in questionnaire order."""
        return [(q, self[q.field_name]) for q in self.questions]

    def texts(self) -> dict[str, str]:
        """Free-text answers by question key, as written, blanks left out."""
        return {
            q.key: field.data.strip()
            for q, field in self.question_fields()
            if q.answer_type == "text" and field.data and field.data.strip()
        }


class TypedQuestionForm(QuestionForm):
    """Paper entry: a code box per scale question (``typed_field``), a text box per text one."""

    submission = HiddenField()

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

    def has_answers(self) -> bool:
        """False for a paper with nothing on it, which is not worth storing."""
        return bool(self.answers() or self.texts())


Q = TypeVar("Q", bound=QuestionForm)


def build_question_form(
    name: str,
    base: type[Q],
    questions: Sequence[FormQuestion],
    make_field: Callable[[FormQuestion], Field],
    **attributes: object,
) -> type[Q]:
    """A subclass of ``base`` with ``make_field(question)`` for each question, in order."""
    members: dict[str, object] = {**attributes, "questions": tuple(questions)}
    for question in questions:
        members[question.field_name] = make_field(question)
    return type(name, (base,), members)
