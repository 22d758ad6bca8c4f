"""Pages for centre staff: paper slips, kiosk tablets."""

from flask import Blueprint

bp = Blueprint("staff", __name__)

from survey_app.staff import posters, views  # noqa: E402, F401  (registers the routes on bp)
