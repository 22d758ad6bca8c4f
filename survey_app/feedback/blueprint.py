"""The blueprint that the view modules of ``feedback`` register their routes on."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("feedback", __name__)
