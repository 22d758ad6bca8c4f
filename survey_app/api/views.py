"""The API's routes: receipt codes per dossier, centres, published and managers' figures."""

from __future__ import annotations

import calendar
import re
from datetime import date

from flask import current_app, g, jsonify, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.wrappers import Response

from survey_app.api import figures
from survey_app.api.blueprint import bp
from survey_app.api.keys import record_call
from survey_app.api.minting import CodeClashError, code_is_for, mint_dossier_code
from survey_app.api.operations import (
    Operation,
    QueryParam,
    current_key,
    operation,
    query_value,
    require_centre,
)
from survey_app.api.schemas import (
    CODE_PATTERN,
    PERIOD_PATTERN,
    CentreFigures,
    CentreList,
    Indices,
    MintedCode,
    MintRequest,
    ProblemDocument,
)
from survey_app.core.problems import FieldError, Problem
from survey_app.core.qr.codes import RECEIPT_PREFIX, public_url
from survey_app.core.qr.images import qr_png, qr_svg
from survey_app.core.qr.service import fetch_centre, fetch_service_field
from survey_app.extensions import db
from survey_app.models import ApiScope

LEVELS = ("centre", "commune", "province")
PERIOD_PARAM = QueryParam(
    "period",
    _l("Tháng, dạng YYYY-MM; bỏ trống: 12 tuần trọn gần nhất như trang công khai."),
    {"type": "string", "pattern": PERIOD_PATTERN},
)


@bp.after_request
def audit_call(response: Response) -> Response:
    """Every call made with a key leaves a row: key, endpoint, status, time. Never a body."""
    key_id = g.get("api_key_id")
    if key_id is not None:
        try:
            record_call(
                db.session(), key_id, request.endpoint or request.path, response.status_code
            )
        except Exception:
            db.session.rollback()
            current_app.logger.exception("API call not recorded")
    return response


def _month(value: str | None) -> tuple[date, date] | None:
    if value is None:
        return None
    year, month = (int(part) for part in value.split("-"))
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _period_ok(value: str) -> bool:
    return re.fullmatch(PERIOD_PATTERN, value) is not None and 2000 <= int(value[:4]) <= 2100


@bp.post("/receipt-codes")
@operation(
    Operation(
        summary=_l("Cấp mã biên nhận cho một hồ sơ (cùng hồ sơ, cùng mã)"),
        scope=ApiScope.MINT_CODES,
        body=MintRequest,
        responses={201: MintedCode, 200: MintedCode, 409: ProblemDocument},
        idempotent=True,
        example='{"centre": "van-quan", "dossier_ref": "000.00.31.H40-261125-0001"}',
    )
)
def mint_receipt_code(body: MintRequest) -> Response:
    """The dossier's code, stored the first time (201) and recomputed after (200)."""
    session = db.session()
    centre = fetch_centre(session, body.centre)
    if centre is None or not centre.active:
        raise Problem(
            422,
            "validation",
            _("Một số trường không hợp lệ."),
            errors=[FieldError("centre", _("Không có trung tâm với mã này."))],
        )
    require_centre(current_key(), centre.id)
    field = None
    if body.field is not None:
        field = fetch_service_field(session, body.field)
        if field is None:
            raise Problem(
                422,
                "validation",
                _("Một số trường không hợp lệ."),
                errors=[FieldError("field", _("Không có lĩnh vực với mã này."))],
            )
    try:
        minted = mint_dossier_code(session, centre, body.dossier_ref, field)
    except CodeClashError as error:
        raise Problem(
            409, "code-clash", _("Mã tính ra trùng với mã của trung tâm khác.")
        ) from error
    base = current_app.config["PUBLIC_BASE_URL"]
    reply = MintedCode(
        code=minted.code,
        url=public_url(base, RECEIPT_PREFIX, minted.code),
        qr_svg_url=url_for("api.receipt_code_svg", code=minted.code, _external=True),
        qr_png_url=url_for("api.receipt_code_png", code=minted.code, _external=True),
        centre=centre.key,
        field=field.key if field is not None else None,
        created=minted.created,
    )
    response = jsonify(reply.model_dump())
    response.status_code = 201 if minted.created else 200
    return response


def _scoped_code(code: str) -> str:
    """The code when it is stored for a centre the key serves; 404 otherwise.

    A code is a citizen's one-time key: another centre's code answers 404, like an
    unknown one, so a key cannot learn which codes exist elsewhere.
    """
    if re.fullmatch(CODE_PATTERN, code) is None:
        raise Problem(404, "not-found", _("Không có mã biên nhận này."))
    centre_id = code_is_for(db.session(), code)
    if centre_id is None or not current_key().may_act_for(centre_id):
        raise Problem(404, "not-found", _("Không có mã biên nhận này."))
    return public_url(current_app.config["PUBLIC_BASE_URL"], RECEIPT_PREFIX, code)


@bp.get("/receipt-codes/<code>/qr.svg")
@operation(
    Operation(
        summary=_l("Mã QR của mã biên nhận, dạng SVG"),
        scope=ApiScope.MINT_CODES,
        responses={200: "image/svg+xml"},
    )
)
def receipt_code_svg(code: str) -> Response:
    """The QR symbol of a stored code, as SVG."""
    return Response(qr_svg(_scoped_code(code)), mimetype="image/svg+xml")


@bp.get("/receipt-codes/<code>/qr.png")
@operation(
    Operation(
        summary=_l("Mã QR của mã biên nhận, dạng PNG"),
        scope=ApiScope.MINT_CODES,
        responses={200: "image/png"},
    )
)
def receipt_code_png(code: str) -> Response:
    """The QR symbol of a stored code, as PNG."""
    return Response(qr_png(_scoped_code(code)), mimetype="image/png")


@bp.get("/centres")
@operation(
    Operation(summary=_l("Danh sách trung tâm và mã của chúng"), responses={200: CentreList})
)
def list_centres() -> Response:
    """Every active centre's code and name (open: the codes are public)."""
    return jsonify(figures.centre_list(db.session()).model_dump())


@bp.get("/indices")
@operation(
    Operation(
        summary=_l("Chỉ số hài lòng công khai theo trung tâm, xã hoặc toàn tỉnh"),
        query=(
            PERIOD_PARAM,
            QueryParam(
                "level",
                _l("Cấp: centre, commune hoặc province."),
                {"type": "string", "enum": list(LEVELS), "default": "centre"},
            ),
        ),
        responses={200: Indices},
    )
)
def published_indices() -> Response:
    """Exactly what the public page publishes, for a month or its twelve weeks."""
    period = query_value("period", _period_ok, "")
    level = query_value("level", lambda v: v in LEVELS, "centre")
    reply = figures.indices(db.session(), _month(period or None), level)
    response = jsonify(reply.model_dump(mode="json"))
    response.headers["Cache-Control"] = "public, max-age=600"
    return response


@bp.get("/centres/<centre>/figures")
@operation(
    Operation(
        summary=_l("Số liệu quản lý của một trung tâm trong một tháng"),
        scope=ApiScope.READ_INDICES,
        query=(PERIOD_PARAM,),
        responses={200: CentreFigures},
    )
)
def centre_figures(centre: str) -> Response:
    """Factors with n and intervals, integrity shares, complaints on time, for a month."""
    period = query_value("period", _period_ok, "")
    session = db.session()
    found = fetch_centre(session, centre)
    if found is None:
        raise Problem(404, "not-found", _("Không có trung tâm với mã này."))
    require_centre(current_key(), found.id)
    reply = figures.centre_figures(session, found, _month(period or None))
    return jsonify(reply.model_dump(mode="json"))
