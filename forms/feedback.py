"""The visit feedback form, built from the questionnaire's questions.

Strict by design: only the fields the questionnaire defines (plus the CSRF token, the
submission token, the honeypot and the language switch) may arrive, and each scale
answer must be one of its allowed values.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence

from wtforms import BooleanField, Form, HiddenField, StringField
from wtforms.validators import InputRequired, Length, Optional

from forms.question_fields import QuestionForm, build_question_form, online_field
from forms.questions import NOT_APPLICABLE, FormQuestion
from forms.text import lazy_text as _l

HONEYPOT_FIELD = "website"
SUBMISSION_FIELD = "submission"
# "I want to raise a complaint": leads to a separate page once the rating is stored.
COMPLAINT_FIELD = "complaint"
SERVICE_FIELDS = frozenset(
    {"csrf_token", SUBMISSION_FIELD, HONEYPOT_FIELD, "lang", COMPLAINT_FIELD}
)


class PulseFormBase(QuestionForm):
    """Fields every feedback form has besides its questions."""

    submission = HiddenField()
    # Hidden from people by CSS and from screen readers by aria-hidden; bots fill it in.
    website = StringField(validators=[Optional(), Length(max=200)])
    complaint = BooleanField()

    def answers(self) -> dict[str, int | None]:
        """Scale answers by question key; None means "not applicable"; blanks are left out."""
        result: dict[str, int | None] = {}
        for question, field in self.question_fields():
            if question.answer_type != "scale" or not field.data:
                continue
            result[question.key] = None if field.data == NOT_APPLICABLE else int(field.data)
        return result

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
    return _pulse_form_class(tuple(questions))


@functools.lru_cache(maxsize=64)
def _pulse_form_class(questions: tuple[FormQuestion, ...]) -> type[PulseFormBase]:
    return build_question_form("PulseForm", PulseFormBase, questions, online_field)


class ReceiptCodeForm(Form):
    """The code printed under a receipt's QR, typed by someone whose camera cannot read it."""

    receipt_code = StringField(
        _l("Mã trên giấy tiếp nhận"),
        validators=[
            InputRequired(_l("Xin gõ mã in ngay dưới mã QR trên giấy tiếp nhận hồ sơ.")),
            Length(max=200, message=_l("Mã quá dài. Xin chỉ gõ mã in dưới mã QR.")),
        ],
    )
