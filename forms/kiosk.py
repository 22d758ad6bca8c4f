"""Turning a tablet into a kiosk."""

from __future__ import annotations

from wtforms import Form, SelectField
from wtforms.validators import InputRequired

from forms.text import lazy_text as _l


class KioskForm(Form):
    """Which place (a poster code of the user's centres) the kiosk serves."""

    code = SelectField(
        _l("Nơi đặt máy tính bảng"), validators=[InputRequired()], validate_choice=True
    )
