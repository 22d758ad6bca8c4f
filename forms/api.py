"""Forms of the API keys pages. Scope and centre choices come from the view."""

from __future__ import annotations

from wtforms import BooleanField, Field, Form, SelectMultipleField, StringField
from wtforms.validators import InputRequired, Length, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from forms.text import lazy_text as _l
from forms.validators import printable_text


class ApiKeyForm(Form):
    """A new key: which system it is for, what it may do, for which centres."""

    system_name = StringField(
        _l("Hệ thống tích hợp"),
        description=_l("Ví dụ: Hệ thống thông tin giải quyết TTHC tỉnh."),
        validators=[
            InputRequired(_l("Xin nhập tên hệ thống.")),
            Length(max=120),
            printable_text,
        ],
    )
    # Check boxes, not a multiple select: a phone has no Ctrl key, and a box per line
    # shows every choice whole.
    scopes = SelectMultipleField(
        _l("Quyền"),
        validators=[InputRequired(_l("Xin chọn ít nhất một quyền."))],
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
    )
    all_centres = BooleanField(_l("Mọi trung tâm"))
    centres = SelectMultipleField(
        _l("Trung tâm"),
        coerce=int,
        description=_l("Chọn một hay nhiều trung tâm. Bỏ qua nếu chọn mọi trung tâm."),
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
    )

    def validate_centres(self, field: Field) -> None:
        if not self.all_centres.data and not field.data:
            raise ValidationError(_l("Xin chọn ít nhất một trung tâm, hoặc mọi trung tâm."))


class RevokeKeyForm(Form):
    """Confirm revoking a key: the form carries only its CSRF token."""
