"""The system administrator's pages for API keys: list, create (secret shown once), revoke.

Integrators' credentials are system administration: the Department does not hold them.
"""

from __future__ import annotations

from flask import abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from forms.api import ApiKeyForm, RevokeKeyForm
from survey_app.api.blueprint import keys_bp
from survey_app.api.keys import centre_label, create_key, fetch_key, fetch_keys, revoke_key
from survey_app.core.access import roles_required
from survey_app.core.collation import sorted_vietnamese
from survey_app.core.form_data import required
from survey_app.core.pages import Page
from survey_app.core.scope import SYSTEM_ROLES
from survey_app.core.web_forms import valid_submission, web_form
from survey_app.extensions import db
from survey_app.models import ApiScope, Centre

SCOPE_LABELS = {
    ApiScope.MINT_CODES: _l("Cấp mã biên nhận"),
    ApiScope.PUSH_DOSSIER_FIGURES: _l("Gửi số liệu hồ sơ"),
    ApiScope.READ_INDICES: _l("Đọc số liệu quản lý"),
}


def _with_choices(form: ApiKeyForm) -> ApiKeyForm:
    form.scopes.choices = [(str(scope), str(label)) for scope, label in SCOPE_LABELS.items()]
    centres = db.session().scalars(select(Centre).where(Centre.active))
    form.centres.choices = [
        (c.id, centre_label(c)) for c in sorted_vietnamese(centres, centre_label)
    ]
    return form


@keys_bp.get("/quan-ly/khoa-api")
@roles_required(*SYSTEM_ROLES)
def list_api_keys() -> str:
    """Every key: prefix, system, scopes, centres, last use, revoked or not."""
    return render_template(
        "api/list_api_keys.html",
        keys=fetch_keys(db.session()),
        scope_labels=SCOPE_LABELS,
        centre_label=centre_label,
    )


@keys_bp.route("/quan-ly/khoa-api/moi", methods=["GET", "POST"])
@roles_required(*SYSTEM_ROLES)
def create_api_key() -> Page:
    """A new key; the whole key is shown on this response only."""
    form = _with_choices(web_form(ApiKeyForm))
    if not valid_submission(form):
        status = 400 if request.method == "POST" else 200
        return render_template("api/create_api_key.html", form=form), status
    session = db.session()
    chosen = form.centres.data or []
    centres = list(session.scalars(select(Centre).where(Centre.id.in_(chosen))))
    new = create_key(
        session,
        current_user,
        system_name=required(form.system_name.data),
        scopes=[ApiScope(s) for s in form.scopes.data or []],
        centres=centres,
        all_centres=bool(form.all_centres.data),
    )
    # Rendered here, not after a redirect: a flash travels in the signed, readable cookie.
    response = make_response(render_template("api/show_api_key.html", key=new.key, plain=new.plain))
    response.headers["Cache-Control"] = "no-store"
    return response


@keys_bp.route("/quan-ly/khoa-api/<int:key_id>/thu-hoi", methods=["GET", "POST"])
@roles_required(*SYSTEM_ROLES)
def revoke_api_key(key_id: int) -> Page | Response:
    """Ask to confirm, then revoke: the key's next call is refused."""
    key = fetch_key(db.session(), key_id)
    if key is None:
        abort(404)
    form = web_form(RevokeKeyForm)
    if valid_submission(form):
        revoke_key(db.session(), current_user, key)
        flash(_("Đã thu hồi khóa %(prefix)s.", prefix=key.prefix))
        return redirect(url_for(".list_api_keys"), code=303)
    return render_template("api/revoke_api_key.html", key=key, form=form)
