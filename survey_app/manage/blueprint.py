"""The blueprint that the view modules of ``manage`` register their routes on."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("manage", __name__, url_prefix="/quan-ly")
