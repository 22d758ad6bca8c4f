"""Complaints and petitions (phản ánh, kiến nghị): intake, workflow, lookup, Open311."""

from __future__ import annotations

from survey_app.complaints import (
    views_citizen,
    views_open311,
    views_staff,
)
from survey_app.complaints.blueprint import bp

# Importing the view modules registers their routes on ``bp``.
VIEW_MODULES = (
    views_citizen,
    views_open311,
    views_staff,
)

__all__ = ["VIEW_MODULES", "bp"]
