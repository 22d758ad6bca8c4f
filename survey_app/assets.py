"""Static file URLs with a content hash, so files can be cached for a year."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from flask import Flask, url_for

from survey_app.masking import masked_filter

STATIC_ROOT = Path(__file__).resolve().parent / "static"


@cache
def _digest(filename: str) -> str:
    return hashlib.sha256((STATIC_ROOT / filename).read_bytes()).hexdigest()[:12]


def asset_url(filename: str) -> str:
    """``url_for('static', ...)`` plus a version parameter that changes with the file."""
    return url_for("static", filename=filename, v=_digest(filename))


def init_app(app: Flask) -> None:
    """Expose ``asset_url`` and the ``masked`` filter to templates."""
    app.jinja_env.globals["asset_url"] = asset_url
    app.jinja_env.filters["masked"] = masked_filter
