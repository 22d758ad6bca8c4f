"""Error pages in the citizen's language; a failed request leaves no half-done transaction."""

from __future__ import annotations

from flask import Flask, Response, render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from werkzeug.exceptions import HTTPException

from survey_app.core.problems import is_api_request, problem_response, server_problem
from survey_app.extensions import db

SHOWN_ERRORS = (400, 403, 404, 405, 413, 429, 500, 503)
# Forms whose fields a "not saved" page may carry back, so that one press sends them again.
RESENDABLE_BLUEPRINTS = frozenset({"feedback", "complaints", "survey", "staff"})
SECRET_FIELD_PARTS = ("password", "pin")


def init_app(app: Flask) -> None:
    """Render our own page for the errors a person can meet."""

    @app.errorhandler(CSRFError)
    def handle_csrf_error(error: CSRFError) -> tuple[str, int]:
        return render_template("errors/error.html", code=400, csrf_failed=True), 400

    @app.errorhandler(HTTPException)
    def handle_http_error(error: HTTPException) -> tuple[str, int] | Response:
        code = error.code or 500
        if code >= 500:
            db.session.rollback()
        if is_api_request():
            return problem_response(error)
        shown = code if code in SHOWN_ERRORS else 500 if code >= 500 else 400
        return render_template("errors/error.html", code=shown), code

    @app.errorhandler(DBAPIError)
    def handle_database_down(error: DBAPIError) -> tuple[str, int] | Response:
        # The database restarted or is unreachable: nothing was saved. Say so, and keep
        # what the person sent so one press sends it again (the same submission id, so
        # it is stored once however often it is sent).
        try:
            db.session.rollback()
        except SQLAlchemyError:
            db.session.remove()
        app.logger.error("database unavailable: %s", type(error.orig).__name__)
        if is_api_request():
            return server_problem(503)
        return render_template("errors/error.html", code=503, resend=_resendable()), 503

    @app.errorhandler(Exception)
    def handle_unexpected(error: Exception) -> tuple[str, int] | Response:
        db.session.rollback()
        app.logger.exception("unhandled error")
        if is_api_request():
            return server_problem(500)
        return render_template("errors/error.html", code=500), 500


def _resendable() -> list[tuple[str, str]] | None:
    """The fields of a POST that a "send again" button may carry, or None."""
    if request.method != "POST" or request.blueprint not in RESENDABLE_BLUEPRINTS:
        return None
    return [
        (name, value)
        for name, value in request.form.items(multi=True)
        if not any(part in name.lower() for part in SECRET_FIELD_PARTS)
    ]
