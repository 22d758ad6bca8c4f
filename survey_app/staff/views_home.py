"""The staff home at ``/quan-ly/``: where every role lands after signing in."""

from __future__ import annotations

from flask import render_template
from flask_login import current_user, login_required

from survey_app.core.access import visible_centres
from survey_app.extensions import db
from survey_app.staff.blueprint import bp


@bp.get("/")
@login_required
def show_index() -> str:
    """The user's centres, and every task their role allows (``survey_app.navigation``)."""
    return render_template(
        "staff/show_index.html", centres=visible_centres(db.session(), current_user)
    )
