"""The blueprint that the view modules of ``admin`` register their routes on."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/quan-ly")
