"""Issue 14: taking, answering and closing in fewer submissions, no step backwards, credits."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from survey_app.complaints.workflow import (
    TRANSITIONS,
    Step,
    TransitionError,
    WorkflowRules,
    perform,
)
from survey_app.models import (
    Complaint,
    ComplaintClass,
    ComplaintEvent,
    ComplaintMessage,
    ComplaintStatus,
    TransferReason,
    User,
)
from tests import factories
from tests.complaints.conftest import raise_complaint, walk
from tests.html import parse

S = ComplaintStatus
NOW = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)
STEPS = {
    "take": Step("take", classification=ComplaintClass.CONDUCT),
    "classify": Step("classify", classification=ComplaintClass.CONDUCT),
    "assign": None,  # needs the handler's id
    "start": Step("start"),
    "answer": Step("answer", answer="Đã bố trí thêm quầy."),
    "answer_close": Step("answer_close", answer="Đã bố trí thêm quầy."),
    "close": Step("close"),
    "forward": Step("forward", destination="Sở Tài chính"),
    "reject": Step("reject", reason="Không có nội dung."),
    "transfer": Step("transfer", transfer_reason=TransferReason.DENUNCIATION),
    "reopen": Step("reopen", note="Chưa đồng ý."),
}
# Where each step leads from each status, for a class (b) complaint the actor handles;
# a status missing from a row means the step is refused there.
EXPECTED: dict[str, dict[ComplaintStatus, ComplaintStatus]] = {
    "take": {S.RECEIVED: S.IN_PROGRESS, S.CLASSIFIED: S.IN_PROGRESS, S.ASSIGNED: S.IN_PROGRESS},
    "classify": {S.RECEIVED: S.CLASSIFIED, S.CLASSIFIED: S.CLASSIFIED},
    "assign": {S.CLASSIFIED: S.ASSIGNED, S.ASSIGNED: S.ASSIGNED, S.IN_PROGRESS: S.IN_PROGRESS},
    "start": {S.ASSIGNED: S.IN_PROGRESS},
    "answer": {S.IN_PROGRESS: S.ANSWERED},
    "answer_close": {S.IN_PROGRESS: S.CLOSED},
    "close": {S.ANSWERED: S.CLOSED},
    "forward": dict.fromkeys((S.CLASSIFIED, S.ASSIGNED, S.IN_PROGRESS), S.FORWARDED),
    "reject": {},  # class (a) only
    "transfer": dict.fromkeys((S.RECEIVED, S.CLASSIFIED, S.ASSIGNED, S.IN_PROGRESS), S.FORWARDED),
    "reopen": {S.ANSWERED: S.IN_PROGRESS, S.CLOSED: S.IN_PROGRESS},
}


def test_the_table_covers_every_step() -> None:
    assert set(EXPECTED) == set(TRANSITIONS) == set(STEPS)


@pytest.mark.parametrize("action", sorted(EXPECTED))
def test_the_state_machine_leads_every_step_from_every_status_where_expected(
    seeded: Session, handler: User, rules: WorkflowRules, action: str
) -> None:
    complaint, _ = raise_complaint(seeded)
    step = STEPS[action] or Step("assign", assignee_id=handler.id)
    actor = None if action == "reopen" else handler
    for status in ComplaintStatus:
        complaint.status = status
        complaint.classification = ComplaintClass.CONDUCT
        complaint.assigned_to_id = handler.id
        complaint.answered_at = NOW
        seeded.commit()
        target = EXPECTED[action].get(status)
        if target is None:
            with pytest.raises(TransitionError):
                perform(seeded, complaint, step, actor, rules, now=NOW)
        else:
            perform(seeded, complaint, step, actor, rules, now=NOW)
            assert complaint.status is target, (action, status)


def test_re_assigning_work_in_progress_changes_the_handler_not_the_progress(
    seeded: Session, handler: User, rules: WorkflowRules
) -> None:
    other = factories.user(seeded, username="xuly2", role=handler.role)
    complaint, _ = raise_complaint(seeded)
    walk(seeded, complaint, rules, handler, until="start")
    assert complaint.status is S.IN_PROGRESS
    perform(seeded, complaint, Step("assign", assignee_id=other.id), handler, rules, now=NOW)
    assert complaint.status is S.IN_PROGRESS
    assert complaint.assigned_to_id == other.id
    last = seeded.scalars(
        select(ComplaintEvent).filter_by(complaint_id=complaint.id).order_by(ComplaintEvent.id)
    ).all()[-1]
    assert (last.from_status, last.to_status) == ("in_progress", "in_progress")


def test_taking_a_received_complaint_classifies_assigns_and_starts_in_one_submission(
    client: FlaskClient, seeded: Session, handler: User
) -> None:
    complaint, _ = raise_complaint(seeded)
    factories.log_in(client, handler)
    url = f"/quan-ly/phan-anh/{complaint.id}"
    page = parse(client.get(url))
    first = page.select_one(".actions-box details")
    assert first is not None
    assert first.get("id") == "act-take"
    assert first.has_attr("open")
    response = client.post(
        f"{url}/take", data={"take-classification": "b_conduct", "take-note": "Thái độ"}
    )
    assert response.status_code == 303
    seeded.expire_all()
    assert complaint.status is S.IN_PROGRESS
    assert complaint.assigned_to_id == handler.id
    assert complaint.classification is ComplaintClass.CONDUCT
    assert complaint.due_at is not None
    steps = [(e.from_status, e.to_status, e.actor_id) for e in complaint.events]
    assert steps[1:] == [
        ("received", "classified", handler.id),
        ("classified", "assigned", handler.id),
        ("assigned", "in_progress", handler.id),
    ]
    assert complaint.events[1].note.startswith("(b)")


def test_taking_is_for_what_the_centre_answers_itself(
    seeded: Session, handler: User, rules: WorkflowRules
) -> None:
    complaint, _ = raise_complaint(seeded)
    step = Step("take", classification=ComplaintClass.OUTSIDE_REMIT)
    with pytest.raises(TransitionError, match="riêng"):
        perform(seeded, complaint, step, handler, rules)
    assert complaint.status is S.RECEIVED


def test_answer_and_close_is_one_submission_and_the_citizen_is_told(
    client: FlaskClient, seeded: Session, handler: User, rules: WorkflowRules
) -> None:
    complaint, _ = raise_complaint(seeded)
    walk(seeded, complaint, rules, handler, until="start")
    factories.log_in(client, handler)
    response = client.post(
        f"/quan-ly/phan-anh/{complaint.id}/answer_close",
        data={"answer_close-answer": "Trung tâm đã bố trí thêm một quầy."},
    )
    assert response.status_code == 303
    seeded.expire_all()
    assert complaint.status is S.CLOSED
    assert complaint.answered_at is not None
    assert complaint.closed_at is not None
    assert [e.to_status for e in complaint.events[-2:]] == ["answered", "closed"]
    assert seeded.scalars(select(ComplaintMessage).filter_by(complaint_id=complaint.id)).all()
    # The citizen may still reopen a closed complaint within the window.
    perform(seeded, complaint, STEPS["reopen"], None, rules)  # type: ignore[arg-type]
    assert complaint.status is S.IN_PROGRESS


def test_every_history_line_is_credited_to_who_took_it(
    client: FlaskClient, seeded: Session, handler: User, rules: WorkflowRules
) -> None:
    complaint, _ = raise_complaint(seeded)
    walk(seeded, complaint, rules, handler, until="classify")
    # A step no one took by hand (as demo data and escalations write): not the citizen's.
    seeded.add(
        ComplaintEvent(
            complaint_id=complaint.id, at=NOW, from_status="classified", to_status="assigned"
        )
    )
    seeded.commit()
    factories.log_in(client, handler)
    lines = [
        li.get_text(" ", strip=True)
        for li in parse(client.get(f"/quan-ly/phan-anh/{complaint.id}")).select(".timeline li")
    ]
    assert "Người dân" in lines[0]
    assert "Cán bộ xử lý phản ánh" in lines[1]
    assert "Hệ thống" in lines[2]
    assert "Người dân" not in lines[2]


def test_a_citizens_reopening_is_credited_to_the_citizen(
    client: FlaskClient, seeded: Session, handler: User, rules: WorkflowRules
) -> None:
    complaint, _ = raise_complaint(seeded)
    walk(seeded, complaint, rules, handler, until="answer")
    perform(seeded, complaint, STEPS["reopen"], None, rules)  # type: ignore[arg-type]
    factories.log_in(client, handler)
    last = parse(client.get(f"/quan-ly/phan-anh/{complaint.id}")).select(".timeline li")[-1]
    assert "Người dân" in last.get_text()
    assert seeded.get_one(Complaint, complaint.id).status is S.IN_PROGRESS
