"""Limits against the production set-up: gunicorn with several workers, on the suite's database.

One server for the module (three workers, recycled after a few requests), with its
per-address rate limits in a throwaway redis-server when there is one (always under
CI=true). Lock-outs on wrong PINs are rows in the database: exact whichever worker takes
a guess, and kept when a flood recycles the workers.
"""

from __future__ import annotations

import os
import re
import runpy
import secrets
import shutil
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bench.server import production_server
from survey_app.core.lockouts import _digest
from survey_app.core.qr.codes import ALPHABET
from survey_app.models import FailedGuess, utcnow
from tests.complaints.conftest import raise_complaint
from tests.live import post
from tests.redis_server import redis_url  # noqa: F401  (a fixture)
from tests.tools import require_tool

WORKERS = 3
ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True, slots=True)
class Live:
    base: str
    key: bytes  # the server's SECRET_KEY
    log: Path
    store: str  # RATELIMIT_STORAGE_URI
    cookie: str  # a session cookie and the CSRF token that goes with it
    token: str


@pytest.fixture(scope="module")
def limiter_store(request: pytest.FixtureRequest) -> str:
    """Redis when redis-server is installed (required under CI=true), else memory://."""
    if shutil.which("redis-server") is None and os.environ.get("CI") != "true":
        return "memory://"
    require_tool("redis-server")
    return str(request.getfixturevalue("redis_url"))


@pytest.fixture(scope="module")
def live(
    db_url: str, limiter_store: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Live]:
    secret = secrets.token_urlsafe(32)
    log = tmp_path_factory.mktemp("gunicorn") / "error.log"
    with production_server(
        db_url,
        secret,
        workers=WORKERS,
        RATELIMIT_STORAGE_URI=limiter_store,
        # A worker is replaced after ~20 requests: the flood below recycles every one.
        GUNICORN_MAX_REQUESTS="20",
        GUNICORN_CMD_ARGS=f"--log-level info --error-logfile {log}",
    ) as base:
        with urllib.request.urlopen(base + "/phan-anh/tra-cuu", timeout=60) as reply:
            cookies = reply.headers.get_all("Set-Cookie") or []
            cookie = "; ".join(c.split(";", 1)[0] for c in cookies)
            page = BeautifulSoup(reply.read(), "html.parser")
        token = page.select_one("input[name=csrf_token]")["value"]
        yield Live(base, secret.encode(), log, limiter_store, cookie, str(token))


def guess(live: Live, code: str, pin: str, address: str) -> int:
    """A PIN guess from ``address`` (the server trusts one proxy's X-Forwarded-For)."""
    headers = {"Cookie": live.cookie, "X-Forwarded-For": address}
    data = {"csrf_token": live.token, "code": code, "pin": pin}
    return post(live.base + "/phan-anh/tra-cuu", data, timeout=60, headers=headers).status


def at_once(calls: list[tuple[str, str, str]], live: Live) -> list[int]:
    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(lambda call: guess(live, *call), calls))


def wrong_pin(right: str | None) -> str:
    return "000000" if right != "000000" else "111111"


def test_pin_lockout_is_exact_across_workers_and_survives_recycled_workers(
    live: Live, seeded: Session
) -> None:
    _complaint, receipt = raise_complaint(seeded)
    code, wrong = receipt.tracking_code, wrong_pin(receipt.pin)
    # 36 of the 40 wrong guesses a code may take in a day, already made from elsewhere.
    subject = _digest(live.key, "pin", code)
    for n in range(36):
        where = _digest(live.key, "address", f"192.0.2.{n}")
        seeded.add(FailedGuess(kind="pin", subject=subject, address=where, at=utcnow()))
    seeded.commit()
    statuses = at_once([(code, wrong, f"198.51.100.{n}") for n in range(12)], live)
    assert sorted(statuses) == [401] * 4 + [429] * 8
    # A flood of cheap requests replaces every worker; the guesses stay counted.
    for _ in range(WORKERS * 25):
        with urllib.request.urlopen(live.base + "/healthz/live", timeout=60) as reply:
            assert reply.status == 200
    assert guess(live, code, receipt.pin or "", "203.0.113.9") == 429
    seeded.expire_all()
    assert seeded.scalar(select(func.count()).select_from(FailedGuess)) == 40


def test_a_stranger_hammering_from_one_address_leaves_the_owner_in(
    live: Live, seeded: Session
) -> None:
    _complaint, receipt = raise_complaint(seeded)
    seeded.commit()
    code, wrong = receipt.tracking_code, wrong_pin(receipt.pin)
    statuses = at_once([(code, wrong, "198.51.100.77")] * 10, live)
    # Three free wrong guesses, then a delay: concurrent guesses are admitted exactly.
    assert sorted(statuses) == [401] * 3 + [429] * 7
    assert guess(live, code, receipt.pin or "", "203.0.113.10") == 303


def test_per_address_rate_limits_hold_across_workers_in_redis(live: Live, seeded: Session) -> None:
    if not live.store.startswith("redis://"):
        pytest.skip("redis-server is missing: apt-get install redis-server")
    # Look-ups of codes nobody holds, each its own secret: only the per-address limit
    # (COMPLAINT_LOOKUP_RATE_LIMIT, 10 a minute) can refuse them.
    codes = ["PA-" + "".join(secrets.choice(ALPHABET) for _ in range(8)) for _ in range(15)]
    statuses = at_once([(c, "123456", "198.51.100.200") for c in codes], live)
    assert sorted(statuses) == [401] * 10 + [429] * 5


def test_the_server_says_on_start_up_what_the_rate_limits_are(live: Live) -> None:
    log = live.log.read_text(errors="replace")
    if live.store.startswith("redis://"):
        assert "rate limits: shared by every worker in the redis store" in log
        assert "memory://" not in log
    else:
        assert f"counts in each of the {WORKERS} worker processes" in log


class _Log:
    def __init__(self) -> None:
        self.lines: list[tuple[str, str]] = []

    def warning(self, message: str, *args: object) -> None:
        self.lines.append(("warning", message % args))

    def info(self, message: str, *args: object) -> None:
        self.lines.append(("info", message % args))


@dataclass
class _Arbiter:
    num_workers: int
    log: _Log


@pytest.mark.parametrize(
    ("store", "workers", "expected"),
    [
        ("", 4, r"warning: .*memory:// counts in each of the 4 worker processes.*up to 4 times.*"),
        ("memory://", 1, r"info: .*one worker process, memory:// is exact.*"),
        ("redis://127.0.0.1:6379/0", 4, r"info: .*shared by every worker in the redis store"),
    ],
)
def test_gunicorns_start_up_line_says_what_holds(
    monkeypatch: pytest.MonkeyPatch, store: str, workers: int, expected: str
) -> None:
    if store:
        monkeypatch.setenv("RATELIMIT_STORAGE_URI", store)
    else:
        monkeypatch.delenv("RATELIMIT_STORAGE_URI", raising=False)
    when_ready = runpy.run_path(str(ROOT / "gunicorn.conf.py"))["when_ready"]
    log = _Log()
    when_ready(_Arbiter(workers, log))
    ((level, line),) = log.lines
    assert re.fullmatch(expected, f"{level}: {line}")
    assert "redis://127.0.0.1" not in line  # never a URL that may hold a password
