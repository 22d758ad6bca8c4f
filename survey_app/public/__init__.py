"""The public page: satisfaction per centre, with sample sizes and margins of error."""

from __future__ import annotations

from survey_app.public import (
    views,
)
from survey_app.public.blueprint import bp

# Importing the view modules registers their routes on ``bp``.
VIEW_MODULES = (views,)

__all__ = ["VIEW_MODULES", "bp"]
