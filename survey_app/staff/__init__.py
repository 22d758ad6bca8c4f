"""Pages for centre staff: the staff home, paper slips, kiosk tablets, posters."""

from __future__ import annotations

from survey_app.staff import (
    views_home,
    views_posters,
    views_slips,
)
from survey_app.staff.blueprint import bp

# Importing the view modules registers their routes on ``bp``.
VIEW_MODULES = (
    views_home,
    views_posters,
    views_slips,
)

__all__ = ["VIEW_MODULES", "bp"]
