"""CSRF on, as in production: every POST needs its token; the citizen form keeps answers."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from survey_app.core.report_jobs import wait_for_running
from survey_app.models import PosterCode, Response
from tests import factories
from tests.feedback.test_rating import GOOD_ANSWERS
from tests.html import parse, text_of
from tests.site_forms import fill
from tests.site_walk import build_world, discover_forms, fingerprint
from tests.test_routes import concrete_url


@pytest.fixture
def csrf_on(app: Flask) -> Flask:
    app.config["WTF_CSRF_ENABLED"] = True
    return app


@pytest.fixture
def poster(seeded: Session) -> PosterCode:
    return factories.poster(seeded)


def test_citizen_form_with_its_token_is_saved(
    csrf_on: Flask, client: FlaskClient, poster: PosterCode, seeded: Session
) -> None:
    page = parse(client.get(f"/q/{poster.code}"))
    hidden = {i["name"]: i["value"] for i in page.select("form.rate input[type=hidden]")}
    assert hidden["csrf_token"]
    response = client.post(f"/q/{poster.code}", data={**GOOD_ANSWERS, **hidden})
    assert response.status_code == 303
    assert seeded.scalar(select(Response)) is not None


def test_citizen_form_without_a_valid_token_keeps_the_answers(
    csrf_on: Flask, client: FlaskClient, poster: PosterCode, seeded: Session
) -> None:
    page = parse(client.get(f"/q/{poster.code}"))
    submission = page.select_one("input[name=submission]")["value"]
    response = client.post(
        f"/q/{poster.code}",
        data={**GOOD_ANSWERS, "submission": submission, "csrf_token": "stale"},
    )
    assert response.status_code == 400
    page = parse(response)
    assert "bấm Gửi lại" in text_of(page, ".error-summary")
    assert page.select_one("#staff-general-5").has_attr("checked")
    assert page.select_one("input[name=csrf_token]")["value"] != "stale"
    assert seeded.scalar(select(Response)) is None


def test_every_post_route_refuses_a_request_without_its_token(
    csrf_on: Flask, client: FlaskClient, seeded: Session
) -> None:
    account = factories.user(seeded)
    app = csrf_on
    app.config["WTF_CSRF_ENABLED"] = False
    factories.log_in(client, account)
    app.config["WTF_CSRF_ENABLED"] = True
    code = factories.poster(seeded).code
    accepted = []
    for rule in app.url_map.iter_rules():
        if "POST" not in rule.methods:
            continue
        url = concrete_url(app, rule).replace("/x", f"/{code}")
        response = client.post(url, data={"username": "quanly", "password": "x"})
        if response.status_code < 400:
            accepted.append((rule.endpoint, response.status_code))
    assert accepted == []


def test_login_without_a_token_explains_the_problem(csrf_on: Flask, client: FlaskClient) -> None:
    response = client.post("/dang-nhap", data={"username": "a", "password": "b"})
    assert response.status_code == 400
    assert "tải lại trang" in text_of(parse(response), "main")


# A form that needs a secret the walk does not know (a complaint's PIN): the made-up one
# is refused with 401, which still shows that the CSRF check let the form through. (The
# sign-in form succeeds: it signs in the account the walk's account form created.)
# A well-formed receipt code that names no receipt: past the token check, not found.
# The walk sends text where the tracker's upload wants a file: "choose a file" (a 400);
# tests/tracker/test_workbook.py sends a real file with and without the token; so does
# tests/admin/test_dossier_upload.py for the dossier counts.
NOT_ACCEPTED = {
    "complaints.look_up": 401,
    "feedback.enter_receipt_code": 404,
    "tracker.import_set": 400,
    "admin.upload_dossiers": 400,
}


def test_every_form_works_with_its_own_token_and_not_without_it(
    app: Flask, seeded: Session
) -> None:
    """Every POST endpoint of the URL map has a form on some page; each such form is sent
    with its page's token (accepted), without one and with another session's (refused,
    nothing changed). Forms that check their own token (the citizen's) refuse with 400
    too, showing the form again."""
    world = build_world(app, seeded)
    app.config["WTF_CSRF_ENABLED"] = True
    forms = discover_forms(app, world)
    # The API (api.*) takes JSON with a key, never a cookie: no form, exempt from CSRF.
    post_endpoints = {
        r.endpoint
        for r in app.url_map.iter_rules()
        if "POST" in r.methods and not r.endpoint.startswith("api.")
    }
    assert sorted(post_endpoints - {f.endpoint for f in forms}) == []
    stranger = parse(app.test_client().get("/dang-nhap")).select_one("input[name=csrf_token]")
    problems: list[tuple[str, str, int]] = []
    for found in forms:
        client = world.clients[found.role]
        form = found.fetch(client)
        action = form.get("action") or found.action  # a spare page's form posts elsewhere
        data = fill(form)
        assert data.get("csrf_token"), found
        before = fingerprint()
        for label, token in (("no token", None), ("another session's", stranger["value"])):
            forged = {k: v for k, v in data.items() if k != "csrf_token"}
            if token is not None:
                forged["csrf_token"] = token
            status = client.post(action, data=forged).status_code
            if status != 400 or fingerprint() != before:
                problems.append((found.endpoint, label, status))
        status = client.post(action, data=data).status_code
        wait_for_running(timeout=120)  # a report job the form started writes as it builds
        expected = NOT_ACCEPTED.get(found.endpoint)
        accepted = status == expected if expected else status < 400
        if not accepted:
            problems.append((found.endpoint, "own token", status))
    assert problems == []
