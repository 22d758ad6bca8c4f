"""Security headers on every response: every page, every error, static files.

Every GET endpoint of the URL map is asked for, as whoever may see it, and so are the
error responses a person can meet. Each must carry a Content-Security-Policy without
'unsafe-inline' or 'unsafe-eval' that forbids framing, ``nosniff`` and a strict
Referrer-Policy; pages that may show personal data must not be cached. The pages must
also work under that policy: no inline script, style or event handler.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session
from werkzeug.test import TestResponse

from survey_app.extensions import limiter
from tests.html import parse
from tests.site_walk import CITIZEN, build_world, visit_every_page

REFERRER_POLICIES = {"no-referrer", "same-origin", "strict-origin-when-cross-origin"}
# Cached on purpose, and never personal: versioned static files, the public page, and
# the week charts (aggregate indices only, kept five minutes in the staff's own browser).
CACHEABLE = {
    "static",
    "public.show_satisfaction",
    "manage.show_factor_chart",
    "manage.show_trend_chart",
    "manage.show_province_trend_chart",
    "manage.show_rank_chart",
}
# Citizens' pages that show a complaint's code, PIN or status.
CITIZEN_PRIVATE = {"complaints.look_up", "complaints.show_status", "complaints.show_receipt"}


def policy(response: TestResponse) -> dict[str, str]:
    """The Content-Security-Policy's directives, by name."""
    header = response.headers.get("Content-Security-Policy", "")
    directives = (d.strip().split(None, 1) for d in header.split(";") if d.strip())
    return {d[0].lower(): d[1] if len(d) > 1 else "" for d in directives}


def header_problems(response: TestResponse) -> list[str]:
    """What is missing or too weak in ``response``'s security headers."""
    problems = []
    csp = policy(response)
    if not csp:
        return ["no Content-Security-Policy"]
    for name, value in csp.items():
        if "'unsafe-inline'" in value or "'unsafe-eval'" in value:
            problems.append(f"{name} allows {value}")
    if csp.get("frame-ancestors") not in ("'none'", "'self'"):
        problems.append(f"frame-ancestors {csp.get('frame-ancestors')}")
    scripts = csp.get("script-src", csp.get("default-src", "*")).split()
    if not set(scripts) <= {"'self'", "'none'"}:
        problems.append(f"script-src {scripts}")
    if csp.get("object-src") != "'none'":
        problems.append("object-src is not 'none'")
    if response.headers.get("X-Content-Type-Options") != "nosniff":
        problems.append("no nosniff")
    if response.headers.get("Referrer-Policy") not in REFERRER_POLICIES:
        problems.append(f"Referrer-Policy {response.headers.get('Referrer-Policy')}")
    return problems


def inline_code(response: TestResponse) -> list[str]:
    """Inline script, style or handlers on an HTML page, which its own policy would block."""
    if response.mimetype != "text/html" or not response.data:
        return []
    page = parse(response)
    found = [f"<script> without src: {s}"[:80] for s in page.select("script:not([src])")]
    found += [f"<style>: {s}"[:80] for s in page.select("style")]
    for element in page.find_all(True):
        found += [f"{element.name}[{a}]" for a in element.attrs if a == "style" or a[:2] == "on"]
    return found


def not_stored(response: TestResponse) -> bool:
    return "no-store" in response.headers.get("Cache-Control", "")


def test_every_page_carries_the_headers_and_works_under_its_policy(
    app: Flask, seeded: Session
) -> None:
    world = build_world(app, seeded)
    endpoints = {r.endpoint for r in app.url_map.iter_rules() if "GET" in r.methods}
    served, problems = set(), []
    for visit in visit_every_page(app, world):
        response = visit.response
        where = (visit.endpoint, visit.role, response.status_code)
        problems += [(*where, p) for p in header_problems(response) + inline_code(response)]
        personal = visit.role != CITIZEN or visit.endpoint in CITIZEN_PRIVATE
        if personal and visit.endpoint not in CACHEABLE and not not_stored(response):
            problems.append((*where, f"Cache-Control {response.headers.get('Cache-Control')}"))
        if visit.served and response.status_code < 400:
            served.add(visit.endpoint)
        response.close()
    # The check means nothing for a page nobody was shown.
    assert sorted(endpoints - served) == []
    assert problems == []


@pytest.fixture
def failing_app(app: Flask) -> Flask:
    """The application with one view that fails, as a bug would."""

    def fail() -> str:
        raise RuntimeError("a bug")

    app.add_url_rule("/thu-loi", "fail", fail)
    return app


@pytest.fixture
def throttled(app: Flask) -> Iterator[Flask]:
    app.config.update(RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="1 per minute")
    limiter.init_app(app)
    yield app
    limiter.reset()


def error_responses(app: Flask, client: FlaskClient) -> dict[int, TestResponse]:
    """One response of each error status a person can meet."""
    responses = {
        403: client.get("/kiosk"),  # a browser that is not a kiosk
        404: client.get("/khong-co-trang-nay"),
        405: client.get("/dang-xuat"),
        413: client.post("/phan-anh/tra-cuu", data={"code": "x" * (300 * 1024)}),
        500: client.get("/thu-loi"),
    }
    app.config["WTF_CSRF_ENABLED"] = True
    responses[400] = client.post("/dang-nhap", data={"username": "a", "password": "b"})
    app.config["WTF_CSRF_ENABLED"] = False
    client.post("/dang-nhap", data={"username": "a", "password": "b"})
    responses[429] = client.post("/dang-nhap", data={"username": "a", "password": "b"})
    return responses


def test_every_error_response_carries_the_headers(
    failing_app: Flask, throttled: Flask, client: FlaskClient, seeded: Session
) -> None:
    responses = error_responses(failing_app, client)
    assert {code: r.status_code for code, r in responses.items()} == {c: c for c in responses}
    for code, response in responses.items():
        assert header_problems(response) == [], code
        assert inline_code(response) == [], code
        assert not_stored(response), code
