"""The production server set-up, started for a benchmark or a reliability test.

gunicorn with ``gunicorn.conf.py`` and the production configuration (CSRF on, rate
limits on, one trusted proxy so that each simulated citizen has its own address), on a
free loopback port, against the database ``url``.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

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
    server = subprocess.Popen(command, cwd=ROOT, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base + "/healthz", server)
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=40)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def wait_until_up(url: str, server: subprocess.Popen[bytes], limit: float = 60.0) -> None:
    """Return once ``url`` answers 200; fail if the server exits or stays silent."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited with status {server.returncode}")
        with contextlib.suppress(OSError), urllib.request.urlopen(url, timeout=2) as reply:
            if reply.status == 200:
                return
        time.sleep(0.2)
    raise SystemExit(f"gunicorn did not answer {url} within {limit:.0f} s")


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
