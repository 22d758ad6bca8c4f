"""Staff sign-in and sign-out; citizens never sign in."""

from __future__ import annotations

from survey_app.auth import (
    views,
)
from survey_app.auth.blueprint import bp

# Importing the view modules registers their routes on ``bp``.
VIEW_MODULES = (views,)

__all__ = ["VIEW_MODULES", "bp"]
