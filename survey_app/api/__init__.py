"""The integration API: receipt codes per dossier, published and managers' figures."""

from __future__ import annotations

from survey_app.api import (
    views,
    views_docs,
    views_keys,
)
from survey_app.api.blueprint import bp, keys_bp

# Importing the view modules registers their routes on the blueprints.
VIEW_MODULES = (views, views_docs, views_keys)

__all__ = ["VIEW_MODULES", "bp", "keys_bp"]
