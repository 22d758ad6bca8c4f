"""Forms of the tracker's monthly cycle: a period, a report, a review, a remediation task."""

from __future__ import annotations

from wtforms import (
    BooleanField,
    Field,
    FileField,
    Form,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # WTForms 3.3
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from forms.fields import DateField, DecimalField
from forms.text import lazy_text as _l
from forms.tracker import OptionalDateField
from forms.validators import printable_text

PROGRESS_CHOICES = [
    SelectChoice("on_track", _l("Đúng tiến độ")),
    SelectChoice("behind", _l("Chậm tiến độ")),
    SelectChoice("at_risk", _l("Có nguy cơ mất điểm")),
    SelectChoice("done", _l("Đã hoàn thành")),
]
TASK_STATUS_CHOICES = [
    SelectChoice("planned", _l("Chưa bắt đầu")),
    SelectChoice("in_progress", _l("Đang thực hiện")),
    SelectChoice("done", _l("Đã xong")),
]


class PeriodForm(Form):
    """A month to report on (any day of it) and the deadline for its reports."""

    month = DateField(_l("Tháng báo cáo"), validators=[InputRequired()])
    deadline = DateField(_l("Hạn gửi báo cáo"), validators=[InputRequired()])


class ReportForm(Form):
    """An agency's monthly report: progress, the rule's value, explanation, a file."""

    progress = SelectField(_l("Tình trạng"), choices=PROGRESS_CHOICES, default="on_track")
    value_number = DecimalField(_l("Giá trị đo được"), validators=[Optional()])
    value_date = OptionalDateField(_l("Ngày hoàn thành"))
    value_bool = SelectField(
        _l("Đã thực hiện?"),
        choices=[
            SelectChoice("", "—"),
            SelectChoice("yes", _l("Có")),
            SelectChoice("no", _l("Chưa")),
        ],
        default="",
    )
    explanation = TextAreaField(
        _l("Giải trình"), validators=[Optional(), Length(max=4000), printable_text]
    )
    evidence = FileField(
        _l("Tài liệu kiểm chứng (PDF, PNG, JPEG, WebP)"),
        description=_l("Bản scan có chữ ký hoặc ảnh chụp; kiểm tra theo nội dung tệp."),
    )
    send = BooleanField(_l("Gửi Sở Nội vụ ngay sau khi lưu"))

    def validate_evidence(self, field: Field) -> None:
        # Text under the file's name (no file part), or a file input left empty (a part
        # without a file name), is simply no file.
        if not callable(getattr(field.data, "read", None)) or not getattr(
            field.data, "filename", ""
        ):
            field.data = None


class ReviewForm(Form):
    """The Department's decision on a submitted report."""

    decision = RadioField(
        _l("Quyết định"),
        choices=[
            SelectChoice("accept", _l("Chấp nhận")),
            SelectChoice("return", _l("Trả lại để bổ sung")),
        ],
        validators=[InputRequired()],
    )
    # Not Optional(): that would stop the chain before validate_comment on an empty one.
    comment = TextAreaField(_l("Nhận xét"), validators=[Length(max=2000), printable_text])

    def validate_comment(self, field: Field) -> None:
        if self.decision.data == "return" and not (field.data or "").strip():
            raise ValidationError(_l("Khi trả lại, xin ghi rõ cần bổ sung gì."))


class TaskForm(Form):
    """One task of a remediation plan."""

    person = StringField(
        _l("Người chịu trách nhiệm"),
        validators=[InputRequired(), Length(max=200), printable_text],
    )
    what = TextAreaField(
        _l("Nội dung công việc"), validators=[InputRequired(), Length(max=2000), printable_text]
    )
    product = StringField(_l("Sản phẩm"), validators=[Optional(), Length(max=500), printable_text])
    deadline = DateField(_l("Thời hạn"), validators=[InputRequired()])
    status = SelectField(_l("Trạng thái"), choices=TASK_STATUS_CHOICES, default="planned")
