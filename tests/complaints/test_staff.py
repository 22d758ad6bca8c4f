"""Handlers' pages: the queue by deadline, scope, masked and audited contact data, erasure."""

from __future__ import annotations

from datetime import UTC, datetime

import html5lib
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from survey_app.complaints.workflow import Step, WorkflowRules, perform
from survey_app.models import (
    AuditEvent,
    Complaint,
    ComplaintClass,
    ComplaintMessage,
    ComplaintStatus,
    MessageStatus,
    Role,
    User,
)
from tests import factories
from tests.complaints.conftest import PHONE, raise_complaint, walk
from tests.feedback.test_rating import GOOD_ANSWERS
from tests.html import parse, text_of


def audits(session: Session, action: str) -> list[AuditEvent]:
    session.expire_all()
    return list(session.scalars(select(AuditEvent).filter_by(action=action)))


def test_the_queue_lists_open_complaints_soonest_deadline_first_with_contact_masked(
    client: FlaskClient, seeded: Session, handler: User, rules: WorkflowRules
) -> None:
    later, _ = raise_complaint(seeded, received_at=datetime(2026, 11, 20, 2, tzinfo=UTC))
    sooner, _ = raise_complaint(seeded, received_at=datetime(2026, 11, 10, 2, tzinfo=UTC))
    done, _ = raise_complaint(seeded)
    walk(seeded, done, rules, handler, until="answer")
    elsewhere, _ = raise_complaint(seeded, centre_key="tinh")
    factories.log_in(client, handler)
    response = client.get("/quan-ly/phan-anh/")
    parser = html5lib.HTMLParser(strict=True)
    parser.parse(response.data)
    assert parser.errors == []
    page = parse(response)
    codes = [a.get_text() for a in page.select("table.queue tbody td:nth-child(2) a")]
    assert codes == [sooner.tracking_code, later.tracking_code]
    assert "Quá hạn" in text_of(page, "table.queue tbody tr")
    body = response.get_data(as_text=True)
    assert PHONE not in body
    assert "•••••••678" in body
    assert elsewhere.tracking_code not in body


def test_a_complaint_of_another_centre_is_not_found(
    client: FlaskClient, seeded: Session, handler: User
) -> None:
    elsewhere, _ = raise_complaint(seeded, centre_key="tinh")
    factories.log_in(client, handler)
    assert client.get(f"/quan-ly/phan-anh/{elsewhere.id}").status_code == 404
    response = client.post(
        f"/quan-ly/phan-anh/{elsewhere.id}/classify",
        data={"classify-classification": "c_regulation"},
    )
    assert response.status_code == 404


def test_a_handler_takes_a_complaint_from_intake_to_answer_through_the_pages(
    client: FlaskClient, seeded: Session, handler: User
) -> None:
    complaint, _ = raise_complaint(seeded)
    factories.log_in(client, handler)
    url = f"/quan-ly/phan-anh/{complaint.id}"
    page = parse(client.get(url))
    assert page.select_one("#act-classify form") is not None
    steps = [
        (
            "classify",
            {"classify-classification": "c_regulation", "classify-note": "Đúng thẩm quyền"},
        ),
        ("assign", {"assign-assignee": str(handler.id)}),
        ("start", {}),
        ("answer", {"answer-answer": "Trung tâm đã bố trí thêm một quầy."}),
        ("close", {}),
    ]
    for action, data in steps:
        response = client.post(f"{url}/{action}", data=data)
        assert response.status_code == 303, (action, response.status_code)
    seeded.expire_all()
    assert complaint.status is ComplaintStatus.CLOSED
    history = text_of(parse(client.get(url)), ".timeline")
    assert "Đúng thẩm quyền" in history
    assert "Xuly" in history


def test_a_step_with_missing_input_keeps_the_form_open_with_its_error(
    client: FlaskClient, seeded: Session, handler: User, rules: WorkflowRules
) -> None:
    complaint, _ = raise_complaint(seeded)
    walk(seeded, complaint, rules, handler, until="start")
    factories.log_in(client, handler)
    response = client.post(f"/quan-ly/phan-anh/{complaint.id}/answer", data={"answer-answer": ""})
    assert response.status_code == 400
    page = parse(response)
    assert page.select_one("#act-answer").has_attr("open")
    assert page.select_one("#act-answer .error") is not None


def test_a_step_the_workflow_does_not_allow_is_forbidden(
    client: FlaskClient, seeded: Session, handler: User
) -> None:
    complaint, _ = raise_complaint(seeded)
    factories.log_in(client, handler)
    response = client.post(f"/quan-ly/phan-anh/{complaint.id}/answer", data={"answer-answer": "x"})
    assert response.status_code == 403


def test_viewers_read_but_cannot_act(client: FlaskClient, seeded: Session) -> None:
    viewer = factories.user(seeded, username="xem", role=Role.VIEWER)
    complaint, _ = raise_complaint(seeded)
    factories.log_in(client, viewer)
    page = parse(client.get(f"/quan-ly/phan-anh/{complaint.id}"))
    assert page.select(".actions-box form") == []
    response = client.post(
        f"/quan-ly/phan-anh/{complaint.id}/classify",
        data={"classify-classification": "c_regulation"},
    )
    assert response.status_code == 403
    assert client.post(f"/quan-ly/phan-anh/{complaint.id}/lien-he").status_code == 403


