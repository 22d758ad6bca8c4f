"""Security headers, set in one place for every response."""

from __future__ import annotations

from flask import Flask, Response, abort, request
from werkzeug.routing import IntegerConverter, Map

from survey_app.core.problems import is_api_request

# No inline script or style anywhere: the pages work without JavaScript, and the one
# stylesheet is a cached static file.
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "img-src 'self' data:",
        "style-src 'self'",
        "script-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)

HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}


# The largest value of an INTEGER column, the type of every id in the database.
MAX_ID = 2**31 - 1


class DatabaseIdConverter(IntegerConverter):
    """``<int:...>`` limited to what an id column holds (arguments named as werkzeug names them).

    PostgreSQL answers a lookup of a larger number with an error, not with "no row"; such
    a URL is simply not found, before any query.
    """

    def __init__(
        self,
        map: Map,
        fixed_digits: int = 0,
        min: int | None = None,
        max: int | None = MAX_ID,
        signed: bool = False,
    ) -> None:
        super().__init__(map, fixed_digits, min, max, signed)


def init_app(app: Flask) -> None:
    """Headers on every response; no JSON where forms are expected; ids that fit a column.

    Must run before the blueprints are registered, for their routes to use the converter.
    """
    app.url_map.converters["int"] = DatabaseIdConverter

    @app.before_request
    def refuse_json_bodies() -> None:
        # Every POST here is an HTML form. Flask-WTF would read a JSON body as the form's
        # data, and numbers, booleans or lists would reach validators written for text.
        # The API (/api/) takes JSON and checks it against its own schemas instead.
        if request.method == "POST" and request.is_json and not is_api_request():
            abort(415)

    @app.after_request
    def add_security_headers(response: Response) -> Response:
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        # Pages may show personal data (staff pages, a complaint's status and PIN, a form
        # shown again with what the citizen typed), so no browser or proxy keeps a copy
        # unless the view says it may (static files, the public page, the week charts).
        response.headers.setdefault("Cache-Control", "no-store")
        if app.config.get("SESSION_COOKIE_SECURE"):
            response.headers.setdefault(
                "Strict-Transport-Security", "max-age=31536000; includeSubDomains"
            )
        return response
