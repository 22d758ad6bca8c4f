"""Every citizen response, error pages included, fits a TCP connection's first flight.

A phone on weak mobile data gets about 14 KB (10 segments) in the first round trip
(engineering.md). Each page here is fetched as a browser that accepts gzip fetches it,
and its compressed HTML plus its compressed stylesheets must stay within 14,336 bytes.
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass

import pytest
from bs4 import BeautifulSoup
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session
from werkzeug.test import TestResponse

from survey_app.core.responses.tokens import KIOSK_COOKIE, issue_kiosk_cookie
from survey_app.feedback import views_rating as views
from tests import factories
from tests.browser import ARTIFACTS
from tests.feedback.test_rating import GOOD_ANSWERS
from tests.ratelimits import rate_limits_on
from tests.survey.conftest import sampled_campaign, set_populations

FIRST_FLIGHT = 14 * 1024
GZIP = {"Accept-Encoding": "gzip"}


@dataclass(frozen=True, slots=True)
class Citizen:
    """What the pages point at."""

    poster: str
    receipt: str
    used_receipt: str
    campaign: str


@pytest.fixture
def citizen(app: Flask, client: FlaskClient, seeded: Session) -> Citizen:
    poster = factories.poster(seeded, counter_number=2).code
    used = factories.receipt_code(seeded)
    token = html_of(client.get(f"/r/{used}", headers=GZIP)).select_one("input[name=submission]")
    assert (
        client.post(f"/r/{used}", data={**GOOD_ANSWERS, "submission": token["value"]}).status_code
        == 303
    )
    set_populations(seeded)
    campaign = sampled_campaign(seeded).code
    return Citizen(poster, factories.receipt_code(seeded), used, campaign)


def html_of(response: TestResponse) -> BeautifulSoup:
    """The page's HTML, whether it came compressed or not."""
    body = response.get_data()
    if response.headers.get("Content-Encoding") == "gzip":
        body = gzip.decompress(body)
    return BeautifulSoup(body.decode("utf-8"), "html.parser")


def wire_bytes(client: FlaskClient, response: TestResponse) -> int:
    """Bytes a browser that accepts gzip receives for the page and its stylesheets."""
    assert response.mimetype == "text/html", response.mimetype
    assert response.headers.get("Content-Encoding") == "gzip", response.status
    total = len(response.get_data())
    for link in html_of(response).select("link[rel=stylesheet]"):
        css = client.get(link["href"], headers=GZIP)
        assert css.headers.get("Content-Encoding") == "gzip"
        total += len(css.get_data())
        css.close()
    return total


def pages(citizen: Citizen) -> list[tuple[str, str, str, dict[str, str] | None, int]]:
    """(name, method, path, form data, expected status) for every citizen page."""
    poster, receipt = citizen.poster, citizen.receipt
    return [
        ("home", "GET", "/", None, 200),
        ("home (en)", "GET", "/?lang=en", None, 200),
        ("published figures", "GET", "/cong-khai", None, 200),
        ("poster form", "GET", f"/q/{poster}?lang=vi", None, 200),
        ("poster form (en)", "GET", f"/q/{poster}?lang=en", None, 200),
        ("receipt form", "GET", f"/r/{receipt}", None, 200),
        ("thank-you", "GET", f"/q/{poster}/cam-on", None, 200),
        ("thank-you, receipt", "GET", f"/r/{receipt}/cam-on", None, 200),
        ("complaint form", "GET", f"/q/{poster}/phan-anh", None, 200),
        ("complaint lookup", "GET", "/phan-anh/tra-cuu", None, 200),
        ("receipt code entry", "GET", "/nhap-ma", None, 200),
        ("receipt code unknown (404)", "POST", "/nhap-ma", {"receipt_code": "K7M2Q-X4B9A"}, 404),
        ("survey page", "GET", f"/khao-sat/{citizen.campaign}/1", None, 200),
        ("sign-in", "GET", "/dang-nhap", None, 200),
        ("form with errors (400)", "POST", f"/q/{poster}?lang=vi", {"submission": "x"}, 400),
        ("form with errors (400, en)", "POST", f"/q/{poster}?lang=en", {"submission": "x"}, 400),
        ("complaint with errors (400)", "POST", f"/q/{poster}/phan-anh", {"submission": "x"}, 400),
        ("lookup refused (400)", "POST", "/phan-anh/tra-cuu", {"code": "PA-2345", "pin": "1"}, 400),
        ("not a kiosk (403)", "GET", "/kiosk", None, 403),
        ("not found (404)", "GET", "/khong-co-trang-nay", None, 404),
        ("unknown poster (404)", "GET", "/q/ZZZZZZ", None, 404),
        ("wrong method (405)", "PUT", f"/q/{poster}", None, 405),
        ("code used (409)", "GET", f"/r/{citizen.used_receipt}", None, 409),
        ("too large (413)", "POST", f"/q/{poster}", {"comment": "x" * 300_000}, 413),
    ]


def test_every_citizen_page_and_error_page_fits_the_first_flight(
    client: FlaskClient, citizen: Citizen
) -> None:
    weights = {}
    table = []
    for name, method, path, data, status in pages(citizen):
        response = client.open(path, method=method, data=data, headers=GZIP)
        assert response.status_code == status, name
        weights[name] = wire_bytes(client, response)
        raw = len(gzip.decompress(response.get_data()))
        table.append(
            f"{name:<30}{status:>4}  HTML {raw:>6,} B raw  HTML+CSS {weights[name]:>6,} B gzip"
        )
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "page-weights.txt").write_text("\n".join(table) + "\n", encoding="utf-8")
    assert {k: v for k, v in weights.items() if v > FIRST_FLIGHT} == {}


def test_the_kiosk_pages_fit_the_first_flight(client: FlaskClient, citizen: Citizen) -> None:
    client.set_cookie(KIOSK_COOKIE, issue_kiosk_cookie(citizen.poster))
    for path in ("/kiosk", "/kiosk?lang=en", "/kiosk/cam-on"):
        response = client.get(path, headers=GZIP)
        assert response.status_code == 200, path
        assert wire_bytes(client, response) <= FIRST_FLIGHT, path


def test_too_many_requests_page_fits_the_first_flight(
    app: Flask, client: FlaskClient, seeded: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    poster = factories.poster(seeded).code
    with rate_limits_on(app, monkeypatch, FEEDBACK_RATE_LIMIT="1 per minute"):
        client.post(f"/q/{poster}", data={})
        response = client.post(f"/q/{poster}", data={}, headers=GZIP)
        assert response.status_code == 429
        assert wire_bytes(client, response) <= FIRST_FLIGHT


def test_not_saved_page_fits_the_first_flight(
    client: FlaskClient, citizen: Citizen, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(*_args: object, **_kwargs: object) -> None:
        raise OperationalError("INSERT", {}, Exception("server closed the connection"))

    monkeypatch.setattr(views, "save_submission", fail)
    url = f"/q/{citizen.poster}"
    token = html_of(client.get(url)).select_one("input[name=submission]")["value"]
    response = client.post(url, data={**GOOD_ANSWERS, "submission": token}, headers=GZIP)
    assert response.status_code == 503
    assert html_of(response).select_one("textarea#comment").get_text() == GOOD_ANSWERS["comment"]
    assert wire_bytes(client, response) <= FIRST_FLIGHT
