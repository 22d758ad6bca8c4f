"""What a poster code names and which questionnaire is current, kept briefly per process.

Also the questions of a blank form, rendered: the largest part of the form page. Every
form GET and POST starts by asking what a code names and which questionnaire is current;
the answers change a few times a year (a counter closes, a poster is withdrawn, a new
questionnaire version is loaded). Each application keeps them for
``FEEDBACK_PLACE_CACHE_SECONDS`` (0 turns the cache off): a change made through this
process is seen at once (:func:`forget_places`), one made through another app server
within that many seconds. Unknown codes are never kept, so guessing codes cannot fill
the memory.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from cachetools import TTLCache
from flask import Flask, current_app
from markupsafe import Markup

from survey_app.core.responses.questionnaires import PULSE_KEY, Questionnaire, current_questionnaire
from survey_app.core.responses.submissions import Place, find_poster_place
from survey_app.extensions import db

EXTENSION_KEY = "hailong.places"
T = TypeVar("T")


class _Store:
    """A thread-safe time-limited mapping; ``None`` results are not stored."""

    def __init__(self, seconds: float) -> None:
        self._items: TTLCache[tuple[str, str], object] | None = (
            TTLCache(maxsize=4096, ttl=seconds) if seconds > 0 else None
        )
        self._lock = threading.Lock()

    def get(self, key: tuple[str, str], load: Callable[[], T | None]) -> T | None:
        if self._items is None:
            return load()
        with self._lock:
            found = self._items.get(key)
        if found is not None:
            return found  # type: ignore[return-value]
        value = load()
        if value is not None:
            with self._lock:
                self._items[key] = value
        return value

    def clear(self) -> None:
        if self._items is not None:
            with self._lock:
                self._items.clear()


def init_app(app: Flask) -> None:
    app.extensions[EXTENSION_KEY] = _Store(float(app.config["FEEDBACK_PLACE_CACHE_SECONDS"]))


def _store() -> _Store:
    return current_app.extensions[EXTENSION_KEY]


def poster_place(code: str) -> tuple[str, Place] | None:
    """:func:`find_poster_place`, through this application's cache."""
    return _store().get(("poster", code.upper()), lambda: find_poster_place(db.session(), code))


def pulse_questionnaire() -> Questionnaire:
    """The current visit questionnaire, through this application's cache."""
    found = _store().get(("questionnaire", PULSE_KEY), lambda: current_questionnaire(db.session()))
    assert found is not None  # current_questionnaire raises rather than return None
    return found


def blank_questions(instrument_id: int, lang: str, render: Callable[[], str]) -> Markup:
    """The questions of an unanswered form, rendered once per version and language."""
    html = _store().get(("questions", f"{instrument_id}:{lang}"), render)
    assert html is not None
    return Markup(html)  # noqa: S704  (rendered by our autoescaping template)


def forget_places() -> None:
    """Drop what this application remembers: call after changing posters or counters."""
    _store().clear()
