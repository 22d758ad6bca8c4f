"""Guessing a complaint's PIN is throttled per tracking code, however the code is written.

The per-address limit alone would let a botnet guess on; the per-code limit stops that,
and must count every spelling of one code together without locking out other codes.
(Sign-in throttling is tested in test_auth.py.)
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tests.complaints.conftest import raise_complaint
from tests.ratelimits import LimiterClock, rate_limits_on


@pytest.fixture
def throttled(app: Flask, monkeypatch: pytest.MonkeyPatch) -> Iterator[LimiterClock]:
    """Three PIN guesses per code in ten minutes."""
    with rate_limits_on(app, monkeypatch, COMPLAINT_PIN_RATE_LIMIT="3 per 10 minutes") as clock:
        yield clock


def look_up(client: FlaskClient, code: str, pin: str, address: str) -> int:
    response = client.post(
        "/phan-anh/tra-cuu", data={"code": code, "pin": pin}, environ_base={"REMOTE_ADDR": address}
    )
    return response.status_code


def spellings(code: str) -> list[str]:
    """How people type ``PA-K7M2QX4D`` from paper."""
    bare = code.removeprefix("PA-")
    return [code, code.lower(), f"pa {bare[:4]} {bare[4:]}", bare, f" {bare.lower()} "]


def test_guesses_at_one_code_count_together_in_every_spelling_and_from_every_address(
    throttled: LimiterClock, client: FlaskClient, seeded: Session
) -> None:
    _complaint, receipt = raise_complaint(seeded)
    wrong = "000000" if receipt.pin != "000000" else "111111"
    codes = spellings(receipt.tracking_code)
    statuses = [look_up(client, c, wrong, f"10.1.{n}.1") for n, c in enumerate(codes)]
    assert statuses == [401, 401, 401, 429, 429]
    # The right PIN waits too, until the window has passed.
    assert look_up(client, receipt.tracking_code, receipt.pin or "", "10.2.0.1") == 429
    throttled.advance(10 * 60 + 1)
    assert look_up(client, receipt.tracking_code, receipt.pin or "", "10.2.0.1") == 303


def test_guessing_at_one_code_does_not_lock_out_another(
    throttled: LimiterClock, client: FlaskClient, seeded: Session
) -> None:
    _attacked, attacked = raise_complaint(seeded)
    _other, other = raise_complaint(seeded, subject="Thiếu ghế ngồi chờ")
    for n in range(4):
        look_up(client, attacked.tracking_code, "999999", f"10.3.{n}.1")
    assert look_up(client, attacked.tracking_code, "999999", "10.3.9.1") == 429
    assert look_up(client, other.tracking_code, other.pin or "", "10.4.0.1") == 303
