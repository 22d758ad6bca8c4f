"""Complaint forms: the citizen's intake, the code-and-PIN lookup, and the handlers' steps.

Pure WTForms: choices that come from the database (classes, handlers) are set by the view.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from wtforms import (
    BooleanField,
    Form,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    Optional,
    Regexp,
    ValidationError,
)

from forms.text import lazy_text as _l
from forms.validators import printable_text

# A Vietnamese mobile or landline number: 0 or +84, then 9 digits; spaces, dots, dashes
# between groups are forgiven.
PHONE_PATTERN = re.compile(r"^(?:\+84|84|0)\d{9}$")
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
SUBJECT_MAX = 200
BODY_MAX = 4000
NOTE_MAX = 2000

_too_long = _l("Xin viết ngắn hơn, tối đa %(max)d ký tự.")


def _strip(value: object) -> object:
    return value.strip() if isinstance(value, str) else value


def normalise_phone(raw: str) -> str | None:
    """``0912 345 678`` or ``+84 912.345.678`` as ``0912345678``; None if not a number."""
    compact = re.sub(r"[\s.\-()]", "", raw or "")
    if not PHONE_PATTERN.match(compact):
        return None
    return "0" + compact[-9:]


class ComplaintForm(Form):
    """What the citizen writes; contact data only with the consent box ticked."""

    # Stripped before the checks, so that spaces alone do not count as an answer.
    subject = StringField(
        _l("Vấn đề Ông/Bà muốn phản ánh"),
        filters=[_strip],
        validators=[
            DataRequired(_l("Xin ghi ngắn gọn vấn đề, ví dụ: Chờ quá lâu ở quầy đất đai.")),
            Length(max=SUBJECT_MAX, message=_too_long),
            printable_text,
        ],
    )
    body = TextAreaField(
        _l("Nội dung chi tiết"),
        filters=[_strip],
        validators=[
            DataRequired(_l("Xin viết nội dung phản ánh, kiến nghị.")),
            Length(max=BODY_MAX, message=_too_long),
            printable_text,
        ],
    )
    phone = StringField(_l("Số điện thoại (không bắt buộc)"), validators=[Optional()])
    email = StringField(
        _l("Thư điện tử (không bắt buộc)"),
        validators=[
            Optional(),
            Length(max=200, message=_too_long),
            Regexp(EMAIL_PATTERN, message=_l("Địa chỉ thư chưa đúng. Ví dụ: ten@gmail.com")),
            printable_text,
        ],
    )
    consent = BooleanField(
        _l(
            "Tôi đồng ý để Trung tâm dùng số điện thoại, thư điện tử ghi trên chỉ để báo cho "
            "tôi kết quả xử lý phản ánh này. Thông tin được mã hoá, chỉ cán bộ xử lý phản ánh "
            "xem được, và được xoá khi tôi yêu cầu hoặc khi hết thời hạn lưu trữ."
        )
    )
    submission = HiddenField()
    # Hidden from people by CSS and from screen readers by aria-hidden; bots fill it in.
    website = StringField(validators=[Optional(), Length(max=200)])

    def validate_phone(self, field: StringField) -> None:
        if field.data and normalise_phone(field.data) is None:
            raise ValidationError(_l("Số điện thoại chưa đúng. Ví dụ: 0912 345 678."))

    def validate(self, extra_validators: Mapping[str, Sequence[Any]] | None = None) -> bool:
        """The fields, then the rule that contact data needs consent."""
        valid: bool = super().validate(extra_validators)
        if (self.phone.data or self.email.data) and not self.consent.data:
            self.consent.errors = [
                *self.consent.errors,
                _l(
                    "Để được báo kết quả, xin đánh dấu ô đồng ý. Nếu không muốn, xin xoá "
                    "số điện thoại và thư điện tử: Ông/Bà vẫn tra cứu được bằng mã và PIN."
                ),
            ]
            return False
        return valid

    @property
    def honeypot_filled(self) -> bool:
        """True when the hidden field people never see came back filled in."""
        return bool(self.website.data)


COMPLAINT_FIELDS = frozenset(
    {"csrf_token", "lang", "subject", "body", "phone", "email", "consent", "submission", "website"}
)


def unknown_complaint_fields(submitted: Iterable[str]) -> list[str]:
    """Names in a submission that the complaint form does not define."""
    return sorted(set(submitted) - COMPLAINT_FIELDS)


class LookupForm(Form):
    """The tracking code and PIN the citizen was given."""

    code = StringField(
        _l("Mã phản ánh"),
        validators=[InputRequired(_l("Xin nhập mã phản ánh, ví dụ PA-K7M2QX4D.")), Length(max=20)],
    )
    pin = StringField(
        _l("Mã PIN (6 chữ số)"),
        validators=[
            InputRequired(_l("Xin nhập mã PIN gồm 6 chữ số.")),
            Regexp(r"^\s*\d{6}\s*$", message=_l("Mã PIN gồm đúng 6 chữ số.")),
        ],
    )


class ReopenForm(Form):
    """Why the citizen does not accept the answer."""

    reason = TextAreaField(
        _l("Vì sao Ông/Bà chưa đồng ý với trả lời?"),
        validators=[
            InputRequired(_l("Xin cho biết vì sao Ông/Bà chưa đồng ý với trả lời.")),
            Length(max=NOTE_MAX, message=_too_long),
            printable_text,
        ],
    )


def _note(label: object = None) -> TextAreaField:
    # A lazy label works (WTForms renders it with str()); its stubs want a str.
    return TextAreaField(
        label or _l("Ghi chú (lưu vào lịch sử xử lý)"),  # type: ignore[arg-type]
        validators=[Optional(), Length(max=NOTE_MAX, message=_too_long), printable_text],
    )


class NoteForm(Form):
    """A step that needs nothing but an optional note (start, close)."""

    note = _note()


class ClassifyForm(Form):
    """Which of the four classes of Nghị định 20/2008 the complaint falls in."""

    classification = RadioField(
        _l("Loại phản ánh"), validators=[InputRequired(_l("Xin chọn loại phản ánh."))]
    )
    note = _note()


class TakeForm(Form):
    """Take a complaint for oneself: classify it, assign it to me and start, in one form."""

    classification = RadioField(
        _l("Loại phản ánh"), validators=[InputRequired(_l("Xin chọn loại phản ánh."))]
    )
    note = _note()


class TransferForm(Form):
    """Transfer to the inspectorate: why (a denunciation, or payments beyond the fees)."""

    transfer_reason = RadioField(
        _l("Vì sao chuyển Thanh tra"),
        validators=[InputRequired(_l("Xin chọn vì sao chuyển Thanh tra."))],
    )
    note = _note()


class AssignForm(Form):
    """Who handles it."""

    assignee = SelectField(
        _l("Cán bộ xử lý"),
        coerce=int,
        validators=[InputRequired(_l("Xin chọn cán bộ xử lý."))],
    )
    note = _note()


class AnswerForm(Form):
    """The answer the citizen will read."""

    answer = TextAreaField(
        _l("Nội dung trả lời (người dân đọc được)"),
        validators=[
            InputRequired(_l("Xin viết nội dung trả lời.")),
            Length(max=BODY_MAX, message=_too_long),
            printable_text,
        ],
    )
    note = _note()


class ForwardForm(Form):
    """Where it goes, when another agency is competent."""

    destination = StringField(
        _l("Cơ quan nhận chuyển"),
        validators=[
            InputRequired(_l("Xin ghi cơ quan nhận chuyển.")),
            Length(max=200, message=_too_long),
            printable_text,
        ],
    )
    note = _note()


class RejectForm(Form):
    """Why it is not accepted (class a); the citizen reads the reason."""

    reason = TextAreaField(
        _l("Lý do không tiếp nhận (người dân đọc được)"),
        validators=[
            InputRequired(_l("Xin ghi lý do không tiếp nhận.")),
            Length(max=NOTE_MAX, message=_too_long),
            printable_text,
        ],
    )


class EraseContactForm(Form):
    """Erasing contact data at the citizen's request: how the request came is recorded."""

    note = TextAreaField(
        _l("Người dân yêu cầu xoá như thế nào, khi nào?"),
        validators=[
            InputRequired(_l("Xin ghi yêu cầu xoá của người dân.")),
            Length(max=500, message=_too_long),
            printable_text,
        ],
    )
