"""A real threaded HTTP server on loopback, for tests that need concurrent requests."""

from __future__ import annotations

import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass

from flask import Flask
from werkzeug.serving import make_server


@dataclass(frozen=True, slots=True)
class Reply:
    status: int
    location: str | None
    body: str


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *_args: object, **_kwargs: object) -> None:
        return None


_opener = urllib.request.build_opener(_NoRedirect)


@contextmanager
def serve(app: Flask) -> Iterator[str]:
    """Serve ``app`` on a free loopback port in a background thread; yield its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()


def post(
    url: str,
    data: Mapping[str, str],
    timeout: float = 30,
    headers: Mapping[str, str] | None = None,
) -> Reply:
    """POST a form without following redirects (``headers``: a cookie, X-Forwarded-For…)."""
    body = urllib.parse.urlencode(data).encode()
    request = urllib.request.Request(url, data=body, method="POST", headers=dict(headers or {}))
    try:
        with _opener.open(request, timeout=timeout) as response:
            return Reply(
                response.status, response.headers.get("Location"), response.read().decode()
            )
    except urllib.error.HTTPError as error:
        with error:
            return Reply(error.code, error.headers.get("Location"), error.read().decode())
