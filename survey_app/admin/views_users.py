"""Staff accounts (the system administrator only) and every user's own password."""

from __future__ import annotations

from typing import TypeVar

from flask import abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user
from werkzeug.wrappers import Response as WerkzeugResponse
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # WTForms 3.3

from forms.admin import (
    AccountForm,
    AccountStatusForm,
    NewAccountForm,
    OwnPasswordForm,
    PasswordResetForm,
)
from survey_app.admin.blueprint import bp
from survey_app.admin.choice_labels import role_choices
from survey_app.admin.users import (
    OwnAccountError,
    UsernameTakenError,
    change_own_password,
    create_account,
    fetch_accounts,
    fetch_agencies,
    fetch_centres,
    generate_password,
    reset_password,
    set_account_active,
    update_account,
)
from survey_app.core.access import roles_required
from survey_app.core.audit import fetch_events
from survey_app.core.form_data import add_error, required
from survey_app.core.formatting import centre_options
from survey_app.core.pages import Page
from survey_app.core.role_labels import ROLE_LABELS
from survey_app.core.scope import ACCOUNT_ROLES, my_centres
from survey_app.core.web_forms import valid_submission, web_form
from survey_app.extensions import db
from survey_app.models import Agency, Role, User

F = TypeVar("F", bound=AccountForm)


@bp.get("/tai-khoan")
@roles_required(*ACCOUNT_ROLES)
def list_users() -> str:
    """Every staff account with its role, scope and status."""
    return render_template(
        "admin/list_users.html", users=fetch_accounts(db.session()), role_labels=ROLE_LABELS
    )


@bp.route("/tai-khoan/moi", methods=["GET", "POST"])
@roles_required(*ACCOUNT_ROLES)
def create_user() -> Page:
    """A new account; a generated password is shown once, on this response only."""
    form = _with_choices(web_form(NewAccountForm))
    if request.method == "GET":
        # The least powerful role, so that a slip of the mouse gives no one too much.
        form.role.data = Role.VIEWER.value
    if not valid_submission(form):
        status = 400 if request.method == "POST" else 200
        return render_template("admin/create_user.html", form=form), status
    password = form.password.data or generate_password()
    try:
        user = create_account(
            db.session(),
            current_user,
            username=required(form.username.data),
            full_name=required(form.full_name.data),
            email=form.email.data,
            role=Role(form.role.data),
            centres=fetch_centres(db.session(), form.centres.data or []),
            password=password,
            agency=_chosen_agency(form),
        )
    except UsernameTakenError:
        add_error(form.username, _("Tên đăng nhập này đã có người dùng."))
        return render_template("admin/create_user.html", form=form), 400
    if form.password.data:
        flash(_("Đã tạo tài khoản %(name)s.", name=user.username))
        return redirect(url_for(".list_users"), code=303)
    return _show_password_once(user, password)


@bp.route("/tai-khoan/<int:user_id>", methods=["GET", "POST"])
@roles_required(*ACCOUNT_ROLES)
def edit_user(user_id: int) -> Page:
    """Change an account's name, e-mail, role and centre scope."""
    user = db.get_or_404(User, user_id)
    form = _account_form(user) if request.method == "GET" else _with_choices(web_form(AccountForm))
    if valid_submission(form):
        try:
            changed = update_account(
                db.session(),
                current_user,
                user,
                full_name=required(form.full_name.data),
                email=form.email.data,
                role=Role(form.role.data),
                centres=fetch_centres(db.session(), form.centres.data or []),
                agency=_chosen_agency(form),
            )
        except OwnAccountError:
            add_error(form.role, _("Không thể tự thay đổi vai trò của chính mình."))
        else:
            flash(_("Đã lưu thay đổi.") if changed else _("Không có gì thay đổi."))
            return redirect(url_for(".edit_user", user_id=user.id), code=303)
    return _render_edit(user, form, status=200 if request.method == "GET" else 400)


