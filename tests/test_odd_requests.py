"""Requests no page of ours sends: a 4xx with the translated page, never a 500 or a change.

File parts, fields sent twice and bodies that are not UTF-8 are refused before any form
reads them; a mistyped number in any staff form is that field's error; a HEAD is
answered as the GET is.
"""

from __future__ import annotations

import io
import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from survey_app.core.responses.tokens import issue_submission_token
from survey_app.models import Answer, Complaint, Response, Role
from tests import factories
from tests.complaints.test_intake import GOOD_COMPLAINT
from tests.feedback.test_rating import GOOD_ANSWERS
from tests.html import parse, text_of
from tests.site_forms import fill
from tests.site_walk import (
    LAST,
    build_world,
    discover_forms,
    visit_every_page,
)

REFUSED = {
    "vi": "Trang không hiểu được yêu cầu này. Xin quay lại và thử lại.",
    "en": "The page could not understand this request. Please go back and try again.",
}


def citizen_forms(session: Session) -> dict[str, dict[str, str]]:
    """The three public forms the audit broke, each with a body that would be saved."""
    poster = factories.poster(session)
    receipt = factories.receipt_code(session)
    complaint = {**GOOD_COMPLAINT, "submission": issue_submission_token()}
    return {
        f"/q/{poster.code}": {**GOOD_ANSWERS, "submission": issue_submission_token()},
        f"/r/{receipt}": {**GOOD_ANSWERS, "submission": issue_submission_token()},
        f"/q/{poster.code}/phan-anh": complaint,
    }


def saved(session: Session) -> tuple[int, int, int]:
    session.expire_all()
    count = func.count()
    return (
        session.scalar(select(count).select_from(Response)) or 0,
        session.scalar(select(count).select_from(Answer)) or 0,
        session.scalar(select(count).select_from(Complaint)) or 0,
    )


def assert_refused_in(response: object, lang: str) -> None:
    assert response.status_code == 400, response.status_code
    assert text_of(parse(response), "main p") == REFUSED[lang]


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("field", ["comment", "website", "subject", "submission", "upload"])
def test_a_file_part_on_a_citizen_form_is_refused_in_the_citizens_language(
    client: FlaskClient, seeded: Session, field: str, lang: str
) -> None:
    for url, data in citizen_forms(seeded).items():
        before = saved(seeded)
        body = {**data, field: (io.BytesIO(b"%PDF-1.4 \x00\xff"), "giay-to.pdf")}
        query = "?lang=en" if lang == "en" else ""
        response = client.post(url + query, data=body, content_type="multipart/form-data")
        assert_refused_in(response, lang)
        assert saved(seeded) == before, url


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(b"comment=a&comment=b", id="repeated field"),
        pytest.param(b"comment=%C3%A0%FF%FE", id="percent-encoded bytes not UTF-8"),
        pytest.param(b"comment=\xe0\xff", id="raw bytes not UTF-8"),
    ],
)
def test_a_repeated_field_or_a_body_not_utf8_is_refused(
    client: FlaskClient, seeded: Session, body: bytes
) -> None:
    for url, data in citizen_forms(seeded).items():
        valid = "&".join(f"{k}={v}" for k, v in data.items() if k != "comment")
        payload = valid.encode() + b"&" + body
        response = client.post(url, data=payload, content_type="application/x-www-form-urlencoded")
        assert_refused_in(response, "vi")
    assert saved(seeded) == (0, 0, 0)


def test_a_multipart_body_not_utf8_is_refused(client: FlaskClient, seeded: Session) -> None:
    url, data = next(iter(citizen_forms(seeded).items()))
    body = b"".join(
        b'--B\r\nContent-Disposition: form-data; name="%s"\r\n\r\n%s\r\n'
        % (k.encode(), v.encode("utf-8") if k != "comment" else b"\xe0\xff")
        for k, v in data.items()
    )
    response = client.post(
        url, data=body + b"--B--\r\n", content_type="multipart/form-data; boundary=B"
    )
    assert_refused_in(response, "vi")
    assert saved(seeded) == (0, 0, 0)


def test_a_valid_multipart_form_is_still_saved(client: FlaskClient, seeded: Session) -> None:
    url, data = next(iter(citizen_forms(seeded).items()))
    response = client.post(url, data=data, content_type="multipart/form-data")
    assert response.status_code == 303
    assert saved(seeded)[0] == 1


# What WTForms says in English when a form does not give its own message.
WTFORMS_ENGLISH = (
    "This field is required",
    "Not a valid",
    "Invalid Choice",
    "Invalid choice",
    "is not a valid choice",
    "Number must be",
    "Field must be",
    "Field cannot be",
    "Invalid input",
)
TYPOS = ("a", "99999999999999999999", "1e309", "")


