"""Lock-outs on wrong PINs and passwords: exact, in the database, and hard to turn on the owner.

Guesses count per secret and address (tight cap, growing delays) and per secret from every
address (a higher cap): one stranger cannot lock out the owner, a botnet cannot guess on,
every spelling of a code is one code, and a new process remembers every guess.
(survey_app.core.lockouts says why; the same against gunicorn is in test_limits_live.py.)
"""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

import survey_app.core.lockouts
from survey_app import create_app
from survey_app.admin.users import reset_password
from survey_app.extensions import db
from survey_app.models import FailedGuess
from tests import factories
from tests.complaints.conftest import raise_complaint
from tests.ratelimits import LimiterClock


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> LimiterClock:
    """The lock-outs' clock, which the test moves forward."""
    now = LimiterClock(1_800_000_000.0)
    monkeypatch.setattr(survey_app.core.lockouts, "utcnow", now.utcnow)
    return now


def look_up(client: FlaskClient, code: str, pin: str, address: str) -> int:
    response = client.post(
        "/phan-anh/tra-cuu", data={"code": code, "pin": pin}, environ_base={"REMOTE_ADDR": address}
    )
    return response.status_code


def log_in(client: FlaskClient, username: str, password: str, address: str) -> int:
    response = client.post(
        "/dang-nhap",
        data={"username": username, "password": password},
        environ_base={"REMOTE_ADDR": address},
    )
    return response.status_code


def wrong_pin(right: str | None) -> str:
    return "000000" if right != "000000" else "111111"


def spellings(code: str) -> list[str]:
    """How people type ``PA-K7M2QX4D`` from paper."""
    bare = code.removeprefix("PA-")
    return [code, code.lower(), f"pa {bare[:4]} {bare[4:]}", bare, f" {bare.lower()} "]


def test_guesses_at_one_code_count_together_in_every_spelling_and_from_every_address(
    app: Flask, clock: LimiterClock, client: FlaskClient, seeded: Session
) -> None:
    app.config.update(COMPLAINT_PIN_LOCKOUT_OVERALL="3 per 10 minutes")
    _complaint, receipt = raise_complaint(seeded)
    wrong = wrong_pin(receipt.pin)
    codes = spellings(receipt.tracking_code)
    statuses = [look_up(client, c, wrong, f"10.1.{n}.1") for n, c in enumerate(codes)]
    assert statuses == [401, 401, 401, 429, 429]
    # The right PIN waits too, until the window has passed.
    assert look_up(client, receipt.tracking_code, receipt.pin or "", "10.2.0.1") == 429
    clock.advance(10 * 60 + 1)
    assert look_up(client, receipt.tracking_code, receipt.pin or "", "10.2.0.1") == 303


def test_guessing_at_one_code_does_not_lock_out_another(
    app: Flask, clock: LimiterClock, client: FlaskClient, seeded: Session
) -> None:
    app.config.update(COMPLAINT_PIN_LOCKOUT_OVERALL="3 per 10 minutes")
    _attacked, attacked = raise_complaint(seeded)
    _other, other = raise_complaint(seeded, subject="Thiếu ghế ngồi chờ")
    for n in range(4):
        look_up(client, attacked.tracking_code, "999999", f"10.3.{n}.1")
    assert look_up(client, attacked.tracking_code, "999999", "10.3.9.1") == 429
    assert look_up(client, other.tracking_code, other.pin or "", "10.4.0.1") == 303


def test_a_stranger_hammering_one_code_cannot_lock_out_its_owner(
    clock: LimiterClock, client: FlaskClient, seeded: Session
) -> None:
    """The configured policy: 3 free guesses, then 2 s, 4 s…, at most 5 per 10 minutes."""
    _complaint, receipt = raise_complaint(seeded)
    statuses = []
    for _ in range(40):
        statuses.append(look_up(client, receipt.tracking_code, wrong_pin(receipt.pin), "10.9.9.9"))
        clock.advance(1)
    assert statuses.count(401) == 5
    assert statuses[:5] == [401, 401, 401, 429, 401]
    assert look_up(client, receipt.tracking_code, receipt.pin or "", "10.1.1.1") == 303
    # Patience does not help the stranger reach the overall cap: 10 a day per address.
    for _ in range(30):
        clock.advance(10 * 60)
        look_up(client, receipt.tracking_code, wrong_pin(receipt.pin), "10.9.9.9")
    assert len(seeded.scalars(select(FailedGuess)).all()) == 10
    assert look_up(client, receipt.tracking_code, receipt.pin or "", "10.1.1.1") == 303


