"""The province's own SIPAS survey: answering online, paper entry, campaigns, the report."""

from __future__ import annotations

from survey_app.survey import (
    views_report,
    views_respondent,
    views_staff,
)
from survey_app.survey.blueprint import bp

# Importing the view modules registers their routes on ``bp``.
VIEW_MODULES = (
    views_report,
    views_respondent,
    views_staff,
)

__all__ = ["VIEW_MODULES", "bp"]
