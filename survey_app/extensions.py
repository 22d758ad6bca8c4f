"""Extensions, created unbound; ``create_app`` binds them to an application."""

from __future__ import annotations

from flask import Response
from flask_babel import Babel
from flask_compress import Compress
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect

from survey_app.models.base import Base

db = SQLAlchemy(model_class=Base)
# Batch mode lets Alembic alter SQLite tables by copying them; PostgreSQL ignores it.
migrate = Migrate(render_as_batch=True)
csrf = CSRFProtect()
babel = Babel()
login_manager = LoginManager()


class ErrorPageCompress(Compress):
    """Flask-Compress that also compresses error pages.

    Flask-Compress leaves every response outside 200-299 alone, and no ``COMPRESS_*``
    setting changes that (flask_compress 1.25, ``after_request``). But a citizen meets
    our 400, 404, 409, 413, 429 and 503 pages on the same weak mobile data as the form:
    the form shown again with its errors is 19 KB raw and 4 KB compressed.
    """

    def after_request(self, response: Response | None) -> Response:
        if response is None or not 400 <= response.status_code < 600:
            return super().after_request(response)
        status = response.status
        # Compressed as if it were a 200, then given its own status back.
        response.status_code = 200
        try:
            return super().after_request(response)
        finally:
            response.status = status


# gzip or brotli on text responses: a phone on weak mobile data pays for every kilobyte.
compress = ErrorPageCompress()
# Counters live in RATELIMIT_STORAGE_URI: memory:// for one process, a shared store
# (redis://…) when several app servers run, so every server counts the same requests.
limiter = Limiter(key_func=get_remote_address)
