"""The administration side: staff accounts, counters, receipt codes, dossier counts, exports."""

from __future__ import annotations

from survey_app.admin import (
    views_counters,
    views_dossier_upload,
    views_dossiers,
    views_exports,
    views_one_stop,
    views_receipts,
    views_users,
)
from survey_app.admin.blueprint import bp

# Importing the view modules registers their routes on ``bp``.
VIEW_MODULES = (
    views_counters,
    views_dossier_upload,
    views_dossiers,
    views_exports,
    views_one_stop,
    views_receipts,
    views_users,
)

__all__ = ["VIEW_MODULES", "bp"]
