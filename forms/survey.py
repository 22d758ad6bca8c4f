"""The SIPAS survey's forms: one page of the online questionnaire, and paper entry.

Pure factories, like the feedback and paper forms: the questions (and, for the
``commune`` question, its choices) come in as arguments; nothing here reads a database.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from wtforms import Field, HiddenField, SelectField, StringField
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # WTForms 3.3
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from forms.dates import local_today
from forms.fields import DateField, optional_int
from forms.question_fields import (
    QuestionForm,
    TypedQuestionForm,
    build_question_form,
    online_field,
    typed_field,
)
from forms.questions import COMMUNE_TYPE, NOT_APPLICABLE, FormQuestion
from forms.text import lazy_text as _l


class SurveyPageFormBase(QuestionForm):
    """One page (section) of the online questionnaire."""

    # Which button was pressed: back, next or send. Anything else counts as next.
    move = HiddenField()
    # Hidden from people by CSS and from screen readers by aria-hidden; bots fill it in.
    website = StringField(validators=[Optional(), Length(max=200)])

    def page_answers(self) -> dict[str, int | str]:
        """This page's answers by question key: integers, or text; blanks left out."""
        result: dict[str, int | str] = {}
        for question, field in self.question_fields():
            data = (field.data or "").strip() if isinstance(field.data, str) else field.data
            # A draft keeps what was chosen; "not applicable" is no value to keep.
            if not data or data == NOT_APPLICABLE:
                continue
            result[question.key] = data if question.answer_type == "text" else int(data)
        return result


def page_data(questions: Sequence[FormQuestion], answers: Mapping[str, Any]) -> dict[str, str]:
    """Stored answers as field data, to show a page again as it was left."""
    return {q.field_name: str(answers[q.key]) for q in questions if q.key in answers}


def build_survey_page_form(questions: Sequence[FormQuestion]) -> type[SurveyPageFormBase]:
    """A form class for one page: a field per question, in order."""
    return build_question_form("SurveyPageForm", SurveyPageFormBase, questions, online_field)


class SurveyPaperFormBase(TypedQuestionForm):
    """Typing in a paper questionnaire collected door to door."""

    campaign = SelectField(_l("Đợt khảo sát"), coerce=int, validators=[InputRequired()])
    commune = SelectField(
        _l("Xã, phường của người trả lời"),
        coerce=optional_int,
        validators=[InputRequired(_l("Xin chọn xã, phường ghi trên phiếu."))],
    )
    collected_on = DateField(
        _l("Ngày thu phiếu"), validators=[InputRequired(_l("Xin nhập ngày thu phiếu."))]
    )

    campaign_choices: Sequence[SelectChoice] = ()
    commune_choices: Sequence[SelectChoice] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only what the signer may enter for: the server enforces the scope.
        self.campaign.choices = list(self.campaign_choices)
        self.commune.choices = list(self.commune_choices)

    def validate_collected_on(self, field: Field) -> None:
        if field.data > local_today():
            raise ValidationError(_l("Ngày thu phiếu không thể ở tương lai."))


def build_survey_paper_form(
    questions: Sequence[FormQuestion],
    campaigns: Sequence[tuple[int, str]],
    communes: Sequence[tuple[int, str]],
) -> type[SurveyPaperFormBase]:
    """A paper-entry form: a short digit box per scale question, a text box per text one."""
    # The commune is the head of the form (a drop-down), not a digit box.
    return build_question_form(
        "SurveyPaperForm",
        SurveyPaperFormBase,
        [q for q in questions if q.answer_type != COMMUNE_TYPE],
        typed_field,
        campaign_choices=tuple(SelectChoice(str(i), name) for i, name in campaigns),
        commune_choices=(
            SelectChoice("", _l("— Chọn xã, phường —")),
            *(SelectChoice(str(i), name) for i, name in communes),
        ),
    )
