"""Translatable text for the forms, worded when it is shown, in the page's language.

Forms are declared once, at import, but read in whichever language each request asks
for: labels and messages are lazy texts, translated each time they are turned into a
string. The forms do not know how the app translates: the app installs its translator
at start-up (``survey_app.core.web_forms.init_app`` installs Flask-Babel's ``gettext``).
Until then texts read as written, in Vietnamese, the source language.

Forms import ``lazy_text as _l``: ``pybabel extract -k _l`` (README) finds the strings.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

from babel.support import LazyProxy

Translator = Callable[..., str]


def _as_written(string: str, **variables: object) -> str:
    return string % variables if variables else string


# The one translator in use, replaced once at start-up by the app's.
_installed: dict[str, Translator] = {"translator": _as_written}


def install_translator(translator: Translator) -> None:
    """Translate every lazy text with ``translator(string, **variables)`` from now on."""
    _installed["translator"] = translator


class LazyText(LazyProxy):
    """A text translated whenever it is read; never cached, as languages change per request."""

    __slots__ = ()

    def __html__(self) -> str:
        # As Flask-Babel's lazy strings: the catalogue's texts are ours, shown as they are.
        return str(self)

    def __hash__(self) -> int:
        return hash(str(self))

    def __repr__(self) -> str:
        return f"lazy_text({str(self)!r})"


def _translate(string: str, variables: dict[str, object]) -> str:
    return _installed["translator"](string, **variables)


def lazy_text(string: str, **variables: object) -> str:
    """``string`` (Vietnamese) translated when read; ``variables`` fill its ``%(name)s``.

    Typed as the ``str`` it stands for: WTForms takes labels and messages as strings, and
    the proxy behaves as one wherever it is read (``str()``, ``%``, ``+``, templates).
    """
    return cast(str, LazyText(_translate, string, variables, enable_cache=False))
