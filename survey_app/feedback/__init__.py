"""Citizens rate a visit: poster QR, one-time receipt codes and the kiosk."""

from flask import Blueprint

bp = Blueprint("feedback", __name__)

from survey_app.feedback import code_entry, views  # noqa: E402, F401  (registers the routes on bp)
