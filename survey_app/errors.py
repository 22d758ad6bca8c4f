"""Error pages in the citizen's language; a failed request leaves no half-done transaction."""

from __future__ import annotations

from flask import Flask, render_template
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from survey_app.extensions import db

SHOWN_ERRORS = (400, 403, 404, 405, 413, 429, 500, 503)


def init_app(app: Flask) -> None:
    """Render our own page for the errors a person can meet."""

    @app.errorhandler(CSRFError)
    def handle_csrf_error(error: CSRFError) -> tuple[str, int]:
        return render_template("errors/error.html", code=400, csrf_failed=True), 400

    @app.errorhandler(HTTPException)
    def handle_http_error(error: HTTPException) -> tuple[str, int]:
        code = error.code or 500
        if code >= 500:
            db.session.rollback()
        shown = code if code in SHOWN_ERRORS else 500 if code >= 500 else 400
        return render_template("errors/error.html", code=shown), code

    @app.errorhandler(Exception)
    def handle_unexpected(error: Exception) -> tuple[str, int]:
        db.session.rollback()
        app.logger.exception("unhandled error")
        return render_template("errors/error.html", code=500), 500
