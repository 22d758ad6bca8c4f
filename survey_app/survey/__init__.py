"""The province's own SIPAS survey: answering online, paper entry, campaigns, the report."""

from flask import Blueprint

bp = Blueprint("survey", __name__)

from survey_app.survey import staff_views, views  # noqa: E402, F401  (registers the routes on bp)
