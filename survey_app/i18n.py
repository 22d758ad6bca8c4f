"""Language choice: Vietnamese by default, English on request.

The choice travels in a ``lang`` query parameter and is remembered in a cookie, so the
switch works without JavaScript and without a server-side session.
"""

from __future__ import annotations

from flask import Flask, Response, current_app, has_request_context, request
from flask_babel import Babel

from survey_app.config import PROJECT_ROOT
from survey_app.core.problems import API_PREFIX

LANG_COOKIE = "lang"


def is_kiosk_request() -> bool:
    """Kiosk pages serve one person after another: nobody's choice may stick."""
    return (request.endpoint or "").endswith("_kiosk")


def select_locale() -> str:
    """The requested language if we have it, else Vietnamese (also outside requests)."""
    if not has_request_context():
        # CLI commands and services that word a message outside a request: Vietnamese.
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    languages = current_app.config["LANGUAGES"]
    remembered = None if is_kiosk_request() else request.cookies.get(LANG_COOKIE)
    if request.path.startswith(API_PREFIX):
        # Machines send no cookie: the API words its problems by Accept-Language
        # (``?lang=`` is the docs page's switch).
        default = current_app.config["BABEL_DEFAULT_LOCALE"]
        asked = request.args.get("lang")
        if asked in languages:
            return str(asked)
        return request.accept_languages.best_match(languages, default=default) or default
    for candidate in (request.args.get("lang"), remembered):
        if candidate is not None and candidate in languages:
            return candidate
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def init_app(app: Flask, babel: Babel) -> None:
    """Bind Flask-Babel with our locale selector and catalogue folder."""
    babel.init_app(
        app,
        locale_selector=select_locale,
        default_translation_directories=str(PROJECT_ROOT / "survey_app" / "translations"),
    )

    @app.after_request
    def remember_language(response: Response) -> Response:
        chosen = request.args.get("lang")
        if is_kiosk_request():
            return response
        if (
            chosen is not None
            and chosen in app.config["LANGUAGES"]
            and chosen != request.cookies.get(LANG_COOKIE)
        ):
            response.set_cookie(
                LANG_COOKIE, chosen, max_age=365 * 24 * 3600, samesite="Lax", httponly=True
            )
        return response

    @app.context_processor
    def language_context() -> dict[str, object]:
        return {"current_lang": select_locale(), "languages": app.config["LANGUAGES"]}
