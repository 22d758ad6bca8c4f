"""Reports built in the background: a job's progress page, its download, building it again.

The features that offer a long report (the SIPAS workbook in ``survey``, …) register how
to build it with ``core.report_jobs`` and start the job; this feature only shows a job to
the user who asked for it (or an administrator) and serves its file.
"""

from __future__ import annotations

from survey_app.reports import (
    views,
)
from survey_app.reports.blueprint import bp

# Importing the view modules registers their routes on ``bp``.
VIEW_MODULES = (views,)

__all__ = ["VIEW_MODULES", "bp"]
