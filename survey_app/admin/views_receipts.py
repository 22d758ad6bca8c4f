"""One-time receipt codes: mint a batch (downloaded at once as a ZIP), list past batches."""

from __future__ import annotations

from flask import Response, current_app, render_template
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # WTForms 3.3

from forms.admin import ReceiptBatchForm
from survey_app.admin.blueprint import bp
from survey_app.admin.receipts import (
    batch_file_stem,
    batch_zip,
    fetch_batches,
    fetch_service_fields,
    mint_batch,
)
from survey_app.core.access import roles_required
from survey_app.core.form_data import required
from survey_app.core.pages import Page
from survey_app.core.scope import MANAGING_ROLES, my_centres, pick_centre, scoped_centre
from survey_app.core.web_forms import valid_submission, web_form
from survey_app.extensions import db
from survey_app.models import Centre, ServiceField


@bp.get("/ma-bien-nhan")
@roles_required(*MANAGING_ROLES)
def pick_receipt_centre() -> Page:
    """Which centre to mint codes for; straight there when the user has one."""
    return pick_centre("admin.list_receipt_batches", _("Mã QR in trên giấy hẹn"))


@bp.get("/ma-bien-nhan/<key>")
@roles_required(*MANAGING_ROLES)
def list_receipt_batches(key: str) -> str:
    """Past batches of the centre and the form to mint a new one."""
    centre = scoped_centre(key)
    return _render(centre, _with_choices(web_form(ReceiptBatchForm, formdata=None)))[0]


@bp.post("/ma-bien-nhan/<key>")
@roles_required(*MANAGING_ROLES)
def mint_receipts(key: str) -> Page:
    """Mint a batch and answer with the only copy of its codes: a ZIP of CSV and PDF."""
    centre = scoped_centre(key)
    form = _with_choices(web_form(ReceiptBatchForm))
    if not valid_submission(form):
        return _render(centre, form, status=400)
    chosen = form.service_field.data
    field = db.session.get(ServiceField, int(chosen)) if chosen else None
    batch = mint_batch(db.session(), current_user, centre, required(form.count.data), field)
    content = batch_zip(batch, current_app.config["PUBLIC_BASE_URL"])
    return Response(
        content,
        mimetype="application/zip",
        headers={
            "Content-Disposition": f'attachment; filename="{batch_file_stem(batch)}.zip"',
            # The codes must not linger in a browser or proxy cache.
            "Cache-Control": "no-store",
        },
    )


def _with_choices(form: ReceiptBatchForm) -> ReceiptBatchForm:
    fields = fetch_service_fields(db.session())
    form.service_field.choices = [SelectChoice("", _("Không gắn lĩnh vực"))] + [
        SelectChoice(str(f.id), f.name_vi) for f in fields
    ]
    return form


def _render(centre: Centre, form: ReceiptBatchForm, *, status: int = 200) -> tuple[str, int]:
    page = render_template(
        "admin/list_receipt_batches.html",
        centre=centre,
        form=form,
        batches=fetch_batches(db.session(), centre),
        show_picker=len(my_centres()) > 1,
    )
    return page, status
