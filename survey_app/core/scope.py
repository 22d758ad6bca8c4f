"""Role groups and centre scope for the administration views."""

from __future__ import annotations

from flask import abort, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response as WerkzeugResponse

from survey_app.core.access import visible_centres
from survey_app.extensions import db
from survey_app.models import PROVINCE_ROLES, Centre, Role

# System administration (staff accounts, API keys): the administrator's alone. Everything
# else the administrator may do, the Department (``PROVINCE_ROLES``) may do as well.
SYSTEM_ROLES = (Role.ADMIN,)
ACCOUNT_ROLES = SYSTEM_ROLES
# Everyone who works for a centre or oversees them; agency users (the tracker's) are not.
CENTRE_ROLES = (*PROVINCE_ROLES, Role.MANAGER, Role.HANDLER, Role.VIEWER)
# The criterion tracker: the Department sees everything, an agency only its own criteria.
TRACKER_ROLES = (*PROVINCE_ROLES, Role.AGENCY)
# Counters, receipt codes and dossier counts change what a centre does: its managers.
MANAGING_ROLES = (*PROVINCE_ROLES, Role.MANAGER)
# Answer-level rows carry comments and exact days: only those who manage the centre.
ANSWER_EXPORT_ROLES = (*PROVINCE_ROLES, Role.MANAGER)
# Aggregates reveal no single answer: viewers (inspectors, the province's analysts) too.
AGGREGATE_EXPORT_ROLES = (*PROVINCE_ROLES, Role.MANAGER, Role.VIEWER)


def scoped_centre(key: str) -> Centre:
    """The active centre ``key`` if the signed-in user may act for it, else 404.

    A centre outside the user's scope is "not found", not "forbidden", so that
    nobody learns which centres exist from the status code.
    """
    centre = db.session.scalar(select(Centre).filter_by(key=key, active=True))
    if centre is None or not current_user.can_see_centre(centre.id):
        abort(404)
    return centre


def my_centres() -> list[Centre]:
    """The active centres the signed-in user may act for, by name."""
    return visible_centres(db.session(), current_user)


def pick_centre(endpoint: str, title: str) -> str | WerkzeugResponse:
    """The "which centre?" page for ``endpoint`` (a view taking ``key``).

    Straight to the centre's page when the user has only one; a list of their centres
    otherwise, or a word that they have none yet.
    """
    centres = my_centres()
    if len(centres) == 1:
        return redirect(url_for(endpoint, key=centres[0].key))
    return render_template("pick_centre.html", centres=centres, endpoint=endpoint, title=title)
