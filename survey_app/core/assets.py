"""Static file URLs with a content hash, so files can be cached for a year."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import cast

from flask import Flask, Response, request, url_for

from survey_app.core.masking import masked_filter

STATIC_ROOT = Path(__file__).resolve().parents[1] / "static"


@cache
def _digest(filename: str) -> str:
    return hashlib.sha256((STATIC_ROOT / filename).read_bytes()).hexdigest()[:12]


def asset_url(filename: str) -> str:
    """``url_for('static', ...)`` plus a version parameter that changes with the file."""
    return url_for("static", filename=filename, v=_digest(filename))


def init_app(app: Flask) -> None:
    """Expose ``asset_url`` and the ``masked`` filter; let static files be compressed.

    Must run after the compressor is bound: Flask calls after-request hooks in reverse
    order, so this one sees each response before the compressor does.
    """
    app.jinja_env.globals["asset_url"] = asset_url
    app.jinja_env.filters["masked"] = masked_filter
    app.after_request(buffer_static_file)


def buffer_static_file(response: Response) -> Response:
    """Read a small static file into memory and close it.

    Flask sends static files as a stream of the open file; the compressor would swap
    that stream for a compressed one and never close the file. Our static files are a
    few kilobytes, so reading them whole costs nothing.
    """
    if request.endpoint == "static" and response.direct_passthrough:
        stream = response.response
        response.direct_passthrough = False
        try:
            # A static file's stream: its bytes, read in blocks.
            response.set_data(b"".join(cast("Iterable[bytes]", stream)))
        finally:
            if hasattr(stream, "close"):
                stream.close()
    return response
