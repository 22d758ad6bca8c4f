"""Typing a receipt's code when the camera cannot read its QR symbol (/nhap-ma)."""

from __future__ import annotations

import logging

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from survey_app.core.qr.codes import typed_receipt_code
from tests import factories
from tests.feedback.test_rating import GOOD_ANSWERS
from tests.html import html_errors, parse, text_of

URL = "/nhap-ma"


@pytest.fixture
def code(seeded: Session) -> str:
    return factories.receipt_code(seeded)


def spaced(code: str) -> str:
    """The code as a person might type it from the printed ``K7M2Q-X4B9A``."""
    return f" {code[:5].lower()} - {code[5:]} "


def test_the_home_page_leads_to_the_code_entry_page(client: FlaskClient, seeded: Session) -> None:
    link = parse(client.get("/")).select_one(f"a[href='{URL}']")
    assert link is not None
    assert "Nhập mã trên giấy tiếp nhận" in link.get_text()


def test_the_page_has_one_labelled_field_and_is_valid_html(client: FlaskClient) -> None:
    response = client.get(URL)
    assert response.status_code == 200
    assert html_errors(response.data) == []
    page = parse(response)
    form = page.select_one("main form[method=post]")
    fields = form.select("input:not([type=hidden]), textarea, select")
    assert [f["name"] for f in fields] == ["receipt_code"]
    assert text_of(page, "label[for=receipt_code]") == "Mã trên giấy tiếp nhận"


@pytest.mark.parametrize("typed", [str.lower, spaced, lambda c: f"https://hailong.example/R/{c}"])
def test_a_code_typed_loosely_leads_to_its_rating_form(
    client: FlaskClient, code: str, typed: object
) -> None:
    response = client.post(URL, data={"receipt_code": typed(code)})  # type: ignore[operator]
    assert response.status_code == 303
    # The same address the receipt's QR symbol opens, and no other place for the code.
    assert response.headers["Location"] == f"/r/{code}"
    form = parse(client.get(response.headers["Location"]))
    assert "Văn Quan" in text_of(form, ".place")


def test_an_unknown_code_is_explained_in_the_citizens_language_and_kept(
    client: FlaskClient, code: str
) -> None:
    typed = "k7m2q-x4b9a"
    response = client.post(URL, data={"receipt_code": typed})
    assert response.status_code == 404
    page = parse(response)
    assert "Không tìm thấy mã này" in text_of(page, "#receipt_code-error")
    assert page.select_one("input#receipt_code")["value"] == typed
    assert "receipt_code-error" in page.select_one("input#receipt_code")["aria-describedby"]
    english = parse(client.post(f"{URL}?lang=en", data={"receipt_code": typed}))
    assert "We cannot find this code" in text_of(english, "#receipt_code-error")


@pytest.mark.parametrize("typed", ["", "   ", "K7M2Q", "K7M2Q-X4B9O", "ABCDEFGHIJK"])
def test_what_cannot_be_a_code_says_what_a_code_looks_like(
    client: FlaskClient, seeded: Session, typed: str
) -> None:
    response = client.post(URL, data={"receipt_code": typed})
    assert response.status_code == 400
    page = parse(response)
    assert text_of(page, ".error-summary h2") == "Chưa mở được"
    assert text_of(page, "#receipt_code-error")
    assert page.select_one("input#receipt_code")["value"] == typed.strip() or not typed.strip()


def test_a_used_code_leads_to_the_already_rated_page(client: FlaskClient, code: str) -> None:
    form = parse(client.get(f"/r/{code}"))
    token = form.select_one("input[name=submission]")["value"]
    assert client.post(f"/r/{code}", data={**GOOD_ANSWERS, "submission": token}).status_code == 303
    response = client.post(URL, data={"receipt_code": spaced(code)})
    assert response.status_code == 303
    assert client.get(response.headers["Location"]).status_code == 409


def test_with_csrf_on_the_token_is_checked_and_a_stale_page_keeps_the_code(
    app: Flask, client: FlaskClient, code: str
) -> None:
    app.config["WTF_CSRF_ENABLED"] = True
    stale = client.post(URL, data={"receipt_code": spaced(code), "csrf_token": "stale"})
    assert stale.status_code == 400
    assert parse(stale).select_one("input#receipt_code")["value"] == spaced(code)
    token = parse(client.get(URL)).select_one("input[name=csrf_token]")["value"]
    sent = client.post(URL, data={"receipt_code": spaced(code), "csrf_token": token})
    assert sent.status_code == 303


def test_the_code_is_not_logged(
    client: FlaskClient, code: str, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG):
        client.post(URL, data={"receipt_code": spaced(code)})
        client.post(URL, data={"receipt_code": "k7m2q-x4b9a"})
    logged = " ".join(r.getMessage() for r in caplog.records).upper()
    assert code not in logged
    assert "K7M2QX4B9A" not in logged


def test_typed_codes_are_read_in_the_receipt_alphabet() -> None:
    assert typed_receipt_code("k7m2q-x4b9a") == "K7M2QX4B9A"
    assert typed_receipt_code("K7M2Q\u2013X4B9A") == "K7M2QX4B9A"
    assert typed_receipt_code("k 7 m 2 q x 4 b 9 a\n") == "K7M2QX4B9A"
    assert typed_receipt_code("HTTPS://HOST/R/K7M2QX4B9A/") == "K7M2QX4B9A"
    assert typed_receipt_code("K7M2QX4B9") is None
    assert typed_receipt_code("K7M2QX4B9O") is None
    assert typed_receipt_code("K7M2QX4B91") is None
