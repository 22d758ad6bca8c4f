"""The administration side's front page: what this user may do here."""

from __future__ import annotations

from flask import render_template
from flask_login import current_user, login_required

from survey_app.admin.blueprint import bp
from survey_app.core.scope import ACCOUNT_ROLES, AGGREGATE_EXPORT_ROLES, MANAGING_ROLES


@bp.get("/")
@login_required
def show_index() -> str:
    """Links to each task the user's role allows; everyone may change their password."""
    role = current_user.role
    return render_template(
        "admin/show_index.html",
        can_manage_accounts=role in ACCOUNT_ROLES,
        can_manage_centres=role in MANAGING_ROLES,
        can_export=role in AGGREGATE_EXPORT_ROLES,
    )
