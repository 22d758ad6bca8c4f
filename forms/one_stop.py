"""The staff form for one day of the one-stop system's figures.

Only the shape is checked here (a date, whole numbers); what the figures must satisfy
together (no negatives, apologies within late results, no day to come) is checked once,
by the service that stores them, for this form and for the API alike.
"""

from __future__ import annotations

from wtforms import Form, IntegerField
from wtforms.validators import InputRequired

from forms.fields import DateField
from forms.text import lazy_text as _l


def _count(label: str) -> IntegerField:
    return IntegerField(label, validators=[InputRequired(_l("Xin nhập một số nguyên."))])


class OneStopDayForm(Form):
    """A centre's dossier figures for one day, as the one-stop system reports them."""

    day = DateField(_l("Ngày"), validators=[InputRequired(_l("Xin chọn ngày."))])
    received = _count(_l("Số hồ sơ tiếp nhận"))
    on_time = _count(_l("Số kết quả trả đúng hạn"))
    late = _count(_l("Số kết quả trả trễ hạn"))
    late_apologised = _count(_l("Số kết quả trễ hạn có văn bản xin lỗi"))
    supplemented_repeatedly = _count(_l("Số hồ sơ yêu cầu bổ sung quá một lần"))
