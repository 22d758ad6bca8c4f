"""Forms of the criterion tracker: the workbook upload, an assignment, last year's result."""

from __future__ import annotations

from wtforms import (
    Field,
    FileField,
    Form,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.form import BaseForm
from wtforms.validators import (
    InputRequired,
    Length,
    NumberRange,
    Optional,
    StopValidation,
    ValidationError,
)

from forms.fields import DateField, DecimalField
from forms.text import lazy_text as _l
from forms.validators import printable_text


class OptionalDateField(DateField):
    """A date that may be left empty (then None); anything typed must be a date."""

    def pre_validate(self, form: BaseForm) -> None:
        if not self.raw_data or not str(self.raw_data[0]).strip():
            # Empty is not "a date written wrong": drop the parse error WTForms recorded.
            self.process_errors = []
            self.errors = []
            self.data = None
            raise StopValidation()
        super().pre_validate(form)


class WorkbookUploadForm(Form):
    """An Excel file in the template's layout."""

    workbook = FileField(
        _l("Tệp Excel (.xlsx)"),
        validators=[InputRequired(_l("Xin chọn một tệp Excel."))],
    )

    def validate_workbook(self, field: Field) -> None:
        # Text sent under the file's name (not a file part) is no file to read.
        if not callable(getattr(field.data, "read", None)):
            raise ValidationError(_l("Xin chọn một tệp Excel."))


class AssignmentForm(Form):
    """Who leads a component criterion, who supports, by when, which product."""

    lead = SelectField(_l("Cơ quan chủ trì"), coerce=int, validators=[InputRequired()])
    supporting = SelectMultipleField(
        _l("Cơ quan phối hợp"),
        coerce=int,
        description=_l("Giữ phím Ctrl để chọn nhiều cơ quan."),
    )
    deadline = OptionalDateField(_l("Thời hạn"))
    product = StringField(_l("Sản phẩm"), validators=[Optional(), Length(max=500), printable_text])


class LastYearForm(Form):
    """Last year's points of a component criterion and why points were lost."""

    points_self = DecimalField(
        _l("Điểm tự đánh giá"), validators=[Optional(), NumberRange(min=0, max=100)]
    )
    points_appraised = DecimalField(
        _l("Điểm thẩm định"), validators=[Optional(), NumberRange(min=0, max=100)]
    )
    cause = TextAreaField(
        _l("Nguyên nhân mất điểm"), validators=[Optional(), Length(max=2000), printable_text]
    )
    # 0: no agency named.
    responsible = SelectField(_l("Cơ quan chịu trách nhiệm"), coerce=int, default=0)
