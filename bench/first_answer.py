"""How long a newcomer waits for the first page after starting the server.

``python -m bench.first_answer`` builds a small SQLite database (reference data and
poster codes), then starts gunicorn with ``gunicorn.conf.py`` as ``make run`` does,
once with the app imported in each worker (``GUNICORN_PRELOAD=false``, as before) and
once imported in the master before forking (the default), and prints the seconds from
start to "Listening at" and to the first 200 from ``/healthz/live`` and from a
citizen form, ``/q/<code>``. Both runs happen in the same invocation, on the same machine.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from sqlalchemy import select

from bench.results import machine
from bench.server import free_port, running
from survey_app import create_app
from survey_app.config import new_contact_key
from survey_app.extensions import db
from survey_app.models import PosterCode

ROOT = Path(__file__).resolve().parent.parent
LIMIT = 120.0


def prepare(url: str, env: dict[str, str]) -> str:
    """Migrate and seed the database at ``url``; the code of one poster."""
    for command in (
        ["db", "upgrade"],
        ["seed", "reference"],
        ["posters", "ensure", "--centre", "tinh"],
    ):
        subprocess.run([sys.executable, "-m", "flask", *command], cwd=ROOT, env=env, check=True)
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=url)
    with app.app_context():
        return str(db.session.scalar(select(PosterCode.code).limit(1)))


def first_200(url: str, started: float, found: dict[str, float], key: str) -> None:
    """Poll ``url`` until it answers 200; store the seconds since ``started``."""
    while time.monotonic() - started < LIMIT:
        try:
            with urllib.request.urlopen(url, timeout=LIMIT) as reply:
                if reply.status == 200:
                    found[key] = time.monotonic() - started
                    return
        except (OSError, urllib.error.HTTPError):
            time.sleep(0.05)


def measure(env: dict[str, str], preload: bool, code: str) -> dict[str, float]:
    """Start gunicorn, time its first answers, stop it."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    run_env = {**env, "GUNICORN_PRELOAD": "true" if preload else "false"}
    command = [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py"]
    command += ["--bind", f"127.0.0.1:{port}", "wsgi:app"]
    found: dict[str, float] = {}
    started = time.monotonic()
    with running(
        command,
        stop_within=60,
        cwd=ROOT,
        env=run_env,
        stderr=subprocess.PIPE,
        text=True,
        bufsize=1,
    ) as server:

        def watch_log() -> None:
            assert server.stderr is not None
            for line in server.stderr:
                if "Listening at" in line and "listening" not in found:
                    found["listening"] = time.monotonic() - started

        live = (base + "/healthz/live", started, found, "live")
        threads = [
            threading.Thread(target=watch_log, daemon=True),
            threading.Thread(target=first_200, args=live),
            threading.Thread(target=first_200, args=(f"{base}/q/{code}", started, found, "form")),
        ]
        for thread in threads:
            thread.start()
        for thread in threads[1:]:
            thread.join()
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=None, help="default: 2 per core")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'first-answer.sqlite3'}"
        env = {
            **os.environ,
            "FLASK_APP": "wsgi.py",
            "HAILONG_CONFIG": "development",
            "DATABASE_URL": url,
            "SECRET_KEY": "bench-" + os.urandom(16).hex(),
            "HAILONG_CONTACT_KEY": new_contact_key(),
        }
        if args.workers:
            env["GUNICORN_WORKERS"] = str(args.workers)
        code = prepare(url, env)
        print(machine())
        workers = env.get("GUNICORN_WORKERS", str(2 * (os.cpu_count() or 1)))
        print(f"gunicorn.conf.py, {workers} workers, SQLite; seconds from start")
        print(f"{'app imported':<28} {'Listening':>10} {'/healthz/live':>14} {'/q/<code>':>10}")
        for preload in (False, True):
            found = measure(env, preload, code)
            label = "once, before fork" if preload else "by each worker (before)"
            cells = [
                f"{found[k]:.1f}" if k in found else "—" for k in ("listening", "live", "form")
            ]
            print(f"{label:<28} {cells[0]:>10} {cells[1]:>14} {cells[2]:>10}")


if __name__ == "__main__":
    main()
