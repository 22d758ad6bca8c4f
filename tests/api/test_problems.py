"""Every error under /api/v1 is a problem document, and a refused body stores nothing."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from survey_app.models import ApiIdempotency, ReceiptCode
from tests.api.keys import api_key, bearer

URL = "/api/v1/receipt-codes"
DOSSIER = {"centre": "van-quan", "dossier_ref": "HS-1"}


def nothing_stored(session: Session) -> bool:
    codes = session.scalar(select(func.count()).select_from(ReceiptCode))
    replies = session.scalar(select(func.count()).select_from(ApiIdempotency))
    return codes == 0 and replies == 0


@pytest.mark.parametrize(
    "case",
    [
        (b'{"centre": "van-quan", ', "application/json", 400, "bad-json"),
        (b"\xff\xfe{}", "application/json", 400, "bad-json"),
        (
            b"centre=van-quan&dossier_ref=1",
            "application/x-www-form-urlencoded",
            415,
            "content-type",
        ),
        (b'{"centre": 12, "dossier_ref": "HS-1"}', "application/json", 422, "validation"),
        (b'{"centre": "van-quan", "dossier_ref": ["HS-1"]}', "application/json", 422, "validation"),
        (
            b'{"centre": "van-quan", "dossier_ref": "HS-1", "name": "A"}',
            "application/json",
            422,
            "validation",
        ),
        (b'{"centre": "van-quan"}', "application/json", 422, "validation"),
        (b'{"centre": "nowhere", "dossier_ref": "HS-1"}', "application/json", 422, "validation"),
        (b"[]", "application/json", 422, "validation"),
        (
            b'{"centre": "van-quan", "dossier_ref": "' + b"x" * 70_000 + b'"}',
            "application/json",
            413,
            "body-too-large",
        ),
    ],
)
def test_a_bad_body_gets_a_clear_problem_and_stores_nothing(
    client: FlaskClient, seeded: Session, case: tuple[bytes, str, int, str]
) -> None:
    body, content_type, status, kind = case
    key = api_key(seeded)
    headers = {**bearer(key), "Content-Type": content_type, "Idempotency-Key": "k-1"}
    response = client.post(URL, data=body, headers=headers)
    assert response.status_code == status
    assert response.mimetype == "application/problem+json"
    problem = response.json
    assert problem["type"].endswith(kind)
    assert problem["status"] == status
    assert problem["instance"] == URL
    assert problem["title"]
    assert problem["detail"]
    assert nothing_stored(seeded)


def test_field_errors_name_the_fields(client: FlaskClient, seeded: Session) -> None:
    key = api_key(seeded)
    body = {"centre": 12, "dossier_ref": "HS-1", "colour": "red"}
    problem = client.post(URL, json=body, headers=bearer(key)).json
    assert {e["field"] for e in problem["errors"]} == {"centre", "colour"}


def test_the_detail_is_vietnamese_unless_english_is_asked_for(
    client: FlaskClient, seeded: Session
) -> None:
    vi = client.post(URL, json=DOSSIER)
    en = client.post(URL, json=DOSSIER, headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert vi.status_code == en.status_code == 401
    assert vi.json["detail"] == "Thiếu khóa API, khóa không đúng hoặc đã bị thu hồi."
    assert en.json["detail"] == "The API key is missing, wrong or revoked."
    assert en.headers["Content-Language"] == "en"


@pytest.mark.parametrize(
    ("method", "url", "status"),
    [
        ("GET", "/api/v1/no-such-thing", 404),
        ("DELETE", "/api/v1/centres", 405),
        ("GET", "/api/v1/receipt-codes", 405),
        ("GET", "/api/v1/indices?period=2026-13", 422),
        ("GET", "/api/v1/indices?level=planet", 422),
    ],
)
def test_routing_errors_are_problems_too(
    client: FlaskClient, seeded: Session, method: str, url: str, status: int
) -> None:
    response = client.open(url, method=method)
    assert response.status_code == status
    assert response.mimetype == "application/problem+json"
    assert response.json["status"] == status


def test_no_cookie_is_ever_set(client: FlaskClient, seeded: Session) -> None:
    key = api_key(seeded)
    responses = [
        client.post(URL, json=DOSSIER, headers=bearer(key)),
        client.get("/api/v1/centres"),
        client.get("/api/v1/indices"),
        client.get("/api/v1/nowhere"),
    ]
    assert [r.headers.get("Set-Cookie") for r in responses] == [None] * 4


def test_unknown_and_malformed_keys_get_401(client: FlaskClient, seeded: Session) -> None:
    for header in ("Bearer hl_0000_nope", "Basic abc", "Bearer ", "hl_x"):
        response = client.post(URL, json=DOSSIER, headers={"Authorization": header})
        assert response.status_code == 401
    assert nothing_stored(seeded)
