"""What managers read: a centre's week, the province, at-risk units."""

from __future__ import annotations

from survey_app.manage import (
    views,
    warming,
)
from survey_app.manage.blueprint import bp

# Importing the view modules registers their routes on ``bp``.
VIEW_MODULES = (views, warming)

__all__ = ["VIEW_MODULES", "bp"]
