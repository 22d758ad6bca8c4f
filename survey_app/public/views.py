"""The public page: no login, cached briefly, nothing personal."""

from __future__ import annotations

from flask import make_response, render_template
from werkzeug.wrappers import Response

from survey_app.extensions import db
from survey_app.public.blueprint import bp
from survey_app.reporting.public_figures import PUBLIC_WEEKS, build_public_view


@bp.get("/cong-khai")
def show_satisfaction() -> Response:
    """Satisfaction per centre with n and margin of error, and how it is measured."""
    view = build_public_view(db.session())
    response = make_response(
        render_template("public/show_satisfaction.html", view=view, weeks=PUBLIC_WEEKS, min_n=30)
    )
    response.headers["Cache-Control"] = "public, max-age=600"
    return response
