"""The server `make run` starts: quick to answer, quiet about paths, one of several.

Each test starts gunicorn with the exact command of the Makefile's ``serve`` target
(read with ``make -n``), on the test database.
"""

from __future__ import annotations

import contextlib
import os
import re
import runpy
import shlex
import shutil
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

import pytest
from flask import Flask
from sqlalchemy.orm import Session

from bench.server import free_port, running, wait_until
from survey_app.config import new_contact_key
from survey_app.extensions import db

ROOT = Path(__file__).resolve().parent.parent
RECEIPT_CODE = "K7M2QX4B9A"


def serve_command(port: int) -> tuple[dict[str, str], list[str]]:
    """The environment assignments and the argv of the Makefile's gunicorn line."""
    make = shutil.which("make")
    if make is None:
        pytest.fail("make is missing: apt-get install make")
    dry = subprocess.run(
        [make, "-n", "--no-print-directory", "serve", "HOST=127.0.0.1", f"PORT={port}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    (line,) = [line for line in dry.splitlines() if "gunicorn" in line and "echo" not in line]
    words = shlex.split(line)
    env = {}
    while re.fullmatch(r"[A-Z_]+=.*", words[0]):
        name, value = words.pop(0).split("=", 1)
        env[name] = value
    return env, words


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    base: str
    log: Path
    started: float

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


@contextlib.contextmanager
def make_serve(db_url: str, folder: Path, **settings: str) -> Iterator[Server]:
    """`make serve` on a free port, as its own process group; stopped on leaving."""
    port = free_port()
    assignments, argv = serve_command(port)
    env = {
        **os.environ,
        **assignments,
        "DATABASE_URL": db_url,
        "SECRET_KEY": "serve-test-" + "s" * 40,
        "HAILONG_CONTACT_KEY": new_contact_key(),
        **settings,
    }
    env.pop("GUNICORN_ACCESS_LOG", None)
    folder.mkdir(parents=True, exist_ok=True)
    log = folder / f"server-{port}.log"
    with (
        log.open("wb") as out,
        running(argv, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT) as process,
    ):
        yield Server(process, f"http://127.0.0.1:{port}", log, time.monotonic())


def status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=30) as reply:
            return int(reply.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def wait_for(condition: Callable[[], bool], limit: float = 90.0) -> float:
    """Poll ``condition()`` until true; the monotonic time it became true."""
    try:
        return wait_until(condition, limit=limit)
    except TimeoutError:
        pytest.fail("the server did not get there in time")


def answers(server: Server) -> bool:
    if server.process.poll() is not None:
        pytest.fail(f"gunicorn exited:\n{server.output()}")
    return status(server.base + "/healthz/live") == 200


def test_make_serve_logs_no_paths(db_url: str, seeded: Session, tmp_path: Path) -> None:
    with make_serve(db_url, tmp_path, GUNICORN_WORKERS="1") as server:
        wait_for(lambda: answers(server))
        assert status(f"{server.base}/r/{RECEIPT_CODE}") in {200, 404, 410}
        assert status(f"{server.base}/R/{RECEIPT_CODE}") in {200, 404, 410}
    output = server.output()
    assert "Listening at" in output  # the log is there, and it is this server's
    assert RECEIPT_CODE not in output
    assert "/healthz/live" not in output


def test_two_servers_from_one_checkout_both_start_and_answer(
    db_url: str, seeded: Session, tmp_path: Path
) -> None:
    # One user's machine: gunicorn's per-user default control socket would be here.
    home, runtime = tmp_path / "home", tmp_path / "run"
    home.mkdir()
    runtime.mkdir(mode=0o700)
    user = {"HOME": str(home), "XDG_RUNTIME_DIR": str(runtime), "GUNICORN_WORKERS": "1"}
    with (
        make_serve(db_url, tmp_path / "a", **user) as first,
        make_serve(db_url, tmp_path / "b", **user) as second,
    ):
        wait_for(lambda: answers(first) and answers(second))
        # Neither took a path the other (or a third server) would take from it.
        assert not (runtime / "gunicorn.ctl").exists()
        assert not (home / ".gunicorn").exists()
        assert answers(first)
        assert answers(second)
    for server in (first, second):
        assert "control socket" not in server.output().lower()


def test_the_first_page_answers_soon_after_listening(
    db_url: str, seeded: Session, tmp_path: Path
) -> None:
    """Four workers importing the app at once on two cores kept it waiting for 23 s."""
    with make_serve(db_url, tmp_path, GUNICORN_WORKERS="4") as server:
        listening = wait_for(lambda: "Listening at" in server.output())
        answered = wait_for(lambda: answers(server))
    # The app is imported before gunicorn listens; forking a worker takes milliseconds.
    assert answered - listening < 1.5, server.output()


def test_each_worker_gets_database_pools_of_its_own(app: Flask) -> None:
    settings = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert settings["preload_app"] is True
    inherited = db.engine.connect()
    pool = db.engine.pool
    worker = SimpleNamespace(app=SimpleNamespace(callable=app))
    settings["post_fork"](None, worker)
    assert db.engine.pool is not pool  # new connections come from a new pool
    # ... and the parent's connection is left open for the parent (close=False).
    assert not inherited.closed
    assert inherited.exec_driver_sql("SELECT 1").scalar() == 1
    inherited.close()
    pool.dispose()  # in a real worker the parent closes these; here the test does
