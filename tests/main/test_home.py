"""The home page, the health check, error pages and the security headers."""

from __future__ import annotations

import gzip
import io

import brotli
import pytest
from flask import request
from flask.testing import FlaskClient
from PIL import Image
from sqlalchemy.orm import Session

from survey_app import create_app
from survey_app.extensions import db
from survey_app.security import HEADERS
from tests.html import parse, text_of


def test_home_page_is_in_vietnamese_by_default(client: FlaskClient, seeded: Session) -> None:
    page = parse(client.get("/"))
    assert page.html["lang"] == "vi"
    assert text_of(page, "h1") == "Lắng nghe người dân để phục vụ tốt hơn"
    assert page.select_one("nav.lang a")["hreflang"] == "en"


def test_home_page_lists_every_centre(client: FlaskClient, seeded: Session) -> None:
    page = parse(client.get("/"))
    names = [li.get_text() for li in page.select(".centre-list li")]
    assert len(names) == 66
    assert "Trung tâm Phục vụ hành chính công tỉnh Lạng Sơn" in names
    assert "Trung tâm Phục vụ hành chính công xã Văn Quan" in names


def test_home_page_lists_communes_in_vietnamese_order(client: FlaskClient, seeded: Session) -> None:
    page = parse(client.get("/"))
    names = [li.get_text() for li in page.select(".centre-list li")]
    assert names.index("Trung tâm Phục vụ hành chính công xã Bắc Sơn") < names.index(
        "Trung tâm Phục vụ hành chính công xã Bình Gia"
    )


def test_home_page_says_what_to_do_when_no_centre_is_loaded(client: FlaskClient) -> None:
    page = parse(client.get("/"))
    assert "flask seed reference" in text_of(page, ".empty")


def test_english_switch_translates_and_is_remembered(client: FlaskClient, seeded: Session) -> None:
    page = parse(client.get("/?lang=en"))
    assert page.html["lang"] == "en"
    assert text_of(page, "h1") == "Listening to citizens to serve them better"
    again = parse(client.get("/"))
    assert again.html["lang"] == "en"
    back = parse(client.get("/?lang=vi"))
    assert back.html["lang"] == "vi"


def test_unknown_language_falls_back_to_vietnamese(client: FlaskClient) -> None:
    assert parse(client.get("/?lang=fr")).html["lang"] == "vi"


def test_health_check_reports_the_database(client: FlaskClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok"}


def test_liveness_check_answers_without_the_database(
    client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(db, "session", None)  # any use of the database would fail
    response = client.get("/healthz/live")
    assert response.status_code == 200
    assert response.get_data() == b"ok"


@pytest.mark.parametrize(("hops", "seen"), [(0, "127.0.0.1"), (1, "203.0.113.7")])
def test_client_address_comes_from_a_trusted_proxy_only(db_url: str, hops: int, seen: str) -> None:
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=db_url, TRUSTED_PROXIES=hops)
    app.add_url_rule("/whoami", "whoami", lambda: request.remote_addr or "")
    reply = app.test_client().get("/whoami", headers={"X-Forwarded-For": "203.0.113.7"})
    assert reply.get_data(as_text=True) == seen


def test_missing_page_explains_itself_in_vietnamese(client: FlaskClient) -> None:
    response = client.get("/khong-co-trang-nay")
    assert response.status_code == 404
    assert text_of(parse(response), "h1") == "Không tìm thấy trang"


def test_every_response_carries_the_security_headers(client: FlaskClient) -> None:
    for path in ("/", "/healthz", "/khong-co-trang-nay"):
        response = client.get(path)
        for name, value in HEADERS.items():
            assert response.headers.get(name) == value, (path, name)
    csp = HEADERS["Content-Security-Policy"]
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp


def test_stylesheet_is_versioned_for_long_caching(client: FlaskClient) -> None:
    href = parse(client.get("/")).select_one("link[rel=stylesheet]")["href"]
    assert "?v=" in href
    response = client.get(href)
    response.close()
    assert response.status_code == 200
    assert response.cache_control.max_age == 365 * 24 * 3600


def test_pages_and_stylesheet_are_compressed_for_browsers_that_accept_it(
    client: FlaskClient, seeded: Session
) -> None:
    page = client.get("/", headers={"Accept-Encoding": "gzip"})
    assert page.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(page.data).decode().startswith("<!doctype html>")
    href = parse(client.get("/")).select_one("link[rel=stylesheet]")["href"]
    css = client.get(href, headers={"Accept-Encoding": "br, gzip"})
    assert css.headers["Content-Encoding"] == "br"
    assert b"box-sizing" in brotli.decompress(css.data)


def test_the_icon_browsers_ask_for_is_served_small_and_cached(client: FlaskClient) -> None:
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response.mimetype == "image/x-icon"
    assert response.cache_control.public
    assert response.cache_control.max_age >= 7 * 24 * 3600
    body = response.get_data()
    response.close()
    assert len(body) < 1024
    with Image.open(io.BytesIO(body)) as icon:
        assert icon.format == "ICO"
        assert icon.size == (32, 32)
