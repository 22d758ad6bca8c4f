"""The one way a view builds a form: a pure ``forms`` class, with Flask-WTF on top.

``forms/`` holds plain WTForms classes that know nothing of Flask. A view asks here for
the same form bound to the request, with Flask-WTF's CSRF token (when
``WTF_CSRF_ENABLED``), ``validate_on_submit`` and ``hidden_tag``::

    form = web_form(LoginForm)                 # data from the request on a POST
    form = web_form(CounterForm, formdata=None)  # a blank form to show

The Flask-WTF class of each form class is made once: ``FlaskForm`` first, so that its
``Meta`` (CSRF, request data, translations) comes before the form's own.

``init_app`` gives the pure forms what they cannot know: how to translate their texts
(Flask-Babel's ``gettext``, in the request's language) and today's date (the app clock).
"""

from __future__ import annotations

import functools
from typing import Any, TypeVar, cast

from flask import Flask
from flask_babel import gettext
from flask_wtf import FlaskForm
from wtforms import Form

from forms.dates import install_clock
from forms.text import install_translator
from survey_app.core.clock import today_local

F = TypeVar("F", bound=Form)


@functools.lru_cache(maxsize=256)
def web_form_class(form_class: type[F]) -> type[F]:
    """``form_class`` with Flask-WTF's request binding and CSRF token, made once."""
    return type(form_class.__name__, (FlaskForm, form_class), {"__module__": form_class.__module__})


def web_form(form_class: type[F], **kwargs: Any) -> F:
    """An instance of ``web_form_class(form_class)``; ``kwargs`` go to its constructor."""
    form: F = web_form_class(form_class)(**kwargs)
    return form


def valid_submission(form: Form) -> bool:
    """Flask-WTF's ``validate_on_submit`` of a form made by ``web_form``.

    A function rather than the method, because the pure form class the view holds (and
    mypy sees) does not have it: only its Flask-WTF subclass does.
    """
    return bool(cast(FlaskForm, form).validate_on_submit())


def is_submitted(form: Form) -> bool:
    """Flask-WTF's ``is_submitted`` of a form made by ``web_form`` (a POST, PUT, …)."""
    return bool(cast(FlaskForm, form).is_submitted())


def init_app(app: Flask) -> None:
    """Install the app's translator and clock in the pure forms."""
    install_translator(gettext)
    install_clock(today_local)
