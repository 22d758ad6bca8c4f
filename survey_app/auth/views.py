"""Sign-in and sign-out views."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from werkzeug.wrappers import Response as WerkzeugResponse

from forms.auth import LoginForm, LogoutForm
from survey_app.auth.blueprint import bp
from survey_app.core import lockouts
from survey_app.core.accounts import authenticate, end_all_sessions
from survey_app.core.form_data import add_error
from survey_app.core.web_forms import valid_submission, web_form
from survey_app.extensions import db, limiter
from survey_app.navigation import landing_url


def login_rate_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


@bp.route("/dang-nhap", methods=["GET", "POST"])
@limiter.limit(login_rate_limit, methods=["POST"])
def log_in() -> str | tuple[str, int] | tuple[str, int, dict[str, str]] | WerkzeugResponse:
    """The staff sign-in page: throttled per address; wrong passwords lock out per account
    (survey_app.core.lockouts), unknown user names as much as real ones."""
    form = web_form(LoginForm)
    if valid_submission(form):
        username = (form.username.data or "").strip().lower()
        attempt = lockouts.begin_request_guess("password", username, "LOGIN_LOCKOUT")
        if attempt.refused:
            add_error(form.password, lockouts.too_many_guesses(attempt))
            return render_template("auth/log_in.html", form=form), 429, attempt.headers
        user = authenticate(db.session(), form.username.data or "", form.password.data or "")
        lockouts.settle(db.session(), attempt, correct=user is not None)
        if user is not None:
            login_user(user)
            return redirect(_safe_next(request.args.get("next")) or landing_url(db.session(), user))
        add_error(form.password, _("Tên đăng nhập hoặc mật khẩu không đúng."))
        return render_template("auth/log_in.html", form=form), 401
    return render_template("auth/log_in.html", form=form)


@bp.post("/dang-xuat")
@login_required
def log_out() -> WerkzeugResponse:
    """End this user's sessions everywhere, not only the cookie in this browser."""
    if valid_submission(web_form(LogoutForm)):
        end_all_sessions(db.session(), current_user)
        logout_user()
        flash(_("Đã đăng xuất."))
    return redirect(url_for("main.show_home"))


def _safe_next(target: str | None) -> str | None:
    """Only a path on this site (None otherwise): never send a signed-in user elsewhere."""
    if target and target.startswith("/") and not target.startswith("//"):
        parts = urlsplit(target)
        if not parts.netloc and not parts.scheme:
            return target
    return None
