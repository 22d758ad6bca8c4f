"""Today, for the forms' date checks: in the app's time zone, never the server's.

Forms never import the app, so the app installs its clock at start-up
(``survey_app.core.web_forms.init_app`` installs ``survey_app.core.clock.today_local``,
Lạng Sơn's date whatever the server runs on). A form that checks a date before any
clock is installed fails loudly rather than guess the zone.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date


def _no_clock() -> date:
    raise RuntimeError("forms.dates: no clock installed (see install_clock)")


# The one clock in use, installed once at start-up by the app.
_installed: dict[str, Callable[[], date]] = {"today": _no_clock}


def install_clock(today: Callable[[], date]) -> None:
    """Take today's date from ``today`` from now on."""
    _installed["today"] = today


def local_today() -> date:
    """Today's date where the people using the forms are."""
    return _installed["today"]()
