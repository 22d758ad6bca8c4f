"""Complaints and petitions (phản ánh, kiến nghị): intake, workflow, lookup, Open311."""

from flask import Blueprint

bp = Blueprint("complaints", __name__)

from survey_app.complaints import citizen, open311, staff  # noqa: E402, F401  (registers routes)