def test_a_typo_in_any_field_of_any_form_is_a_translated_field_error(
    app: Flask, seeded: Session
) -> None:
    """Every form any role can open, each field in turn mistyped: never a 500, never English."""
    world = build_world(app, seeded)
    forms = [f for f in discover_forms(app, world) if f.endpoint not in LAST]
    assert {"staff.enter_paper", "survey.enter_survey_paper", "admin.edit_user"} <= {
        f.endpoint for f in forms
    }
    failures = []
    for found in forms:
        client = world.clients[found.role]
        for field in found.fields:
            for typo in TYPOS:
                form = found.find(client)
                if form is None:  # a step done by an earlier example: the page moved on
                    break
                response = client.post(
                    form.get("action") or found.action, data={**fill(form), field: typo}
                )
                html = response.mimetype == "text/html"
                body = response.get_data(as_text=True) if html else ""
                english = [m for m in WTFORMS_ENGLISH if m in body]
                if response.status_code >= 500 or english:
                    failures.append((found.endpoint, field, typo, response.status_code, english))
    assert failures == [], "\n".join(map(repr, failures))


def test_a_letter_for_a_number_on_a_paper_slip_is_that_answers_error_and_keeps_the_slip(
    client: FlaskClient, seeded: Session
) -> None:
    factories.log_in(client, factories.user(seeded, centre_keys=("van-quan",)))
    page = parse(client.get("/quan-ly/phieu-giay"))
    slip = {**fill(page.select_one("form.paper")), "staff-general": "5", "access-general": "a"}
    slip["comment"] = "Phiếu viết tay"
    response = client.post("/quan-ly/phieu-giay", data=slip)
    assert response.status_code == 400
    page = parse(response)
    assert text_of(page, "#access-general-error").startswith("Chỉ nhập một trong: 1, 2, 3")
    assert page.select_one("input#access-general")["value"] == "a"
    assert page.select_one("input#staff-general")["value"] == "5"
    assert page.select_one("textarea#comment").get_text().strip() == "Phiếu viết tay"
    assert saved(seeded) == (0, 0, 0)


@pytest.mark.parametrize(
    ("lang", "message"), [("vi", "Xin điền vào ô này."), ("en", "This field is required.")]
)
def test_wtforms_own_message_on_a_staff_form_is_in_the_pages_language(
    client: FlaskClient, seeded: Session, lang: str, message: str
) -> None:
    factories.log_in(client, factories.user(seeded, username="qtv", role=Role.ADMIN))
    spare = factories.user(seeded, username="xem", role=Role.VIEWER)
    data = {"full_name": "Người Xem", "email": "", "centres": [factories.centre(seeded).id]}
    response = client.post(f"/quan-ly/tai-khoan/{spare.id}?lang={lang}", data=data)
    assert response.status_code == 400
    assert text_of(parse(response), "#role-error") == message


@pytest.mark.parametrize(
    ("lang", "message"), [("vi", "Tối đa 20 ký tự."), ("en", "At most 20 characters.")]
)
def test_wtforms_own_message_on_a_public_form_is_in_the_pages_language(
    client: FlaskClient, seeded: Session, lang: str, message: str
) -> None:
    data = {"code": "PA-" + "K" * 30, "pin": "123456"}
    response = client.post(f"/phan-anh/tra-cuu?lang={lang}", data=data)
    assert response.status_code == 400
    assert text_of(parse(response), "#code-error") == message


def test_head_answers_as_get_on_every_page(app: Flask, seeded: Session) -> None:
    """Every GET of the URL map that a role is served with 200: HEAD gets its status and headers."""
    world = build_world(app, seeded)
    answered = [v for v in visit_every_page(app, world) if v.response.status_code == 200]
    endpoints = {v.endpoint for v in answered}
    assert {"feedback.rate_poster", "staff.enter_paper", "admin.edit_user"} <= endpoints
    differences = []
    for visit in answered:
        get = world.clients[visit.role].get(visit.url)
        head = world.clients[visit.role].head(visit.url)
        # Not Content-Length: tokens in the page make two GETs differ by a few bytes.
        same = ("Content-Type", "Content-Encoding", "Cache-Control", "Vary")
        if head.status_code != get.status_code or head.data:
            differences.append((visit.endpoint, visit.url, get.status_code, head.status_code))
        elif any(head.headers.get(h) != get.headers.get(h) for h in same):
            differences.append((visit.endpoint, visit.url, dict(get.headers), dict(head.headers)))
    assert differences == [], "\n".join(map(repr, differences))


def test_a_control_character_in_any_path_part_is_not_found(app: Flask, seeded: Session) -> None:
    # PostgreSQL refuses a NUL in a text parameter (a DataError, answered as 503 before).
    client = app.test_client()
    walked = []
    for rule in app.url_map.iter_rules():
        if not rule.arguments or "GET" not in (rule.methods or ()):
            continue
        url = re.sub(r"<(?:(?:string|path):)?[a-z_]+>", "ab%00c", rule.rule)
        if "<" in url:  # an int or another typed part: no text reaches the database
            continue
        response = client.get(url)
        walked.append(rule.endpoint)
        assert response.status_code < 500, (rule.endpoint, response.status_code)
        if response.status_code // 100 != 3:  # staff pages send strangers to sign in
            assert response.status_code == 404, (rule.endpoint, response.status_code)
    assert "complaints.raise_at_centre" in walked
