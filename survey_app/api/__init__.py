"""The integration API: codes per dossier, dossier figures in, figures out."""

from __future__ import annotations

from survey_app.api import (
    views,
    views_docs,
    views_dossier_figures,
    views_keys,
)
from survey_app.api.blueprint import bp, keys_bp

# Importing the view modules registers their routes on the blueprints.
VIEW_MODULES = (views, views_docs, views_dossier_figures, views_keys)

__all__ = ["VIEW_MODULES", "bp", "keys_bp"]
