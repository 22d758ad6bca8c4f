"""Servers started for a benchmark or a test: a child process, ready, then stopped.

:func:`running` runs a command and stops it on leaving, :func:`wait_until` waits for it
to be ready, :func:`free_port` finds it a port. :func:`production_server` is gunicorn
with ``gunicorn.conf.py`` and the production configuration (CSRF on, rate limits on,
one trusted proxy so that each simulated citizen has its own address), on a free
loopback port, against the database ``url``.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from itsdangerous import URLSafeTimedSerializer
from sqlalchemy import func, select

from survey_app import create_app
from survey_app.config import new_contact_key
from survey_app.core.responses.tokens import SUBMISSION_SALT
from survey_app.extensions import db
from survey_app.models import Response

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    """A loopback port nobody listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class ServerExitedError(RuntimeError):
    """The child process ended before it was ready."""


@contextlib.contextmanager
def running(
    command: list[str], *, stop_within: float = 40.0, **popen: Any
) -> Iterator[subprocess.Popen[Any]]:
    """``command`` as a child process (``popen``: Popen's arguments), stopped on leaving.

    Stopping asks first (SIGTERM, as a supervisor would) and kills only after
    ``stop_within`` seconds, so a server can finish its requests and shut down cleanly.
    """
    process = subprocess.Popen(command, **popen)
    try:
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=stop_within)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_until(
    ready: Callable[[], bool],
    *,
    limit: float,
    process: subprocess.Popen[Any] | None = None,
    interval: float = 0.05,
) -> float:
    """Poll ``ready()`` until it is true; the monotonic time it became so.

    An OSError from ``ready`` (connection refused, reset) counts as not yet. Raises
    ServerExitedError when ``process`` ends first, TimeoutError after ``limit`` seconds.
    """
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise ServerExitedError(f"{process.args!r} exited with status {process.returncode}")
        with contextlib.suppress(OSError):
            if ready():
                return time.monotonic()
        time.sleep(interval)
    raise TimeoutError(f"not ready within {limit:.0f} s")


def answers_200(url: str) -> bool:
    """Whether ``url`` answers 200 now (an OSError when nothing listens)."""
    with urllib.request.urlopen(url, timeout=2) as reply:
        return bool(reply.status == 200)


@contextlib.contextmanager
def production_server(
    url: str, secret: str, workers: int | None = None, **settings: str
) -> Iterator[str]:
    """gunicorn with gunicorn.conf.py and the production configuration; its base URL.

    ``settings`` are more environment variables for the server.
    """
    port = free_port()
    env = {
        **os.environ,
        "HAILONG_CONFIG": "production",
        "SECRET_KEY": secret,
        "HAILONG_CONTACT_KEY": new_contact_key(),
        "DATABASE_URL": url,
        "HAILONG_TRUSTED_PROXIES": "1",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
    }
    if workers:
        env["GUNICORN_WORKERS"] = str(workers)
    env.setdefault("GUNICORN_CMD_ARGS", "--log-level warning")
    env.update(settings)
    command = [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "wsgi:app"]
    base = f"http://127.0.0.1:{port}"
    with running(command, cwd=ROOT, env=env) as server:
        wait_until(lambda: answers_200(base + "/healthz"), limit=60.0, process=server, interval=0.2)
        yield base


def submission_ids(tokens: list[str], secret: str) -> list[str]:
    """The submission ids inside the signed tokens the form pages handed out."""
    serializer = URLSafeTimedSerializer(secret, salt=SUBMISSION_SALT)
    return [serializer.loads(token) for token in tokens]


def stored_exactly_once(url: str, ids: list[str]) -> tuple[int, int]:
    """How many of the submission ``ids`` are stored, and how many distinct ids there are."""
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=url)
    found = 0
    with app.app_context():
        for start in range(0, len(ids), 1000):
            chunk = ids[start : start + 1000]
            found += db.session.scalar(
                select(func.count()).select_from(Response).where(Response.submission_id.in_(chunk))
            )
        db.session.remove()
        db.engine.dispose()
    return found, len(set(ids))
