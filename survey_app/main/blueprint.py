"""The blueprint that the view modules of ``main`` register their routes on."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("main", __name__)
