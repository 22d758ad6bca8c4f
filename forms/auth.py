"""Staff sign-in."""

from __future__ import annotations

from wtforms import Form, PasswordField, StringField
from wtforms.validators import InputRequired, Length

from forms.text import lazy_text as _l
from forms.validators import printable_text


class LoginForm(Form):
    """Username and password; the account is checked by the auth service, not here."""

    username = StringField(
        _l("Tên đăng nhập"),
        validators=[InputRequired(_l("Xin nhập tên đăng nhập.")), Length(max=80), printable_text],
    )
    password = PasswordField(
        _l("Mật khẩu"),
        validators=[InputRequired(_l("Xin nhập mật khẩu.")), Length(max=200), printable_text],
    )


class LogoutForm(Form):
    """Only the CSRF token: signing out is a POST, so no link can sign someone out."""
