"""The criterion tracker's blueprint: its staff pages live under /quan-ly/chi-so-cchc/."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("tracker", __name__, url_prefix="/quan-ly/chi-so-cchc")
