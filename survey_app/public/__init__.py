"""The public page: satisfaction per centre, with sample sizes and margins of error."""

from flask import Blueprint

bp = Blueprint("public", __name__)

from survey_app.public import views  # noqa: E402, F401  (registers the routes on bp)
