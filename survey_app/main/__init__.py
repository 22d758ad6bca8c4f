"""The home page, the health check and the language switch."""

from flask import Blueprint

bp = Blueprint("main", __name__)

from survey_app.main import views  # noqa: E402, F401  (registers the routes on bp)
