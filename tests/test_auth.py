"""Staff sign in and out; sessions end on the server."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from survey_app.extensions import limiter
from survey_app.models import Role
from tests import factories
from tests.html import parse, text_of


def test_login_page_is_in_vietnamese(client: FlaskClient) -> None:
    page = parse(client.get("/login"))
    assert text_of(page, "h1") == "Đăng nhập cho cán bộ"
    assert page.select_one("label[for=username]").get_text(strip=True) == "Tên đăng nhập"


def test_wrong_password_is_refused_without_saying_which_part_was_wrong(
    client: FlaskClient, seeded: Session
) -> None:
    factories.user(seeded)
    for username in ("quanly", "khongco"):
        response = client.post("/login", data={"username": username, "password": "sai"})
        assert response.status_code == 401
        assert text_of(parse(response), ".error") == "Tên đăng nhập hoặc mật khẩu không đúng."


def test_signing_in_opens_the_staff_page(client: FlaskClient, seeded: Session) -> None:
    account = factories.user(seeded)
    factories.log_in(client, account)
    page = parse(client.get("/staff/"))
    assert text_of(page, "h1") == "Trang cán bộ"
    assert "Trung tâm Phục vụ hành chính công xã Văn Quan" in text_of(page, "main")


def test_next_never_leads_off_the_site(client: FlaskClient, seeded: Session) -> None:
    account = factories.user(seeded)
    for target in ("https://evil.example/", "//evil.example/x", "javascript:alert(1)"):
        response = client.post(
            f"/login?next={target}",
            data={"username": account.username, "password": factories.PASSWORD},
        )
        assert response.headers["Location"] == "/staff/"
        client.post("/logout")
    response = client.post(
        "/login?next=/staff/paper",
        data={"username": account.username, "password": factories.PASSWORD},
    )
    assert response.headers["Location"] == "/staff/paper"


def test_signing_out_ends_the_session_on_every_device(app: Flask, seeded: Session) -> None:
    account = factories.user(seeded)
    office, phone = app.test_client(), app.test_client()
    factories.log_in(office, account)
    factories.log_in(phone, account)
    assert phone.get("/staff/").status_code == 200
    assert office.post("/logout").status_code == 302
    assert office.get("/staff/").status_code == 302
    # The phone's cookie is still signed and unexpired, but the server no longer honours it.
    assert phone.get("/staff/").headers["Location"].startswith("/login")


def test_a_disabled_account_cannot_sign_in(client: FlaskClient, seeded: Session) -> None:
    account = factories.user(seeded)
    account.active = False
    seeded.commit()
    response = client.post(
        "/login", data={"username": account.username, "password": factories.PASSWORD}
    )
    assert response.status_code == 401


def test_password_guessing_is_throttled(app: Flask, client: FlaskClient, seeded: Session) -> None:
    factories.user(seeded)
    app.config.update(RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="3 per minute")
    limiter.init_app(app)
    try:
        statuses = [
            client.post("/login", data={"username": "quanly", "password": f"sai{i}"}).status_code
            for i in range(4)
        ]
    finally:
        limiter.reset()
    assert statuses == [401, 401, 401, 429]


def test_session_cookie_is_http_only_and_same_site(client: FlaskClient, seeded: Session) -> None:
    account = factories.user(seeded, role=Role.VIEWER)
    response = client.post(
        "/login", data={"username": account.username, "password": factories.PASSWORD}
    )
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_a_nul_in_the_username_is_refused_not_sent_to_the_database(
    client: FlaskClient, seeded: Session
) -> None:
    response = client.post("/login", data={"username": "quan\x00ly", "password": "x"})
    assert response.status_code == 200
    assert "ký tự không hợp lệ" in text_of(parse(response), ".error")
