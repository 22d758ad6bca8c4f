"""Staff sign-in and sign-out; citizens never sign in."""

from flask import Blueprint

bp = Blueprint("auth", __name__)

from survey_app.auth import views  # noqa: E402, F401  (registers the routes on bp)
