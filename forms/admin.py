"""Forms of the administration side. Choices (roles, centres, fields) come from the view."""

from __future__ import annotations

from datetime import date, timedelta

from wtforms import (
    BooleanField,
    Field,
    FileField,
    Form,
    HiddenField,
    IntegerField,
    PasswordField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
)
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # WTForms 3.3
from wtforms.validators import (
    AnyOf,
    EqualTo,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)

from forms.dates import local_today
from forms.fields import DateField
from forms.text import lazy_text as _l
from forms.validators import printable_text

MIN_PASSWORD_LENGTH = 12
MAX_RECEIPT_CODES = 2000  # one print run; the CLI allows bigger batches
ADMIN_ROLE = "admin"
DEPARTMENT_ROLE = "department"
AGENCY_ROLE = "agency"
# Neither the province's roles (administrator, Department) nor an agency user work for a centre.
UNSCOPED_ROLES = (ADMIN_ROLE, DEPARTMENT_ROLE, AGENCY_ROLE)
PERIODS = ("W", "M", "Q", "Y")
FORMATS = ("xlsx", "csv")

_PASSWORD_TOO_SHORT = _l("Mật khẩu cần ít nhất %(n)d ký tự.", n=MIN_PASSWORD_LENGTH)


def _optional_password(label: object) -> PasswordField:
    # A lazy label works (WTForms renders it with str()); its stubs want a str.
    return PasswordField(
        label,  # type: ignore[arg-type]
        validators=[
            Optional(strip_whitespace=False),
            Length(min=MIN_PASSWORD_LENGTH, max=200, message=_PASSWORD_TOO_SHORT),
            printable_text,
        ],
    )


