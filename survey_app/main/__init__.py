"""The home page, the health check and the language switch."""

from __future__ import annotations

from survey_app.main import (
    views,
)
from survey_app.main.blueprint import bp

# Importing the view modules registers their routes on ``bp``.
VIEW_MODULES = (views,)

__all__ = ["VIEW_MODULES", "bp"]
