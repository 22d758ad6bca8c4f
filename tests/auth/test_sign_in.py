"""Staff sign in and out; sessions end on the server."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session
from werkzeug.test import TestResponse

from survey_app.extensions import limiter
from survey_app.models import Role
from tests import factories
from tests.html import parse, text_of
from tests.ratelimits import LimiterClock, rate_limits_on


def test_login_page_is_in_vietnamese(client: FlaskClient) -> None:
    page = parse(client.get("/dang-nhap"))
    assert text_of(page, "h1") == "Đăng nhập cho cán bộ"
    assert page.select_one("label[for=username]").get_text(strip=True) == "Tên đăng nhập"


def test_wrong_password_is_refused_without_saying_which_part_was_wrong(
    client: FlaskClient, seeded: Session
) -> None:
    factories.user(seeded)
    for username in ("quanly", "khongco"):
        response = client.post("/dang-nhap", data={"username": username, "password": "sai"})
        assert response.status_code == 401
        assert text_of(parse(response), ".error") == "Tên đăng nhập hoặc mật khẩu không đúng."


def test_signing_in_opens_the_staff_page(client: FlaskClient, seeded: Session) -> None:
    account = factories.user(seeded)
    factories.log_in(client, account)
    page = parse(client.get("/quan-ly/"))
    assert text_of(page, "h1") == "Trang cán bộ"
    assert "Trung tâm Phục vụ hành chính công xã Văn Quan" in text_of(page, "main")


def test_next_never_leads_off_the_site(client: FlaskClient, seeded: Session) -> None:
    account = factories.user(seeded)
    for target in ("https://evil.example/", "//evil.example/x", "javascript:alert(1)"):
        response = client.post(
            f"/dang-nhap?next={target}",
            data={"username": account.username, "password": factories.PASSWORD},
        )
        # Not there: where the manager's work is, their centre's week.
        assert response.headers["Location"] == "/quan-ly/trung-tam/van-quan"
        client.post("/dang-xuat")
    response = client.post(
        "/dang-nhap?next=/quan-ly/phieu-giay",
        data={"username": account.username, "password": factories.PASSWORD},
    )
    assert response.headers["Location"] == "/quan-ly/phieu-giay"


def test_signing_out_ends_the_session_on_every_device(app: Flask, seeded: Session) -> None:
    account = factories.user(seeded)
    office, phone = app.test_client(), app.test_client()
    factories.log_in(office, account)
    factories.log_in(phone, account)
    assert phone.get("/quan-ly/").status_code == 200
    assert office.post("/dang-xuat").status_code == 302
    assert office.get("/quan-ly/").status_code == 302
    # The phone's cookie is still signed and unexpired, but the server no longer honours it.
    assert phone.get("/quan-ly/").headers["Location"].startswith("/dang-nhap")


def test_a_disabled_account_cannot_sign_in(client: FlaskClient, seeded: Session) -> None:
    account = factories.user(seeded)
    account.active = False
    seeded.commit()
    response = client.post(
        "/dang-nhap", data={"username": account.username, "password": factories.PASSWORD}
    )
    assert response.status_code == 401


def test_password_guessing_is_throttled(app: Flask, client: FlaskClient, seeded: Session) -> None:
    factories.user(seeded)
    app.config.update(RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="3 per minute")
    limiter.init_app(app)
    try:
        statuses = [
            client.post(
                "/dang-nhap", data={"username": "quanly", "password": f"sai{i}"}
            ).status_code
            for i in range(4)
        ]
    finally:
        limiter.reset()
    assert statuses == [401, 401, 401, 429]


def test_session_cookie_is_http_only_and_same_site(client: FlaskClient, seeded: Session) -> None:
    account = factories.user(seeded, role=Role.VIEWER)
    response = client.post(
        "/dang-nhap", data={"username": account.username, "password": factories.PASSWORD}
    )
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_a_nul_in_the_username_is_refused_not_sent_to_the_database(
    client: FlaskClient, seeded: Session
) -> None:
    response = client.post("/dang-nhap", data={"username": "quan\x00ly", "password": "x"})
    assert response.status_code == 200
    assert "ký tự không hợp lệ" in text_of(parse(response), ".error")


@pytest.fixture
def throttled(app: Flask, monkeypatch: pytest.MonkeyPatch) -> Iterator[LimiterClock]:
    """Sign-in limited to 3 attempts a minute, per address and per username."""
    with rate_limits_on(app, monkeypatch, LOGIN_RATE_LIMIT="3 per minute") as clock:
        yield clock


def guess(
    client: FlaskClient, *, password: str = "sai", address: str = "10.0.0.1", lang: str = "vi"
) -> TestResponse:
    """One sign-in attempt at the account ``quanly`` from ``address``."""
    return client.post(
        f"/dang-nhap?lang={lang}",
        data={"username": "quanly", "password": password},
        environ_base={"REMOTE_ADDR": address},
    )


def test_a_throttled_guess_is_told_to_wait_in_its_language(
    throttled: LimiterClock, client: FlaskClient, seeded: Session
) -> None:
    factories.user(seeded)
    assert [guess(client).status_code for _ in range(3)] == [401, 401, 401]
    refused = guess(client)
    assert refused.status_code == 429
    assert text_of(parse(refused), "h1") == "Quá nhiều yêu cầu"
    assert "Xin đợi ít phút" in text_of(parse(refused), "main")
    english = guess(client, lang="en")
    assert english.status_code == 429
    assert text_of(parse(english), "h1") == "Too many requests"


def test_guesses_at_one_account_are_throttled_from_any_address(
    app: Flask, client: FlaskClient, seeded: Session
) -> None:
    app.config.update(LOGIN_LOCKOUT_OVERALL="3 per hour")
    factories.user(seeded)
    statuses = [guess(client, address=f"10.0.{n}.1").status_code for n in range(4)]
    assert statuses == [401, 401, 401, 429]


def test_guesses_from_one_address_are_throttled_whatever_the_account(
    throttled: LimiterClock, client: FlaskClient, seeded: Session
) -> None:
    # With no trusted proxy configured, a forged X-Forwarded-For does not make a new address.
    statuses = [
        client.post(
            "/dang-nhap",
            data={"username": f"ten{n}", "password": "sai"},
            headers={"X-Forwarded-For": f"192.0.2.{n}"},
        ).status_code
        for n in range(4)
    ]
    assert statuses == [401, 401, 401, 429]


def test_the_right_password_waits_until_the_window_has_passed(
    throttled: LimiterClock, client: FlaskClient, seeded: Session
) -> None:
    factories.user(seeded)
    for _ in range(3):
        guess(client)
    assert guess(client, password=factories.PASSWORD).status_code == 429
    throttled.advance(30)
    assert guess(client, password=factories.PASSWORD).status_code == 429
    throttled.advance(31)
    response = guess(client, password=factories.PASSWORD)
    assert response.status_code == 302
    assert response.headers["Location"] == "/quan-ly/trung-tam/van-quan"