class AccountForm(Form):
    """Name, e-mail, role and centre scope of a staff account."""

    full_name = StringField(
        _l("Họ và tên"),
        validators=[InputRequired(_l("Xin nhập họ và tên.")), Length(max=120), printable_text],
    )
    email = StringField(
        _l("Thư điện tử"),
        validators=[
            Optional(),
            Length(max=200),
            Regexp(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", message=_l("Thư điện tử chưa đúng dạng.")),
        ],
    )
    role = SelectField(_l("Vai trò"), validators=[InputRequired()], validate_choice=True)
    centres = SelectMultipleField(
        _l("Trung tâm phụ trách"),
        coerce=int,
        description=_l("Giữ phím Ctrl để chọn nhiều trung tâm. Quản trị viên không cần chọn."),
    )
    # 0: none (every role but the agency user's).
    agency = SelectField(
        _l("Cơ quan"),
        coerce=int,
        default=0,
        description=_l("Chỉ cho tài khoản cơ quan: cơ quan mà tài khoản báo cáo thay."),
    )

    def validate_centres(self, field: Field) -> None:
        if self.role.data not in UNSCOPED_ROLES and not field.data:
            raise ValidationError(_l("Xin chọn ít nhất một trung tâm cho tài khoản này."))

    def validate_agency(self, field: Field) -> None:
        if self.role.data == AGENCY_ROLE and not field.data:
            raise ValidationError(_l("Xin chọn cơ quan cho tài khoản cơ quan."))


class NewAccountForm(AccountForm):
    """A new account: a username and, optionally, a temporary password."""

    username = StringField(
        _l("Tên đăng nhập"),
        description=_l("Chữ thường không dấu, số, dấu chấm, gạch ngang; 3 đến 80 ký tự."),
        validators=[
            InputRequired(_l("Xin nhập tên đăng nhập.")),
            Regexp(
                r"^[a-z0-9._-]{3,80}$",
                message=_l("Tên đăng nhập chỉ gồm chữ thường không dấu, số, dấu chấm, gạch ngang."),
            ),
        ],
    )
    password = _optional_password(_l("Mật khẩu tạm thời"))


class PasswordResetForm(Form):
    """A temporary password typed by the administrator, or none to generate one."""

    password = _optional_password(_l("Mật khẩu tạm thời mới"))


class AccountStatusForm(Form):
    """Disable ("0") or enable ("1") an account."""

    active = HiddenField(validators=[AnyOf(["0", "1"])])


class OwnPasswordForm(Form):
    """A user's own new password, behind the current one."""

    current = PasswordField(
        _l("Mật khẩu hiện tại"),
        validators=[InputRequired(_l("Xin nhập mật khẩu hiện tại.")), Length(max=200)],
    )
    new = PasswordField(
        _l("Mật khẩu mới"),
        description=_l(
            "Ít nhất %(n)d ký tự; một câu dễ nhớ là mật khẩu tốt.", n=MIN_PASSWORD_LENGTH
        ),
        validators=[
            InputRequired(_l("Xin nhập mật khẩu mới.")),
            Length(min=MIN_PASSWORD_LENGTH, max=200, message=_PASSWORD_TOO_SHORT),
            printable_text,
        ],
    )
    confirm = PasswordField(
        _l("Nhập lại mật khẩu mới"),
        validators=[EqualTo("new", message=_l("Hai lần nhập mật khẩu mới không khớp nhau."))],
    )


class CounterForm(Form):
    """A new counter: its number and name."""

    number = IntegerField(
        _l("Số quầy"),
        validators=[
            InputRequired(_l("Xin nhập số quầy.")),
            NumberRange(min=1, max=999, message=_l("Số quầy từ 1 đến 999.")),
        ],
    )
    name = StringField(
        _l("Tên quầy"),
        validators=[InputRequired(_l("Xin nhập tên quầy.")), Length(max=120), printable_text],
    )


class CounterRenameForm(Form):
    """A counter's new name."""

    name = StringField(
        _l("Tên mới"),
        validators=[InputRequired(_l("Xin nhập tên quầy.")), Length(max=120), printable_text],
    )


class CounterStatusForm(Form):
    """Close ("0") or reopen ("1") a counter."""

    active = HiddenField(validators=[AnyOf(["0", "1"])])


class ReceiptBatchForm(Form):
    """How many one-time codes to mint, optionally for one service field."""

    count = IntegerField(
        _l("Số mã cần tạo"),
        validators=[
            InputRequired(_l("Xin nhập số mã cần tạo.")),
            NumberRange(
                min=1,
                max=MAX_RECEIPT_CODES,
                message=_l("Mỗi lần tạo từ 1 đến %(n)d mã.", n=MAX_RECEIPT_CODES),
            ),
        ],
    )
    service_field = SelectField(_l("Lĩnh vực (không bắt buộc)"), default="", validate_choice=True)


class DossierCountForm(Form):
    """Dossiers a centre received in one week."""

    week_start = DateField(
        _l("Tuần bắt đầu từ thứ Hai"),
        validators=[InputRequired(_l("Xin chọn ngày thứ Hai đầu tuần."))],
    )
    dossiers = IntegerField(
        _l("Số hồ sơ tiếp nhận trong tuần"),
        validators=[
            InputRequired(_l("Xin nhập số hồ sơ.")),
            NumberRange(min=0, max=1_000_000, message=_l("Số hồ sơ phải từ 0 trở lên.")),
        ],
    )

    def validate_week_start(self, field: Field) -> None:
        if field.data.weekday() != 0:
            raise ValidationError(_l("Xin chọn ngày thứ Hai đầu tuần."))
        if field.data > local_today():
            raise ValidationError(_l("Tuần này chưa bắt đầu."))


class ExportFilterForm(Form):
    """Which responses an export is about."""

    centres = SelectMultipleField(
        _l("Trung tâm"),
        coerce=int,
        description=_l("Để trống để lấy tất cả các trung tâm Ông/Bà phụ trách."),
    )
    start = DateField(_l("Từ ngày"), validators=[InputRequired(_l("Xin chọn ngày bắt đầu."))])
    end = DateField(_l("Đến ngày"), validators=[InputRequired(_l("Xin chọn ngày kết thúc."))])
    channel = SelectField(_l("Kênh"), default="", validate_choice=True)
    include_suspect = BooleanField(_l("Gồm cả phiếu nghi vấn"))
    file_format = RadioField(
        _l("Định dạng tệp"),
        choices=[SelectChoice("xlsx", _l("Excel (.xlsx)")), SelectChoice("csv", _l("CSV (UTF-8)"))],
        default="xlsx",
        validators=[InputRequired()],
    )

    def validate_end(self, field: Field) -> None:
        if self.start.data and field.data and field.data < self.start.data:
            raise ValidationError(_l("Ngày kết thúc phải sau ngày bắt đầu."))

    def fill_defaults(self, today: date) -> None:
        """The last four full weeks, Monday to Sunday."""
        this_monday = today - timedelta(days=today.weekday())
        self.start.data = this_monday - timedelta(weeks=4)
        self.end.data = this_monday - timedelta(days=1)


class AggregateExportForm(ExportFilterForm):
    """An export filter and the period to group by."""

    period = SelectField(
        _l("Gộp theo"),
        choices=[
            SelectChoice("W", _l("Tuần")),
            SelectChoice("M", _l("Tháng")),
            SelectChoice("Q", _l("Quý")),
            SelectChoice("Y", _l("Năm")),
        ],
        default="M",
        validate_choice=True,
    )


class DossierUploadForm(Form):
    """A CSV or Excel file of weekly dossier counts, in the template's columns."""

    dossier_file = FileField(
        _l("Tệp CSV hoặc Excel (.xlsx)"),
        validators=[InputRequired(_l("Xin chọn một tệp."))],
    )

    def validate_dossier_file(self, field: Field) -> None:
        # Text sent under the file's name (not a file part) is no file to read.
        if not callable(getattr(field.data, "read", None)):
            raise ValidationError(_l("Xin chọn một tệp."))
