"""The blueprint that the view modules of ``complaints`` register their routes on."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("complaints", __name__)
