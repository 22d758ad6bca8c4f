"""CSRF on, as in production: every POST needs its token; the citizen form keeps answers."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from survey_app.models import PosterCode, Response
from tests import factories
from tests.html import parse, text_of
from tests.test_feedback import GOOD_ANSWERS
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
    response = client.post("/login", data={"username": "a", "password": "b"})
    assert response.status_code == 400
    assert "tải lại trang" in text_of(parse(response), "main")
