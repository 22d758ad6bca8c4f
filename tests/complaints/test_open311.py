"""Open311 GeoReport v2, read-only, without personal data."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from survey_app.complaints.workflow import WorkflowRules
from survey_app.models import Complaint, User
from tests.complaints.conftest import EMAIL, PHONE, raise_complaint, walk


@pytest.fixture
def answered_and_waiting(
    seeded: Session, handler: User, rules: WorkflowRules
) -> tuple[Complaint, Complaint]:
    """Two complaints received now: one answered (with an e-mail address), one waiting."""
    now = datetime.now(UTC)
    answered, _ = raise_complaint(seeded, email=EMAIL, received_at=now)
    walk(seeded, answered, rules, handler, until="answer")
    waiting, _ = raise_complaint(seeded, received_at=now)
    return answered, waiting


def test_services_lists_the_complaint_service(client: FlaskClient, seeded: Session) -> None:
    (service,) = client.get("/open311/v2/services.json").get_json()
    assert service["service_code"] == "pakn"
    assert service["metadata"] is False
    assert service["type"] == "realtime"


def test_requests_give_status_and_dates_but_no_personal_data(
    client: FlaskClient, seeded: Session, answered_and_waiting: tuple[Complaint, Complaint]
) -> None:
    answered, waiting = answered_and_waiting
    response = client.get("/open311/v2/requests.json")
    assert response.status_code == 200
    rows = {r["service_request_id"]: r for r in response.get_json()}
    assert rows[answered.public_id]["status"] == "closed"
    assert rows[answered.public_id]["status_notes"] == "Đã trả lời"
    assert rows[answered.public_id]["expected_datetime"] is None
    assert rows[waiting.public_id]["status"] == "open"
    assert rows[waiting.public_id]["expected_datetime"].endswith("+07:00")
    assert "Văn Quan" in rows[waiting.public_id]["agency_responsible"]
    body = response.get_data(as_text=True)
    for personal in (PHONE, EMAIL, answered.subject, answered.body, answered.answer):
        assert personal not in body
    assert "description" not in rows[waiting.public_id]


def test_requests_filter_by_status_date_and_id(
    client: FlaskClient, seeded: Session, answered_and_waiting: tuple[Complaint, Complaint]
) -> None:
    answered, waiting = answered_and_waiting
    old, _ = raise_complaint(seeded, received_at=datetime(2025, 1, 6, 2, tzinfo=UTC))

    def ids(url: str) -> set[str]:
        return {r["service_request_id"] for r in client.get(url).get_json()}

    assert ids("/open311/v2/requests.json?status=open") == {waiting.public_id}
    assert ids("/open311/v2/requests.json?status=closed") == {answered.public_id}
    assert ids("/open311/v2/requests.json?start_date=2025-01-01T00:00:00Z&end_date=2025-02-01") == {
        old.public_id
    }
    assert ids(
        f"/open311/v2/requests.json?service_request_id={old.public_id},{waiting.public_id}"
    ) == {old.public_id, waiting.public_id}
    assert ids("/open311/v2/requests.json?service_code=other") == set()
    bad = client.get("/open311/v2/requests.json?start_date=yesterday")
    assert bad.status_code == 400
    assert bad.get_json()[0]["code"] == 400


def test_one_request_by_its_public_id(client: FlaskClient, seeded: Session) -> None:
    complaint, _ = raise_complaint(seeded)
    (row,) = client.get(f"/open311/v2/requests/{complaint.public_id}.json").get_json()
    assert row["service_request_id"] == complaint.public_id
    # The tracking code, half of the code-and-PIN pair, opens nothing here.
    assert client.get(f"/open311/v2/requests/{complaint.tracking_code}.json").status_code == 404
    for odd in ("x" * 300, "%00", "0123456789abcdef%00"):
        assert client.get(f"/open311/v2/requests/{odd}.json").status_code == 404
        assert client.get(f"/open311/v2/requests.json?service_request_id={odd}").get_json() == []
    missing = client.get("/open311/v2/requests/PA-ZZZZZZZZ.json")
    assert missing.status_code == 404
    assert missing.get_json()[0]["code"] == 404


def test_no_open311_response_carries_a_tracking_code(
    client: FlaskClient, seeded: Session, answered_and_waiting: tuple[Complaint, Complaint]
) -> None:
    answered, waiting = answered_and_waiting
    codes = {answered.tracking_code, waiting.tracking_code}
    bare = {c.removeprefix("PA-") for c in codes}
    urls = [
        "/open311/v2/services.json",
        "/open311/v2/requests.json",
        "/open311/v2/requests.json?status=open",
        "/open311/v2/requests.json?status=closed",
        f"/open311/v2/requests.json?service_request_id={waiting.public_id},{answered.public_id}",
        f"/open311/v2/requests/{waiting.public_id}.json",
        f"/open311/v2/requests/{answered.public_id}.json",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.get_data(as_text=True)
        assert not any(code in body for code in codes | bare), url
    assert answered.public_id != waiting.public_id
