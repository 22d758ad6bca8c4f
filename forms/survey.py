"""The SIPAS survey's forms: one page of the online questionnaire, and paper entry.

Pure factories, like the feedback and paper forms: the questions (and, for the
``commune`` question, its choices) come in as arguments; nothing here reads a database.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Field, HiddenField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # WTForms 3.3
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from forms.dates import local_today
from forms.feedback import StrictRadioField
from forms.fields import DateField
from forms.paper import accepted_codes
from forms.questions import FormQuestion
from forms.validators import printable_text

COMMUNE_TYPE = "commune"


class StrictSelectField(SelectField):
    """A drop-down whose "not one of the choices" message is ours, and translated."""

    def pre_validate(self, form: FlaskForm) -> None:
        if self.data in (None, ""):
            return
        # WTForms 3.3 keeps SelectChoice tuples; types-WTForms 3.2 knows only plain ones.
        if self.data not in {str(choice.value) for choice in self.choices}:  # type: ignore[union-attr]
            raise ValidationError(_l("Câu trả lời này không có trong các lựa chọn."))


class SurveyPageFormBase(FlaskForm):
    """One page (section) of the online questionnaire."""

    # Which button was pressed: back, next or send. Anything else counts as next.
    move = HiddenField()
    # Hidden from people by CSS and from screen readers by aria-hidden; bots fill it in.
    website = StringField(validators=[Optional(), Length(max=200)])

    questions: Sequence[FormQuestion] = ()

    def question_fields(self) -> list[tuple[FormQuestion, Field]]:
        """Each question with its bound field, in questionnaire order."""
        return [(q, self[q.field_name]) for q in self.questions]

    def page_answers(self) -> dict[str, int | str]:
        """This page's answers by question key: integers, or text; blanks left out."""
        result: dict[str, int | str] = {}
        for question, field in self.question_fields():
            data = (field.data or "").strip() if isinstance(field.data, str) else field.data
            if not data:
                continue
            result[question.key] = data if question.answer_type == "text" else int(data)
        return result


def page_data(questions: Sequence[FormQuestion], answers: Mapping[str, Any]) -> dict[str, str]:
    """Stored answers as field data, to show a page again as it was left."""
    return {q.field_name: str(answers[q.key]) for q in questions if q.key in answers}


def build_survey_page_form(questions: Sequence[FormQuestion]) -> type[SurveyPageFormBase]:
    """A form class for one page: a field per question, in order."""
    attributes: dict[str, object] = {"questions": tuple(questions)}
    for question in questions:
        attributes[question.field_name] = _online_field(question)
    return type("SurveyPageForm", (SurveyPageFormBase,), attributes)


def _online_field(question: FormQuestion) -> Field:
    if question.answer_type == "text":
        return _text_field(question)
    # A lazy message works (WTForms raises it as the error); its stubs want a str.
    required = (
        [InputRequired(message=_required_message(question))]  # type: ignore[arg-type]
        if question.required
        else [Optional()]
    )
    choices = [SelectChoice(c.value, c.label) for c in question.choices]
    if question.answer_type == COMMUNE_TYPE:
        blank = SelectChoice("", str(_l("— Chọn xã, phường —")))
        return StrictSelectField(question.label, choices=[blank, *choices], validators=required)
    return StrictRadioField(question.label, choices=choices, validators=required)


def _required_message(question: FormQuestion) -> object:
    if question.answer_type == COMMUNE_TYPE:
        return _l("Xin chọn xã, phường nơi Ông/Bà đang sinh sống.")
    return _l("Xin chọn một câu trả lời cho câu hỏi này.")


def _text_field(question: FormQuestion) -> Field:
    limit = question.max_length or 1000
    return TextAreaField(
        question.label,
        validators=[
            Optional(),
            Length(max=limit, message=_l("Xin viết ngắn hơn, tối đa %(max)d ký tự.")),
            printable_text,
        ],
    )


class SurveyPaperFormBase(FlaskForm):
    """Typing in a paper questionnaire collected door to door."""

    submission = HiddenField()
    campaign = SelectField(_l("Đợt khảo sát"), coerce=int, validators=[InputRequired()])
    commune = SelectField(
        _l("Xã, phường của người trả lời"),
        coerce=int,
        validators=[InputRequired(_l("Xin chọn xã, phường ghi trên phiếu."))],
    )
    collected_on = DateField(
        _l("Ngày thu phiếu"), validators=[InputRequired(_l("Xin nhập ngày thu phiếu."))]
    )

    questions: Sequence[FormQuestion] = ()
    campaign_choices: Sequence[SelectChoice] = ()
    commune_choices: Sequence[SelectChoice] = ()

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        # Only what the signer may enter for: the server enforces the scope.
        self.campaign.choices = list(self.campaign_choices)
        self.commune.choices = list(self.commune_choices)

    def validate_collected_on(self, field: Field) -> None:
        if field.data > local_today():
            raise ValidationError(_l("Ngày thu phiếu không thể ở tương lai."))

    def question_fields(self) -> list[tuple[FormQuestion, Field]]:
        """Each question with its bound field, in questionnaire order."""
        return [(q, self[q.field_name]) for q in self.questions]

    def answers(self) -> dict[str, int | None]:
        """Scale answers by question key; blanks are left out."""
        # A mistyped code is the field's error (validate()); it is never an answer.
        return {
            q.key: int(code)
            for q, field in self.question_fields()
            if q.answer_type == "scale"
            and (code := (field.data or "").strip()) in accepted_codes(q)
        }

    def texts(self) -> dict[str, str]:
        """Free-text answers as typed, blanks left out."""
        return {
            q.key: field.data.strip()
            for q, field in self.question_fields()
            if q.answer_type == "text" and field.data and field.data.strip()
        }

    def has_answers(self) -> bool:
        """False for a form with nothing on it, which is not worth storing."""
        return bool(self.answers() or self.texts())


def build_survey_paper_form(
    questions: Sequence[FormQuestion],
    campaigns: Sequence[tuple[int, str]],
    communes: Sequence[tuple[int, str]],
) -> type[SurveyPaperFormBase]:
    """A paper-entry form: a short digit box per scale question, a text box per text one."""
    # The commune is the head of the form (a drop-down), not a digit box.
    typed = tuple(q for q in questions if q.answer_type != COMMUNE_TYPE)
    attributes: dict[str, object] = {
        "questions": typed,
        "campaign_choices": tuple(SelectChoice(str(i), name) for i, name in campaigns),
        "commune_choices": tuple(SelectChoice(str(i), name) for i, name in communes),
    }
    for question in typed:
        attributes[question.field_name] = _paper_field(question)
    return type("SurveyPaperForm", (SurveyPaperFormBase,), attributes)


def _paper_field(question: FormQuestion) -> Field:
    if question.answer_type == "text":
        return _text_field(question)
    codes = accepted_codes(question)

    def check(_form: FlaskForm, field: Field) -> None:
        typed = (field.data or "").strip()
        if typed and typed not in codes:
            raise ValidationError(
                _l("Chỉ nhập một trong: %(codes)s, hoặc để trống.", codes=", ".join(codes))
            )

    return StringField(question.label, validators=[Optional(), check])
