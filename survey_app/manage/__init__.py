"""What managers read: a centre's week, the province, at-risk units."""

from flask import Blueprint

bp = Blueprint("manage", __name__)

from survey_app.manage import views  # noqa: E402, F401  (registers the routes on bp)
