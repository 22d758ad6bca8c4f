"""The one-stop system pushes its daily dossier figures for a centre."""

from __future__ import annotations

from flask import jsonify
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.wrappers import Response

from survey_app.api.blueprint import bp
from survey_app.api.dossier_figures import store_dossier_figures
from survey_app.api.operations import Operation, current_key, operation, require_centre
from survey_app.api.schemas import DossierFiguresIn, DossierFiguresStored, ProblemDocument
from survey_app.core.problems import Problem
from survey_app.core.qr.service import fetch_centre
from survey_app.extensions import db
from survey_app.models import ApiScope

EXAMPLE = (
    '{"days": [{"day": "2026-11-30", "received": 42, "on_time": 35, "late": 3, '
    '"late_apologised": 2, "supplemented_repeatedly": 1}]}'
)


@bp.post("/centres/<centre>/dossier-figures")
@operation(
    Operation(
        summary=_l(
            "Gửi số liệu hồ sơ theo ngày của một trung tâm (một ngày hoặc nhiều ngày; "
            "gửi lại một ngày là thay thế, không cộng dồn)"
        ),
        scope=ApiScope.PUSH_DOSSIER_FIGURES,
        body=DossierFiguresIn,
        responses={200: DossierFiguresStored, 422: ProblemDocument},
        idempotency_required=True,
        example=EXAMPLE,
    )
)
def push_dossier_figures(centre: str, body: DossierFiguresIn) -> Response:
    """Replace the days sent at the centre: each day created, replaced or unchanged."""
    session = db.session()
    found = fetch_centre(session, centre)
    if found is None or not found.active:
        raise Problem(404, "not-found", _("Không có trung tâm với mã này."))
    key = current_key()
    require_centre(key, found.id)
    reply = store_dossier_figures(session, found, body, key.id)
    return jsonify(reply.model_dump(mode="json"))
