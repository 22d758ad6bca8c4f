"""Views of the main blueprint: thin, each one query and one template."""

from __future__ import annotations

from functools import cache

from flask import Response, jsonify, render_template
from sqlalchemy import select, text
from sqlalchemy.exc import SQLAlchemyError

from survey_app.core.assets import STATIC_ROOT
from survey_app.core.collation import sorted_vietnamese
from survey_app.extensions import db
from survey_app.main.blueprint import bp
from survey_app.models import Centre, Commune, CommuneKind


@bp.get("/")
def show_home() -> str:
    """What HàiLòng is, and the centres it serves."""
    centres = db.session.execute(
        select(Centre.name, Commune.name.label("commune"), Commune.kind).join(Commune)
    ).all()
    centres = sorted_vietnamese(centres, lambda c: c.commune)
    provincial = [c.name for c in centres if c.kind is CommuneKind.PROVINCE]
    wards = [c.name for c in centres if c.kind is CommuneKind.WARD]
    communes = [c.name for c in centres if c.kind is CommuneKind.COMMUNE]
    return render_template(
        "main/show_home.html", provincial=provincial, wards=wards, communes=communes
    )


# Browsers ask for /favicon.ico on a first visit whatever the page says; a 404 there is
# a wasted request and a console error. The icon rarely changes: cache it for a month.
FAVICON_MAX_AGE = 30 * 24 * 3600


@bp.get("/favicon.ico")
def show_favicon() -> Response:
    """The site's icon: a 32-pixel smiling face, a few hundred bytes, kept in memory."""
    response = Response(_favicon(), mimetype="image/x-icon")
    response.cache_control.public = True
    response.cache_control.max_age = FAVICON_MAX_AGE
    return response


@cache
def _favicon() -> bytes:
    return (STATIC_ROOT / "favicon.ico").read_bytes()


@bp.get("/healthz/live")
def check_alive() -> tuple[str, int, dict[str, str]]:
    """For process supervisors: 200 while this server answers, without asking the database.

    Also the benchmark's trivial endpoint: the same server's ceiling for a request.
    """
    return "ok", 200, {"Content-Type": "text/plain; charset=utf-8"}


@bp.get("/healthz")
def check_health() -> tuple[Response, int]:
    """For load balancers: 200 when the database answers, 503 when it does not."""
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        db.session.rollback()
        return jsonify(status="database unavailable"), 503
    return jsonify(status="ok"), 200
