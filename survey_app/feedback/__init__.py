"""Citizens rate a visit: poster QR, one-time receipt codes and the kiosk."""

from __future__ import annotations

from survey_app.feedback import (
    views_code_entry,
    views_rating,
)
from survey_app.feedback.blueprint import bp

# Importing the view modules registers their routes on ``bp``.
VIEW_MODULES = (
    views_code_entry,
    views_rating,
)

__all__ = ["VIEW_MODULES", "bp"]
