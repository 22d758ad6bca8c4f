"""The blueprint that the view modules of ``public`` register their routes on."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("public", __name__)
