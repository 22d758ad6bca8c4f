"""Forms for running a SIPAS survey campaign: create it, draw its sample, open or close it."""

from __future__ import annotations

import re

from wtforms import Field, FloatField, Form, IntegerField, SelectField, StringField
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # WTForms 3.3
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from forms.fields import DateField
from forms.text import lazy_text as _l
from forms.validators import printable_text

# "2026-Q3", "2026-07" or "2026": the labels the reports and analysis.add_period use.
PERIOD_PATTERN = re.compile(r"^\d{4}(-Q[1-4]|-(0[1-9]|1[0-2]))?$")


class CampaignForm(Form):
    """A new campaign: what it is called, which period it measures, its dates and margin."""

    name = StringField(
        _l("Tên đợt khảo sát"),
        validators=[
            InputRequired(_l("Xin nhập tên đợt khảo sát.")),
            Length(max=200),
            printable_text,
        ],
    )
    period = StringField(
        _l("Kỳ báo cáo (ví dụ 2026-Q3, 2026-07 hoặc 2026)"),
        validators=[InputRequired(_l("Xin nhập kỳ báo cáo."))],
    )
    starts_on = DateField(_l("Ngày bắt đầu"), validators=[InputRequired(_l("Xin nhập ngày."))])
    ends_on = DateField(_l("Ngày kết thúc"), validators=[InputRequired(_l("Xin nhập ngày."))])
    margin = FloatField(
        _l("Sai số cho phép e (công thức Yamane)"),
        default=0.05,
        validators=[
            InputRequired(_l("Xin nhập sai số, ví dụ 0,05.")),
            NumberRange(0.01, 0.2, _l("Sai số phải từ 0,01 đến 0,2.")),
        ],
    )

    def validate_period(self, field: Field) -> None:
        field.data = (field.data or "").strip().upper()
        if not PERIOD_PATTERN.match(field.data):
            raise ValidationError(_l("Kỳ báo cáo phải có dạng 2026-Q3, 2026-07 hoặc 2026."))

    def validate_ends_on(self, field: Field) -> None:
        if self.starts_on.data and field.data and field.data < self.starts_on.data:
            raise ValidationError(_l("Ngày kết thúc phải sau ngày bắt đầu."))


class DrawForm(Form):
    """How many communes to draw, and the seed that makes the draw reproducible."""

    communes = IntegerField(
        _l("Số xã, phường cần chọn"),
        default=10,
        validators=[
            InputRequired(_l("Xin nhập số xã, phường.")),
            NumberRange(1, 200, _l("Số xã, phường phải từ 1 trở lên.")),
        ],
    )
    seed = IntegerField(
        _l("Số khởi tạo ngẫu nhiên (để trống: máy tự chọn)"),
        validators=[Optional(), NumberRange(0, 2**31 - 1)],
    )


class StatusForm(Form):
    """Open or close a campaign."""

    status = SelectField(
        _l("Trạng thái"),
        choices=[SelectChoice("open", _l("Mở nhận phiếu")), SelectChoice("closed", _l("Đóng"))],
        validators=[InputRequired()],
    )
