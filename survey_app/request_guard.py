"""Odd requests: malformed form bodies refused, HEAD answered as GET, WTForms translated.

Every form here is typed text, choices and hidden tokens: none takes a file, and only a
few multi-select fields take a name twice. Flask-WTF merges ``request.files`` into the
form data, so a file part reached validators written for text (``len(FileStorage)``: a
500). Rather than make each of the thirty forms defend itself, one hook refuses, with the
translated 400 page and before anything is read or saved: file parts, a field sent twice
that no form takes twice, and a form body that is not UTF-8 (werkzeug would replace the
bad bytes with U+FFFD and store them).
"""

from __future__ import annotations

import functools
import re
from typing import Any
from urllib.parse import unquote_to_bytes

from flask import Flask, Request, abort, current_app, request
from werkzeug.datastructures import MultiDict
from wtforms import FileField, Form, SelectMultipleField
from wtforms.fields.core import UnboundField

from survey_app.core.form_messages import TRANSLATIONS

BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# No key, code or reference in a path holds a control character; PostgreSQL refuses a NUL
# in a text parameter outright (a DataError, which would read as "database unavailable").
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")
# The few pages that take a file: the body's file parts are binary (not UTF-8); their
# forms check the file themselves, and their text fields are still checked here.
FILE_ENDPOINTS = frozenset({"tracker.import_set", "tracker.edit_report", "admin.upload_dossiers"})
# Pages whose body may exceed MAX_CONTENT_LENGTH: the config key of their file's cap.
LARGE_BODY_ENDPOINTS = {"tracker.edit_report": "TRACKER_EVIDENCE_MAX_BYTES"}
# Room for a large body's text fields and multipart headers beside its file.
FORM_ROOM = 256 * 1024


class AppRequest(Request):
    """A HEAD is a GET whose body is not sent (werkzeug drops it, reading the environ).

    Views branch on ``request.method == "GET"`` to show a form and treat anything else as
    its submission, so a HEAD of a form page was validated as an empty POST (a 400).
    Seen as GET everywhere, it gets exactly GET's status and headers.
    """

    # Where Flask-WTF looks first for the request's WTForms translations (its i18n
    # module): ours, so that "This field is required." reads in Vietnamese too.
    wtforms_translations = TRANSLATIONS

    def __init__(
        self, environ: dict[str, object], populate_request: bool = True, shallow: bool = False
    ) -> None:
        super().__init__(environ, populate_request, shallow)
        if self.method == "HEAD":
            self.method = "GET"


def init_app(app: Flask) -> None:
    """Answer HEAD as GET; refuse malformed form bodies before CSRF and every view."""
    app.request_class = AppRequest
    # First of all hooks: Flask-WTF's CSRF check reads the form (and so the body) too, and
    # the body must be kept for the UTF-8 check before anything parses it.
    app.before_request_funcs.setdefault(None, []).insert(0, refuse_malformed_forms)
    app.url_value_preprocessor(refuse_control_characters_in_paths)


def refuse_control_characters_in_paths(
    endpoint: str | None, values: dict[str, object] | None
) -> None:
    """404 for a path part with a control character: no page is named that way."""
    if values and any(
        isinstance(value, str) and CONTROL_CHARACTERS.search(value) for value in values.values()
    ):
        abort(404)


def refuse_malformed_forms() -> None:
    """400 for a form body with a file part, an unreadable part, a repeated single field, or
    bytes not UTF-8."""
    if request.method not in BODY_METHODS or request.mimetype not in (
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    ):
        return
    if request.endpoint in LARGE_BODY_ENDPOINTS:
        cap = current_app.config[LARGE_BODY_ENDPOINTS[request.endpoint]]
        # A little more than the cap: a file just over it reaches the page's own message.
        request.max_content_length = int(cap) + FORM_ROOM
    if request.endpoint in FILE_ENDPOINTS and request.mimetype == "multipart/form-data":
        # werkzeug replaces bytes that are not UTF-8 in a text part with U+FFFD.
        if None in request.form or any("\ufffd" in v for v in request.form.values()):
            abort(400)
        # A file only where a form takes one, and once: a file under a text field's name
        # would reach validators written for text.
        if set(request.files) - file_fields() or _repeated_fields(request.files):
            abort(400)
    else:
        raw = request.get_data(cache=True)  # bounded by MAX_CONTENT_LENGTH (413 beyond)
        if not _is_utf8(raw, encoded=request.mimetype == "application/x-www-form-urlencoded"):
            abort(400)
        # A part whose name werkzeug cannot read (a control character in its header)
        # arrives as a field named None: a file part whose file was dropped, refused like
        # any file.
        if request.files or None in request.form:
            abort(400)
    if _repeated_fields(request.form) - repeatable_fields():
        abort(400)


def _is_utf8(raw: bytes, *, encoded: bool) -> bool:
    try:
        (unquote_to_bytes(raw.replace(b"+", b" ")) if encoded else raw).decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _repeated_fields(form: MultiDict[str, Any]) -> set[str]:
    return {name for name, values in form.lists() if len(values) > 1}


@functools.cache
def file_fields() -> frozenset[str]:
    """Names that some form declares as taking a file."""
    return frozenset(_declared(FileField))


def _declared(field_class: type) -> set[str]:
    names: set[str] = set()
    pending: list[type] = [Form]
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        for name, value in vars(cls).items():
            if isinstance(value, UnboundField) and issubclass(value.field_class, field_class):
                names.add(name)
    return names


@functools.cache
def repeatable_fields() -> frozenset[str]:
    """Names that some form declares as taking several values (multi-selects)."""
    return frozenset(_declared(SelectMultipleField))
