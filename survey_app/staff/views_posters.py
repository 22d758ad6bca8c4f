"""QR images and printable posters for the centres a manager looks after."""

from __future__ import annotations

from flask import Response, abort, current_app, render_template
from flask_login import current_user
from sqlalchemy import select

from survey_app.core.access import roles_required, visible_centres
from survey_app.core.qr.codes import POSTER_PREFIX, public_url
from survey_app.core.qr.images import qr_png, qr_svg
from survey_app.core.qr.pdf import poster_pdf, sticker_sheet_pdf
from survey_app.core.qr.service import ensure_poster_codes, place_label, poster_sheets
from survey_app.extensions import db
from survey_app.models import PROVINCE_ROLES, Centre, PosterCode, Role
from survey_app.staff.blueprint import bp

POSTER_ROLES = (*PROVINCE_ROLES, Role.MANAGER)


@bp.get("/ap-phich")
@roles_required(*POSTER_ROLES)
def list_posters() -> str:
    """Every place of the user's centres with its QR code and printable sheets."""
    centres = visible_centres(db.session(), current_user)
    codes = {c.id: ensure_poster_codes(db.session(), c) for c in centres}
    return render_template(
        "staff/list_posters.html",
        centres=centres,
        codes=codes,
        place_label=place_label,
        base_url=current_app.config["PUBLIC_BASE_URL"],
    )


@bp.get("/ap-phich/<key>.pdf")
@roles_required(*POSTER_ROLES)
def download_posters(key: str) -> Response:
    """One A4 poster per place of the centre."""
    return _pdf(poster_pdf(_sheets(key)), f"ap-phich-{key}.pdf")


@bp.get("/ap-phich/<key>-nhan-dan.pdf")
@roles_required(*POSTER_ROLES)
def download_stickers(key: str) -> Response:
    """A sheet of QR stickers for the centre's counters."""
    return _pdf(sticker_sheet_pdf(_sheets(key)), f"nhan-dan-{key}.pdf")


@bp.get("/ma-qr/<code>.<any(png, svg):kind>")
@roles_required(*POSTER_ROLES)
def show_qr(code: str, kind: str) -> Response:
    """The QR symbol of one poster code, as PNG or SVG."""
    poster = db.session.scalar(select(PosterCode).filter_by(code=code))
    if poster is None or not current_user.can_see_centre(poster.centre_id):
        abort(404)
    url = public_url(current_app.config["PUBLIC_BASE_URL"], POSTER_PREFIX, poster.code)
    if kind == "png":
        return Response(qr_png(url), mimetype="image/png")
    return Response(qr_svg(url), mimetype="image/svg+xml")


def _sheets(key: str) -> list:
    centre = db.session.scalar(select(Centre).filter_by(key=key))
    # A centre outside the user's scope is "not found", not "forbidden": no existence leak.
    if centre is None or not current_user.can_see_centre(centre.id):
        abort(404)
    return poster_sheets(db.session(), centre, current_app.config["PUBLIC_BASE_URL"])


def _pdf(content: bytes, filename: str) -> Response:
    return Response(
        content,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
