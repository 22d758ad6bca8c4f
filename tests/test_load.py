"""Reliability under load, against the production server set-up (gunicorn, CSRF on).

Each test starts gunicorn on loopback with gunicorn.conf.py and the production
configuration, on the suite's database, and drives it with bench.loadgen: every
submission is a citizen's whole round trip (GET the form, POST it with its tokens).
"""

from __future__ import annotations

import asyncio
import os
import secrets
import subprocess
import threading
import urllib.parse
from collections import Counter
from pathlib import Path

import aiohttp
import pytest
from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bench import loadgen
from bench.data import centre_poster_codes
from bench.server import production_server, stored_exactly_once, submission_ids, wait_until
from survey_app.extensions import db
from survey_app.models import Response
from tests.html import kept_answers


@pytest.fixture
def poster_codes(seeded: Session) -> list[str]:
    """A poster code for every centre, committed so the server sees them."""
    codes = centre_poster_codes(seeded)
    seeded.commit()
    return codes


def stored_responses(session: Session) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(Response)) or 0


def test_200_clients_send_5000_submissions_each_stored_exactly_once(
    app: Flask, poster_codes: list[str], db_url: str
) -> None:
    secret = secrets.token_urlsafe(32)
    acknowledged: list[str] = []
    with production_server(db_url, secret) as base:
        result = loadgen.run_count(
            loadgen.submit(base, poster_codes, acknowledged), clients=200, total=5000
        )
    assert dict(result.errors) == {}  # no 5xx, no refusal, no dropped connection
    assert len(acknowledged) == 5000
    ids = submission_ids(acknowledged, secret)
    assert stored_exactly_once(db_url, ids) == (5000, 5000)
    assert stored_responses(db.session) == 5000


def test_database_restart_mid_load_loses_no_acknowledged_submission(
    app: Flask, poster_codes: list[str], db_url: str
) -> None:
    if not db_url.startswith("postgresql"):
        pytest.skip("restarts a PostgreSQL server: this run is on SQLite")
    secret = secrets.token_urlsafe(32)
    acknowledged: list[str] = []
    failed: list[loadgen.Attempt] = []
    # Acknowledged means committed: the app's own connections commit synchronously even
    # though the throwaway test server is set up for speed.
    durable = _with_options(db_url, "-c synchronous_commit=on")
    with production_server(durable, secret) as base:
        operation = loadgen.submit(base, poster_codes, acknowledged, failed)
        outcome: dict[str, loadgen.LoadResult] = {}
        load = threading.Thread(
            target=lambda: outcome.setdefault(
                "load", loadgen.run_count(operation, clients=50, total=1500)
            )
        )
        load.start()
        wait_until(lambda: len(acknowledged) >= 300, limit=120)
        acknowledged_before = len(acknowledged)
        # This process's own pooled connections would die with the server: close them.
        db.session.close()
        db.engine.dispose()
        _restart_postgres()
        load.join(timeout=300)
        result = outcome["load"]
        assert len(acknowledged) > acknowledged_before  # the load went on afterwards
        assert failed, "the restart should have refused some submissions"
        for attempt in failed:
            assert attempt.status == 503, (attempt.status, attempt.body[:300])
            assert "Gửi lại" in attempt.body
            kept = kept_answers(attempt.body)
            sent = {k: v for k, v in attempt.data.items() if k != "csrf_token"}
            assert {k: v for k, v in kept.items() if k in sent} == sent
        refused = Counter(result.errors)
        assert set(refused) <= {"submit POST 503", "form GET 503"}, refused
        # Every citizen who was told "not saved" presses Send again: stored once each,
        # whether or not the first try had in fact been committed.
        resent = _resend(failed)
    assert resent == [303] * len(failed)
    tokens = acknowledged + [a.data["submission"] for a in failed]
    ids = submission_ids(tokens, secret)
    assert stored_exactly_once(db_url, ids) == (len(ids), len(ids))
    assert stored_responses(db.session) == len(ids)


def _with_options(url: str, options: str) -> str:
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}options={urllib.parse.quote(options)}"


def _restart_postgres() -> None:
    """Stop the server as a crash would (no checkpoint, connections cut), start it again."""
    pg_ctl = str(Path(os.environ["PGBIN"]) / "pg_ctl")
    owner = os.environ.get("HAILONG_PG_OWNER")
    command = [pg_ctl, "-D", os.environ["PGDATA"], "-l", os.environ["HAILONG_PG_LOG"]]
    command += ["-m", "immediate", "-w", "-t", "60", "restart"]
    if owner:
        command = ["runuser", "-u", owner, "--", *command]
    subprocess.run(command, check=True, capture_output=True, timeout=90)


def _resend(failed: list[loadgen.Attempt]) -> list[int]:
    """POST every refused submission again, as the citizen pressing "Send again" would."""

    async def send_all() -> list[int]:
        async with aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar()) as session:
            return [(await loadgen.post_form(session, a.url, a.data, a.headers))[0] for a in failed]

    return asyncio.run(send_all())
