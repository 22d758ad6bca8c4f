"""Transfer to the inspectorate: denunciations and reports of payments beyond the fees."""

from __future__ import annotations

from datetime import UTC, datetime

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from survey_app.complaints.escalation import due_escalations
from survey_app.complaints.workflow import WorkflowRules
from survey_app.models import ComplaintStatus, TransferReason, User
from tests import factories
from tests.complaints.conftest import PHONE, raise_complaint, walk
from tests.html import parse

SUBJECT = "Cán bộ quầy đất đai đòi 500 nghìn"


def test_a_handler_transfers_a_denunciation_and_the_centres_clock_stops(
    client: FlaskClient, seeded: Session, handler: User, rules: WorkflowRules
) -> None:
    complaint, _ = raise_complaint(
        seeded, received_at=datetime(2026, 10, 1, 2, tzinfo=UTC), subject=SUBJECT
    )
    walk(seeded, complaint, rules, handler, until="start")
    factories.log_in(client, handler)
    page = parse(client.get(f"/quan-ly/phan-anh/{complaint.id}"))
    assert page.select_one("#act-transfer form") is not None
    response = client.post(
        f"/quan-ly/phan-anh/{complaint.id}/transfer",
        data={"transfer-transfer_reason": "denunciation", "transfer-note": "Có tên cán bộ"},
    )
    assert response.status_code == 303
    seeded.expire_all()
    assert complaint.status is ComplaintStatus.FORWARDED
    assert complaint.transfer_reason is TransferReason.DENUNCIATION
    assert complaint.forwarded_to == "Thanh tra tỉnh"
    assert complaint.resolved_at is not None
    assert complaint.contact_ciphertext is not None
    assert PHONE.encode() not in complaint.contact_ciphertext
    assert rules.deadlines.state(complaint.status, complaint.due_at, datetime.now(UTC)) == "none"
    assert due_escalations(seeded, rules.deadlines, datetime.now(UTC)) == []
    last = complaint.events[-1]
    assert (last.from_status, last.to_status, last.actor_id) == (
        "in_progress",
        "forwarded",
        handler.id,
    )
    assert "Thanh tra tỉnh" in last.note
    assert all(PHONE not in e.note for e in complaint.events)


def test_a_transfer_needs_its_reason(client: FlaskClient, seeded: Session, handler: User) -> None:
    complaint, _ = raise_complaint(seeded)
    factories.log_in(client, handler)
    response = client.post(f"/quan-ly/phan-anh/{complaint.id}/transfer", data={})
    assert response.status_code == 400
    seeded.expire_all()
    assert complaint.status is ComplaintStatus.RECEIVED


def test_the_department_lists_transfers_without_contact_or_words(
    client: FlaskClient, seeded: Session, handler: User, admin: User, manager: User
) -> None:
    complaint, _ = raise_complaint(seeded, subject=SUBJECT)
    kept, _ = raise_complaint(seeded)
    factories.log_in(client, handler)
    client.post(
        f"/quan-ly/phan-anh/{complaint.id}/transfer",
        data={"transfer-transfer_reason": "extra_payment"},
    )
    client.post("/dang-xuat")
    factories.log_in(client, admin)
    response = client.get("/quan-ly/phan-anh/thanh-tra")
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    page = parse(response)
    link = page.select_one(f"a[href='/quan-ly/phan-anh/{complaint.id}']")
    assert link is not None
    assert link.get_text() == complaint.tracking_code
    assert "tiền ngoài quy định" in body
    assert kept.tracking_code not in body
    assert SUBJECT not in body
    assert PHONE not in body
    assert PHONE[-3:] not in body
    client.post("/dang-xuat")
    factories.log_in(client, manager)
    assert client.get("/quan-ly/phan-anh/thanh-tra").status_code == 403
