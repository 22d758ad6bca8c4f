"""The administration side: staff accounts, counters, receipt codes, dossier counts, exports."""

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/quan-tri")

from survey_app.admin import (  # noqa: E402, F401  (registers the routes on bp)
    counters,
    dossiers,
    exports,
    index,
    receipts,
    users,
)
