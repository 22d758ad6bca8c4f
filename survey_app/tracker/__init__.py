"""The criterion tracker: PAR INDEX and internal-index criteria, agencies, last year's results."""

from __future__ import annotations

from survey_app.tracker import (
    views_criteria,
    views_overview,
    views_pc_report,
    views_quarterly,
    views_reports,
    views_review,
    views_sets,
    views_tasks,
    views_workbooks,
)
from survey_app.tracker.blueprint import bp

# Importing the view modules registers their routes on ``bp``.
VIEW_MODULES = (
    views_criteria,
    views_overview,
    views_pc_report,
    views_quarterly,
    views_reports,
    views_review,
    views_sets,
    views_tasks,
    views_workbooks,
)

__all__ = ["VIEW_MODULES", "bp"]