def test_delays_grow_between_one_addresss_wrong_guesses(
    app: Flask, clock: LimiterClock, client: FlaskClient, seeded: Session
) -> None:
    app.config.update(
        LOCKOUT_FREE_FAILURES=2,
        LOCKOUT_FIRST_DELAY_SECONDS=10,
        COMPLAINT_PIN_LOCKOUT_PER_ADDRESS="20 per day",
    )
    _complaint, receipt = raise_complaint(seeded)

    def guess() -> int:
        return look_up(client, receipt.tracking_code, wrong_pin(receipt.pin), "10.5.0.1")

    assert [guess(), guess(), guess()] == [401, 401, 429]
    clock.advance(10)
    assert [guess(), guess()] == [401, 429]
    clock.advance(10)
    assert guess() == 429  # now 20 s
    clock.advance(10)
    assert guess() == 401
    refused = client.post(
        "/phan-anh/tra-cuu?lang=en",
        data={"code": receipt.tracking_code, "pin": "123456"},
        environ_base={"REMOTE_ADDR": "10.5.0.1"},
    )
    assert refused.status_code == 429
    assert refused.headers["Retry-After"] == "40"  # 40 s after the fourth wrong guess
    assert "Please try again in 1 min." in refused.get_data(as_text=True)


def test_many_addresses_reach_the_overall_cap_exactly_then_everyone_waits(
    app: Flask, clock: LimiterClock, client: FlaskClient, seeded: Session
) -> None:
    app.config.update(COMPLAINT_PIN_LOCKOUT_OVERALL="6 per day")
    _complaint, receipt = raise_complaint(seeded)
    wrong = wrong_pin(receipt.pin)
    statuses = [look_up(client, receipt.tracking_code, wrong, f"10.6.{n}.1") for n in range(10)]
    assert statuses == [401] * 6 + [429] * 4
    assert look_up(client, receipt.tracking_code, receipt.pin or "", "10.1.1.1") == 429
    clock.advance(24 * 3600 + 1)
    assert look_up(client, receipt.tracking_code, receipt.pin or "", "10.1.1.1") == 303


def test_the_owners_right_pin_forgives_their_own_wrong_guesses(
    clock: LimiterClock, client: FlaskClient, seeded: Session
) -> None:
    _complaint, receipt = raise_complaint(seeded)
    wrong = wrong_pin(receipt.pin)
    assert [look_up(client, receipt.tracking_code, wrong, "10.7.0.1") for _ in range(3)] == [
        401
    ] * 3
    clock.advance(2)
    assert look_up(client, receipt.tracking_code, receipt.pin or "", "10.7.0.1") == 303
    assert [look_up(client, receipt.tracking_code, wrong, "10.7.0.1") for _ in range(3)] == [
        401
    ] * 3


def test_one_ipv6_subscriber_is_one_address(
    app: Flask, clock: LimiterClock, client: FlaskClient, seeded: Session
) -> None:
    app.config.update(COMPLAINT_PIN_LOCKOUT_PER_ADDRESS="2 per day", LOCKOUT_FREE_FAILURES=10)
    _complaint, receipt = raise_complaint(seeded)
    wrong = wrong_pin(receipt.pin)
    same_64 = ["2001:db8:5:7::1", "2001:db8:5:7::2", "2001:db8:5:7:abcd::3"]
    assert [look_up(client, receipt.tracking_code, wrong, a) for a in same_64] == [401, 401, 429]
    assert look_up(client, receipt.tracking_code, wrong, "2001:db8:5:8::1") == 401


