"""Today, for the forms' date checks: in the app's time zone, never the server's.

Forms never import the app, so they take the zone Flask-Babel was given, which the
configuration takes from ``survey_app.core.clock`` (Lạng Sơn's, whatever the server runs on).
"""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import get_timezone


def local_today() -> date:
    """Today's date where the people using the forms are."""
    return datetime.now(get_timezone()).date()
