"""The blueprint that the view modules of ``auth`` register their routes on."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("auth", __name__)