@bp.post("/tai-khoan/<int:user_id>/trang-thai")
@roles_required(*ACCOUNT_ROLES)
def set_user_status(user_id: int) -> WerkzeugResponse:
    """Disable an account (ending its sessions) or enable it again."""
    user = db.get_or_404(User, user_id)
    form = web_form(AccountStatusForm)
    if not valid_submission(form):
        abort(400)
    try:
        set_account_active(db.session(), current_user, user, active=form.active.data == "1")
    except OwnAccountError:
        flash(_("Không thể tự khoá tài khoản của chính mình."))
    else:
        flash(_("Đã mở lại tài khoản.") if user.active else _("Đã khoá tài khoản."))
    return redirect(url_for(".edit_user", user_id=user.id), code=303)


@bp.post("/tai-khoan/<int:user_id>/mat-khau")
@roles_required(*ACCOUNT_ROLES)
def reset_user_password(user_id: int) -> Page:
    """Set a temporary password (typed or generated); the user's sessions end."""
    user = db.get_or_404(User, user_id)
    if user.id == current_user.id:
        # One's own password changes behind the current one, so that a borrowed
        # session cannot take the account over.
        return redirect(url_for(".change_password"), code=303)
    form = web_form(PasswordResetForm)
    if not valid_submission(form):
        return _render_edit(user, _account_form(user), reset=form, status=400)
    password = form.password.data or generate_password()
    reset_password(db.session(), current_user, user, password)
    if form.password.data:
        flash(_("Đã đặt mật khẩu tạm thời mới. Các phiên đăng nhập cũ đã kết thúc."))
        return redirect(url_for(".edit_user", user_id=user.id), code=303)
    return _show_password_once(user, password)


@bp.route("/mat-khau", methods=["GET", "POST"])
@login_required
def change_password() -> Page:
    """Any staff member changes their own password, behind the current one."""
    form = web_form(OwnPasswordForm)
    if valid_submission(form):
        if change_own_password(
            db.session(), current_user, required(form.current.data), required(form.new.data)
        ):
            # The change ended every session; keep this one, in this browser, going.
            login_user(current_user._get_current_object())
            flash(_("Đã đổi mật khẩu. Các thiết bị khác đã bị đăng xuất."))
            return redirect(url_for("staff.show_index"), code=303)
        add_error(form.current, _("Mật khẩu hiện tại không đúng."))
    status = 400 if request.method == "POST" else 200
    return render_template("admin/change_password.html", form=form), status


def _with_choices(form: F) -> F:
    form.role.choices = role_choices()
    form.centres.choices = [
        SelectChoice(str(i), label, {"title": name})
        for i, label, name in centre_options(my_centres())
    ]
    form.agency.choices = [SelectChoice("0", "—")] + [
        SelectChoice(str(a.id), a.name) for a in fetch_agencies(db.session())
    ]
    return form


def _chosen_agency(form: AccountForm) -> Agency | None:
    """The agency picked in ``form`` (validated against the choices), or None."""
    return db.session.get(Agency, form.agency.data) if form.agency.data else None


def _account_form(user: User) -> AccountForm:
    """The account form filled from ``user``, whatever the request carries."""
    form = _with_choices(web_form(AccountForm, formdata=None, obj=user))
    form.role.data = user.role.value
    form.centres.data = [c.id for c in user.centres]
    form.agency.data = user.agency_id or 0
    return form


def _render_edit(
    user: User, form: AccountForm, *, reset: PasswordResetForm | None = None, status: int = 200
) -> tuple[str, int]:
    page = render_template(
        "admin/edit_user.html",
        user=user,
        form=form,
        reset=reset or web_form(PasswordResetForm, formdata=None),
        status_form=web_form(AccountStatusForm, formdata=None),
        events=fetch_events(db.session(), target_type="user", target_id=user.id)[:20],
        is_self=user.id == current_user.id,
    )
    return page, status


def _show_password_once(user: User, password: str) -> WerkzeugResponse:
    """The password in this response only: never in a flash, a URL, a log or a cache.

    Flash messages travel in the signed (not encrypted) session cookie, which is why
    the password is rendered here instead of after a redirect.
    """
    response = make_response(
        render_template("admin/show_password.html", user=user, password=password)
    )
    response.headers["Cache-Control"] = "no-store"
    return response
