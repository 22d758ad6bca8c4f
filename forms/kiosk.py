"""Turning a tablet into a kiosk."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField
from wtforms.validators import InputRequired


class KioskForm(FlaskForm):
    """Which place (a poster code of the user's centres) the kiosk serves."""

    code = SelectField(
        _l("Nơi đặt máy tính bảng"), validators=[InputRequired()], validate_choice=True
    )
