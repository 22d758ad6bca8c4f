"""The blueprint that the view modules of ``staff`` register their routes on."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("staff", __name__, url_prefix="/quan-ly")
