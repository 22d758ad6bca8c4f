"""Counters of a centre, for its managers and for administrators."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response as WerkzeugResponse

from forms.admin import CounterForm, CounterRenameForm, CounterStatusForm
from survey_app.admin.blueprint import bp
from survey_app.admin.counters import (
    CounterNumberTakenError,
    add_counter,
    fetch_counter,
    fetch_counters,
    poster_codes_by_counter,
    rename_counter,
    set_counter_active,
)
from survey_app.core.access import roles_required
from survey_app.core.form_data import add_error, required
from survey_app.core.pages import Page
from survey_app.core.responses.places import forget_places
from survey_app.core.scope import MANAGING_ROLES, my_centres, pick_centre, scoped_centre
from survey_app.core.web_forms import valid_submission, web_form
from survey_app.extensions import db
from survey_app.models import Centre, Counter


@bp.get("/quay")
@roles_required(*MANAGING_ROLES)
def pick_counter_centre() -> Page:
    """Which centre's counters to manage; straight there when the user has one."""
    return pick_centre("admin.list_counters", _("Quầy giao dịch"))


@bp.get("/quay/<key>")
@roles_required(*MANAGING_ROLES)
def list_counters(key: str) -> str:
    """The centre's counters, with forms to add, rename, close and reopen."""
    return _render_counters(scoped_centre(key), web_form(CounterForm, formdata=None))[0]


@bp.post("/quay/<key>")
@roles_required(*MANAGING_ROLES)
def create_counter(key: str) -> Page:
    """Add a counter; it gets a poster code at once."""
    centre = scoped_centre(key)
    form = web_form(CounterForm)
    if not valid_submission(form):
        return _render_counters(centre, form, status=400)
    try:
        counter = add_counter(
            db.session(), current_user, centre, required(form.number.data), required(form.name.data)
        )
    except CounterNumberTakenError:
        add_error(form.number, _("Trung tâm đã có quầy số này."))
        return _render_counters(centre, form, status=400)
    flash(_("Đã thêm quầy %(n)d và tạo mã QR cho quầy.", n=counter.number))
    return redirect(url_for(".list_counters", key=centre.key), code=303)


@bp.post("/quay/<key>/<int:counter_id>/ten")
@roles_required(*MANAGING_ROLES)
def update_counter_name(key: str, counter_id: int) -> WerkzeugResponse:
    """Rename a counter."""
    centre, counter = _counter_or_404(key, counter_id)
    form = web_form(CounterRenameForm)
    if valid_submission(form):
        rename_counter(db.session(), current_user, counter, required(form.name.data))
        forget_places()
        flash(_("Đã đổi tên quầy %(n)d.", n=counter.number))
    else:
        flash(_("Tên quầy chưa hợp lệ: xin nhập từ 1 đến 120 ký tự."))
    return redirect(url_for(".list_counters", key=centre.key), code=303)


@bp.post("/quay/<key>/<int:counter_id>/trang-thai")
@roles_required(*MANAGING_ROLES)
def set_counter_status(key: str, counter_id: int) -> WerkzeugResponse:
    """Close a counter or reopen it."""
    centre, counter = _counter_or_404(key, counter_id)
    form = web_form(CounterStatusForm)
    if not valid_submission(form):
        abort(400)
    set_counter_active(db.session(), current_user, counter, active=form.active.data == "1")
    forget_places()
    flash(_("Đã mở lại quầy.") if counter.active else _("Đã ngừng hoạt động quầy."))
    return redirect(url_for(".list_counters", key=centre.key), code=303)


def _counter_or_404(key: str, counter_id: int) -> tuple[Centre, Counter]:
    centre = scoped_centre(key)
    counter = fetch_counter(db.session(), centre, counter_id)
    if counter is None:
        abort(404)
    return centre, counter


def _render_counters(centre: Centre, form: CounterForm, *, status: int = 200) -> tuple[str, int]:
    page = render_template(
        "admin/list_counters.html",
        centre=centre,
        counters=fetch_counters(db.session(), centre),
        codes=poster_codes_by_counter(db.session(), centre),
        form=form,
        show_picker=len(my_centres()) > 1,
        status_form=web_form(CounterStatusForm, formdata=None),
        rename_form=web_form(CounterRenameForm, formdata=None),
    )
    return page, status
