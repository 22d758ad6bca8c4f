"""One clock, Lạng Sơn's: a UTC server between 00:00 and 07:00 local time is not a day behind."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import time_machine
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from survey_app.core.clock import LOCAL_TZ, now_local, today_local
from survey_app.models import Response, Role
from tests import factories
from tests.html import parse
from tests.staff.test_paper_slips import SLIP

ROOT = Path(__file__).resolve().parents[2]
# 01:00 on Monday 30 November in Lạng Sơn: still Sunday the 29th, 18:00, in UTC.
LOCAL_ONE_AM = datetime(2026, 11, 30, 1, 0, tzinfo=LOCAL_TZ)
SERVERS_CLOCK = (
    re.compile(r"\bdate\.today\("),
    re.compile(r"\bdatetime\.now\(\s*\)"),
    re.compile(r"\bdatetime\.utcnow\b"),
    re.compile(r"\bZoneInfo\("),
    re.compile(r"Ho_Chi_Minh"),
    re.compile(r"timedelta\(hours=7\)"),
)


def test_nothing_but_the_clock_reads_the_time_or_names_the_zone() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for package in ("survey_app", "forms")
        for path in sorted((ROOT / package).rglob("*.py"))
        if path != ROOT / "survey_app" / "core" / "clock.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if any(pattern.search(line) for pattern in SERVERS_CLOCK)
    ]
    assert offenders == []


def test_the_checker_finds_the_servers_clock() -> None:
    for line in ("d = date.today()", "datetime.now()", "datetime.utcnow()", 'ZoneInfo("UTC")'):
        assert any(p.search(line) for p in SERVERS_CLOCK), line
    assert not any(p.search(line) for p in SERVERS_CLOCK for line in ["datetime.now(UTC)"])


@pytest.fixture
def utc_server_at_one_am_local(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The process on UTC, the clock at 01:00 in Lạng Sơn."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    # A UTC destination: given a ZoneInfo one, time-machine would set the process zone to it.
    with time_machine.travel(LOCAL_ONE_AM.astimezone(UTC), tick=False):
        assert date.today() == date(2026, 11, 29)  # the server's date: yesterday there
        yield
    monkeypatch.undo()
    time.tzset()


def test_the_clock_gives_lang_sons_date(utc_server_at_one_am_local: None) -> None:
    assert today_local() == date(2026, 11, 30)
    assert now_local().utcoffset().total_seconds() == 7 * 3600
    assert now_local().astimezone(UTC).hour == 18


def test_a_paper_slip_dated_today_is_accepted_at_one_am(
    utc_server_at_one_am_local: None, client: FlaskClient, seeded: Session
) -> None:
    factories.log_in(client, factories.user(seeded))
    page = parse(client.get("/quan-ly/phieu-giay"))
    assert page.select_one("input[name=visit_date]")["value"] == "2026-11-30"
    slip = {
        **SLIP,
        "submission": page.select_one("input[name=submission]")["value"],
        "centre": str(factories.centre(seeded).id),
        "visit_date": "2026-11-30",
    }
    response = client.post("/quan-ly/phieu-giay", data=slip)
    assert response.status_code == 303
    stored = seeded.scalar(select(Response))
    assert stored.submitted_at.astimezone(LOCAL_TZ).date() == date(2026, 11, 30)


def test_week_and_period_pages_take_lang_sons_date(
    utc_server_at_one_am_local: None, client: FlaskClient, seeded: Session
) -> None:
    # Monday in Lạng Sơn: the week that just ended is 23-29 November (16-22 on UTC's Sunday).
    factories.log_in(client, factories.user(seeded, username="qtv", role=Role.ADMIN))
    week = parse(client.get("/quan-ly/trung-tam/van-quan"))
    assert week.select_one("a[href$='?tuan=2026-11-30']") is not None
    assert week.select_one("img[src$='chi-so.svg?tuan=2026-11-23']") is not None
    province = parse(client.get("/quan-ly/tinh"))
    weeks = [o["value"] for o in province.select("option") if o["value"].count("-") == 2]
    assert weeks[0] == "2026-11-23"