def test_the_full_contact_is_shown_only_to_the_assigned_handler_and_audited(
    client: FlaskClient, seeded: Session, handler: User, manager: User, rules: WorkflowRules
) -> None:
    complaint, _ = raise_complaint(seeded)
    walk(seeded, complaint, rules, handler, until="assign")
    factories.log_in(client, manager)
    page = parse(client.get(f"/quan-ly/phan-anh/{complaint.id}"))
    assert "•••••••678" in text_of(page, ".contact-box")
    assert page.select_one(".contact-box form[action$='/lien-he']") is None
    assert client.post(f"/quan-ly/phan-anh/{complaint.id}/lien-he").status_code == 403
    assert audits(seeded, "complaint.contact_viewed") == []

    client.post("/dang-xuat")
    factories.log_in(client, handler)
    shown = parse(client.get(f"/quan-ly/phan-anh/{complaint.id}"))
    assert PHONE not in text_of(shown, ".contact-box")
    response = client.post(f"/quan-ly/phan-anh/{complaint.id}/lien-he")
    assert response.status_code == 200
    assert text_of(parse(response), "#contact-phone") == PHONE
    (audit,) = audits(seeded, "complaint.contact_viewed")
    assert (audit.actor_id, audit.target_id) == (handler.id, str(complaint.id))


def test_an_administrator_sees_the_full_contact_too(
    client: FlaskClient, seeded: Session, admin: User
) -> None:
    complaint, _ = raise_complaint(seeded)
    factories.log_in(client, admin)
    response = client.post(f"/quan-ly/phan-anh/{complaint.id}/lien-he")
    assert text_of(parse(response), "#contact-phone") == PHONE
    assert len(audits(seeded, "complaint.contact_viewed")) == 1


def test_contact_data_is_erased_on_request_and_the_erasure_audited(
    client: FlaskClient, seeded: Session, handler: User, manager: User, rules: WorkflowRules
) -> None:
    complaint, _ = raise_complaint(seeded)
    walk(seeded, complaint, rules, handler, until="start")
    factories.log_in(client, manager)
    url = f"/quan-ly/phan-anh/{complaint.id}/xoa-lien-he"
    assert client.post(url, data={"note": ""}).status_code == 400
    response = client.post(url, data={"note": "Người dân gọi điện ngày 25/11 đề nghị xoá."})
    assert response.status_code == 303
    seeded.expire_all()
    assert complaint.contact_ciphertext is None
    assert complaint.contact_erased_at is not None
    (audit,) = audits(seeded, "complaint.contact_erased")
    assert audit.actor_id == manager.id
    assert "gọi điện" in audit.detail["note"]
    # Nothing left to tell: an answer now puts no message in the outbox.
    perform(seeded, complaint, Step("answer", answer="Đã xử lý."), handler, rules)
    assert seeded.scalars(select(ComplaintMessage)).all() == []
    page = parse(client.get(f"/quan-ly/phan-anh/{complaint.id}"))
    assert "Đã xoá theo yêu cầu" in text_of(page, ".contact-box")


def test_the_handler_reads_the_ratings_beside_the_complaint(
    client: FlaskClient, seeded: Session, handler: User
) -> None:
    poster = factories.poster(seeded)
    token = parse(client.get(f"/q/{poster.code}")).select_one("input[name=submission]")["value"]
    rated = client.post(
        f"/q/{poster.code}",
        data={**GOOD_ANSWERS, "staff-general": "1", "submission": token, "complaint": "y"},
    )
    url = rated.headers["Location"]
    token = parse(client.get(url)).select_one("input[name=submission]")["value"]
    client.post(
        url,
        data={
            "subject": "Cán bộ thiếu nhiệt tình",
            "body": "Không hướng dẫn.",
            "submission": token,
        },
    )
    complaint = seeded.scalar(select(Complaint))
    factories.log_in(client, handler)
    ratings = text_of(parse(client.get(f"/quan-ly/phan-anh/{complaint.id}")), "table.ratings")
    assert "Rất không hài lòng" in ratings


def test_the_overdue_list_groups_overdue_complaints_by_centre(
    client: FlaskClient, seeded: Session, admin: User, handler: User, rules: WorkflowRules
) -> None:
    old, _ = raise_complaint(seeded, received_at=datetime(2026, 10, 1, 2, tzinfo=UTC))
    perform(seeded, old, Step("classify", classification=ComplaintClass.REGULATION), handler, rules)
    other, _ = raise_complaint(
        seeded, centre_key="tinh", received_at=datetime(2026, 10, 5, 2, tzinfo=UTC)
    )
    fresh, _ = raise_complaint(seeded, received_at=datetime.now(UTC))
    factories.log_in(client, admin)
    page = parse(client.get("/quan-ly/phan-anh/qua-han"))
    sections = page.select("section.overdue")
    assert len(sections) == 2
    text = " ".join(s.get_text(" ") for s in sections)
    assert old.tracking_code in text
    assert other.tracking_code in text
    assert fresh.tracking_code not in text


def test_staff_see_held_messages_in_the_outbox_and_mark_them_delivered(
    client: FlaskClient, seeded: Session, handler: User, rules: WorkflowRules
) -> None:
    complaint, _ = raise_complaint(seeded)
    walk(seeded, complaint, rules, handler, until="start")
    factories.log_in(client, handler)
    response = client.post(
        f"/quan-ly/phan-anh/{complaint.id}/answer", data={"answer-answer": "Đã bố trí thêm quầy."}
    )
    assert response.status_code == 303
    message = seeded.scalar(select(ComplaintMessage))
    assert message.status is MessageStatus.HELD  # no SMS gateway in the test configuration
    page = parse(client.get("/quan-ly/phan-anh/hop-thu"))
    row = text_of(page, "table.outbox tbody tr")
    assert complaint.tracking_code in row
    assert "cán bộ báo trực tiếp" in row
    assert PHONE not in client.get("/quan-ly/phan-anh/hop-thu").get_data(as_text=True)
    form = page.select_one("table.outbox form")
    assert client.post(form["action"]).status_code == 303
    seeded.expire_all()
    assert message.status is MessageStatus.SENT
    assert message.sent_by_id == handler.id