def test_a_new_process_remembers_every_wrong_guess_and_keeps_no_code_or_address_in_clear(
    app: Flask, clock: LimiterClock, client: FlaskClient, seeded: Session, db_url: str
) -> None:
    app.config.update(COMPLAINT_PIN_LOCKOUT_OVERALL="3 per day")
    _complaint, receipt = raise_complaint(seeded)
    for n in range(3):
        assert look_up(client, receipt.tracking_code, wrong_pin(receipt.pin), f"10.8.{n}.1") == 401
    restarted = create_app("testing", SQLALCHEMY_DATABASE_URI=db_url)
    restarted.config.update(
        SECRET_KEY=app.config["SECRET_KEY"], COMPLAINT_PIN_LOCKOUT_OVERALL="3 per day"
    )
    with restarted.app_context():
        fresh = restarted.test_client()
        assert look_up(fresh, receipt.tracking_code, receipt.pin or "", "10.1.1.1") == 429
        db.session.remove()
        db.engine.dispose()
    rows = seeded.scalars(select(FailedGuess)).all()
    stored = " ".join(f"{r.kind} {r.subject} {r.address}" for r in rows)
    assert len(rows) == 3
    for clear in (receipt.tracking_code, receipt.tracking_code.removeprefix("PA-"), "10.8.0.1"):
        assert clear not in stored


def test_a_stranger_cannot_lock_a_staff_member_out_but_many_addresses_are_capped(
    app: Flask, clock: LimiterClock, client: FlaskClient, seeded: Session
) -> None:
    app.config.update(LOGIN_LOCKOUT_OVERALL="10 per hour")
    factories.user(seeded, username="quanly")
    statuses = []
    for _ in range(16):
        statuses.append(log_in(client, "quanly", "sai", "10.20.0.1"))
        clock.advance(5)
    stranger = statuses.count(401)
    assert stranger == 7  # at 0, 5, 10 s; then waits of 2, 4, 8, 16 s: at 15, 20, 30, 50 s
    assert log_in(client, "quanly", factories.PASSWORD, "10.21.0.1") == 302
    client.post("/dang-xuat")
    # Many addresses together reach the account's cap, exactly; then the owner waits too.
    statuses = [log_in(client, "QuanLy", "sai", f"10.22.{n}.1") for n in range(5)]
    assert statuses == [401, 401, 401, 429, 429]
    assert log_in(client, "quanly", factories.PASSWORD, "10.21.0.1") == 429


def test_unknown_user_names_lock_out_as_real_ones_do(
    app: Flask, clock: LimiterClock, client: FlaskClient, seeded: Session
) -> None:
    app.config.update(LOGIN_LOCKOUT_OVERALL="3 per hour")
    factories.user(seeded, username="quanly")
    real = [log_in(client, "quanly", "sai", f"10.30.{n}.1") for n in range(4)]
    unknown = [log_in(client, "khongco", "sai", f"10.31.{n}.1") for n in range(4)]
    assert real == unknown == [401, 401, 401, 429]


def test_an_administrators_password_reset_lifts_the_accounts_lock_out(
    app: Flask, clock: LimiterClock, client: FlaskClient, seeded: Session
) -> None:
    app.config.update(LOGIN_LOCKOUT_OVERALL="3 per hour")
    admin = factories.user(seeded, username="sonoivu")
    staff = factories.user(seeded, username="quanly")
    statuses = [log_in(client, "quanly", "sai", f"10.40.{n}.1") for n in range(4)]
    assert statuses == [401, 401, 401, 429]
    with app.test_request_context():
        reset_password(seeded, admin, staff, "mat-khau-moi-dai-du-12")
        seeded.commit()
    assert log_in(client, "quanly", "mat-khau-moi-dai-du-12", "10.41.0.1") == 302
    # Every wrong guess at the old password is forgotten.
    assert seeded.scalar(select(FailedGuess.id).limit(1)) is None
