"""Extensions, created unbound; ``create_app`` binds them to an application."""

from __future__ import annotations

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
# gzip or brotli on text responses: a phone on weak mobile data pays for every kilobyte.
compress = Compress()
# Counters live in RATELIMIT_STORAGE_URI: memory:// for one process, a shared store
# (redis://…) when several app servers run, so every server counts the same requests.
limiter = Limiter(key_func=get_remote_address)
