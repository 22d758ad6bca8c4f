"""Extensions, created unbound; ``create_app`` binds them to an application."""

from __future__ import annotations

from flask_babel import Babel
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect

from survey_app.models.base import Base

db = SQLAlchemy(model_class=Base)
# Batch mode lets Alembic alter SQLite tables by copying them; PostgreSQL ignores it.
migrate = Migrate(render_as_batch=True)
csrf = CSRFProtect()
babel = Babel()
