"""The blueprint that the view modules of ``reports`` register their routes on."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("reports", __name__)
