"""The blueprint that the view modules of ``survey`` register their routes on."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("survey", __name__)
