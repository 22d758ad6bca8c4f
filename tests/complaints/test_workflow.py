"""Every transition of the workflow, its guards, and its record."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from survey_app.complaints.workflow import (
    TRANSITIONS,
    Step,
    TransitionError,
    WorkflowRules,
    available_actions,
    perform,
)
from survey_app.core.deadlines import LOCAL_TZ
from survey_app.models import (
    Complaint,
    ComplaintClass,
    ComplaintEvent,
    ComplaintStatus,
    Role,
    TransferReason,
    User,
)
from tests import factories
from tests.complaints.conftest import raise_complaint, walk

S = ComplaintStatus
GOOD_STEPS = {
    "classify": Step("classify", classification=ComplaintClass.REGULATION),
    "start": Step("start"),
    "answer": Step("answer", answer="Đã bố trí thêm quầy."),
    "close": Step("close"),
    "forward": Step("forward", destination="Sở Tài nguyên và Môi trường"),
    "reject": Step("reject", reason="Không có nội dung cụ thể."),
    "reopen": Step("reopen", note="Tôi vẫn phải chờ lâu."),
    "take": Step("take", classification=ComplaintClass.REGULATION),
    "answer_close": Step("answer_close", answer="Đã bố trí thêm quầy."),
    "transfer": Step("transfer", transfer_reason=TransferReason.EXTRA_PAYMENT),
}


def events_of(session: Session, complaint: Complaint) -> list[ComplaintEvent]:
    return list(
        session.scalars(
            select(ComplaintEvent).filter_by(complaint_id=complaint.id).order_by(ComplaintEvent.id)
        )
    )


def force_status(
    session: Session, complaint: Complaint, status: ComplaintStatus, handler: User
) -> None:
    complaint.status = status
    complaint.assigned_to_id = handler.id
    complaint.answered_at = complaint.answered_at or complaint.received_at
    complaint.classification = {
        "reject": ComplaintClass.NOT_ACCEPTED,
        "forward": ComplaintClass.OUTSIDE_REMIT,
    }.get(status.value, ComplaintClass.REGULATION)
    session.commit()


def test_the_main_path_records_every_step_with_who_when_and_note(
    seeded: Session, handler: User, rules: WorkflowRules
) -> None:
    complaint, _ = raise_complaint(seeded)
    perform(
        seeded,
        complaint,
        Step("classify", classification=ComplaintClass.CONDUCT, note="Thái độ cán bộ"),
        handler,
        rules,
    )
    walk(seeded, complaint, rules, handler, until="close", cls=ComplaintClass.CONDUCT)
    events = events_of(seeded, complaint)
    assert [(e.from_status, e.to_status) for e in events] == [
        (None, "received"),
        ("received", "classified"),
        ("classified", "classified"),
        ("classified", "assigned"),
        ("assigned", "in_progress"),
        ("in_progress", "answered"),
        ("answered", "closed"),
    ]
    assert all(e.actor_id == handler.id for e in events[1:])
    assert events[0].actor_id is None  # the citizen
    assert "Thái độ cán bộ" in events[1].note
    assert events[1].note.startswith("(b)")
    assert complaint.status is S.CLOSED
    assert complaint.closed_at is not None
    assert complaint.resolved_at == complaint.answered_at


@pytest.mark.parametrize("action", sorted(TRANSITIONS))
def test_a_step_is_refused_from_every_status_it_does_not_start_from(
    seeded: Session, handler: User, rules: WorkflowRules, action: str
) -> None:
    complaint, _ = raise_complaint(seeded)
    actor = None if action == "reopen" else handler
    step = GOOD_STEPS.get(action, Step("assign", assignee_id=handler.id))
    refused_from = [s for s in ComplaintStatus if s not in TRANSITIONS[action].sources]
    assert refused_from
    for status in refused_from:
        force_status(seeded, complaint, status, handler)
        before = len(events_of(seeded, complaint))
        with pytest.raises(TransitionError):
            perform(seeded, complaint, step, actor, rules)
        seeded.expire_all()
        assert seeded.get_one(Complaint, complaint.id).status is status
        assert len(events_of(seeded, complaint)) == before


@pytest.mark.parametrize(
    ("action", "step", "message"),
    [
        ("classify", Step("classify"), "loại"),
        ("answer", Step("answer", answer="  "), "trả lời"),
        ("forward", Step("forward"), "cơ quan"),
        ("reject", Step("reject"), "lý do"),
    ],
)
def test_a_step_without_what_it_needs_is_refused(  # noqa: PLR0917  (fixtures and parameters)
    seeded: Session, handler: User, rules: WorkflowRules, action: str, step: Step, message: str
) -> None:
    complaint, _ = raise_complaint(seeded)
    status = {"classify": S.RECEIVED, "answer": S.IN_PROGRESS}.get(action, S.CLASSIFIED)
    force_status(seeded, complaint, status, handler)
    complaint.classification = {
        "forward": ComplaintClass.OUTSIDE_REMIT,
        "reject": ComplaintClass.NOT_ACCEPTED,
    }.get(action, ComplaintClass.REGULATION)
    seeded.commit()
    with pytest.raises(TransitionError, match=message):
        perform(seeded, complaint, step, handler, rules)


@pytest.mark.parametrize(
    ("cls", "allowed"),
    [
        (ComplaintClass.NOT_ACCEPTED, {"classify", "reject", "transfer"}),
        (ComplaintClass.CONDUCT, {"take", "classify", "assign", "forward", "transfer"}),
        (ComplaintClass.REGULATION, {"take", "classify", "assign", "transfer"}),
        (ComplaintClass.OUTSIDE_REMIT, {"classify", "forward", "transfer"}),
    ],
)
def test_the_class_decides_what_may_follow_classification(
    seeded: Session, handler: User, rules: WorkflowRules, cls: ComplaintClass, allowed: set[str]
) -> None:
    complaint, _ = raise_complaint(seeded)
    perform(seeded, complaint, Step("classify", classification=cls), handler, rules)
    assert set(available_actions(complaint, handler)) == allowed


def test_class_a_is_rejected_with_its_reason_and_class_d_forwarded_with_its_destination(
    seeded: Session, handler: User, rules: WorkflowRules
) -> None:
    refused, _ = raise_complaint(seeded)
    perform(
        seeded,
        refused,
        Step("classify", classification=ComplaintClass.NOT_ACCEPTED),
        handler,
        rules,
    )
    perform(seeded, refused, GOOD_STEPS["reject"], handler, rules)
    assert refused.status is S.REJECTED
    assert refused.reject_reason == "Không có nội dung cụ thể."
    assert refused.resolved_at is not None

    elsewhere, _ = raise_complaint(seeded)
    perform(
        seeded,
        elsewhere,
        Step("classify", classification=ComplaintClass.OUTSIDE_REMIT),
        handler,
        rules,
    )
    perform(seeded, elsewhere, GOOD_STEPS["forward"], handler, rules)
    assert elsewhere.status is S.FORWARDED
    assert elsewhere.forwarded_to == "Sở Tài nguyên và Môi trường"
    assert "Sở Tài nguyên" in events_of(seeded, elsewhere)[-1].note


def test_classifying_sets_the_deadline_of_the_next_step(
    seeded: Session, handler: User, rules: WorkflowRules
) -> None:
    # Received Monday 23/11/2026; Tuesday 24/11 is a public holiday (Vietnam Cultural Day).
    complaint, _ = raise_complaint(seeded)
    assert complaint.due_at.astimezone(LOCAL_TZ).date() == date(2026, 11, 26)  # 2 days
    perform(
        seeded,
        complaint,
        Step("classify", classification=ComplaintClass.OUTSIDE_REMIT),
        handler,
        rules,
    )
    assert complaint.due_at.astimezone(LOCAL_TZ).date() == date(2026, 12, 1)  # 5 days
    perform(
        seeded,
        complaint,
        Step("classify", classification=ComplaintClass.REGULATION),
        handler,
        rules,
    )
    assert complaint.due_at.astimezone(LOCAL_TZ).date() == date(2026, 12, 8)  # 10 days


def test_only_the_assigned_handler_or_an_administrator_starts_and_answers(
    seeded: Session, handler: User, admin: User, rules: WorkflowRules
) -> None:
    colleague = factories.user(seeded, username="dongnghiep", role=Role.HANDLER)
    complaint, _ = raise_complaint(seeded)
    walk(seeded, complaint, rules, handler, until="assign")
    with pytest.raises(TransitionError, match="không được"):
        perform(seeded, complaint, Step("start"), colleague, rules)
    perform(seeded, complaint, Step("start"), handler, rules)
    perform(seeded, complaint, GOOD_STEPS["answer"], admin, rules)
    assert complaint.status is S.ANSWERED


def test_viewers_other_centres_and_citizens_cannot_act(
    seeded: Session, handler: User, rules: WorkflowRules
) -> None:
    viewer = factories.user(seeded, username="xem", role=Role.VIEWER)
    stranger = factories.user(seeded, username="xa-khac", role=Role.HANDLER, centre_keys=("tinh",))
    complaint, _ = raise_complaint(seeded)
    for actor in (viewer, stranger, None):
        assert available_actions(complaint, actor) == []
        with pytest.raises(TransitionError):
            perform(seeded, complaint, GOOD_STEPS["classify"], actor, rules)
    walk(seeded, complaint, rules, handler, until="answer")
    with pytest.raises(TransitionError):
        perform(seeded, complaint, GOOD_STEPS["reopen"], handler, rules)


def test_only_a_handler_of_the_centre_can_be_assigned(
    seeded: Session, handler: User, rules: WorkflowRules
) -> None:
    stranger = factories.user(seeded, username="xa-khac", role=Role.HANDLER, centre_keys=("tinh",))
    viewer = factories.user(seeded, username="xem", role=Role.VIEWER)
    complaint, _ = raise_complaint(seeded)
    walk(seeded, complaint, rules, handler, until="classify")
    for someone in (stranger, viewer):
        with pytest.raises(TransitionError, match="cán bộ xử lý"):
            perform(seeded, complaint, Step("assign", assignee_id=someone.id), handler, rules)
    perform(seeded, complaint, Step("assign", assignee_id=handler.id), handler, rules)
    assert complaint.assigned_to_id == handler.id


def test_the_citizen_reopens_within_the_window_with_a_fresh_deadline(
    seeded: Session, handler: User, rules: WorkflowRules
) -> None:
    complaint, _ = raise_complaint(seeded)
    walk(seeded, complaint, rules, handler, until="close")
    reopened_at = complaint.answered_at + timedelta(days=rules.reopen_days - 1)
    perform(seeded, complaint, GOOD_STEPS["reopen"], None, rules, now=reopened_at)
    assert complaint.status is S.IN_PROGRESS
    assert complaint.resolved_at is None
    assert complaint.closed_at is None
    assert complaint.due_at == rules.deadlines.due("answer", reopened_at)
    event = events_of(seeded, complaint)[-1]
    assert (event.actor_id, event.from_status, event.note) == (
        None,
        "closed",
        "Tôi vẫn phải chờ lâu.",
    )
    perform(
        seeded, complaint, GOOD_STEPS["answer"], handler, rules, now=reopened_at + timedelta(days=1)
    )
    assert complaint.status is S.ANSWERED


def test_reopening_after_the_window_or_without_a_reason_is_refused(
    seeded: Session, handler: User, rules: WorkflowRules
) -> None:
    complaint, _ = raise_complaint(seeded)
    walk(seeded, complaint, rules, handler, until="answer")
    with pytest.raises(TransitionError, match="vì sao"):
        perform(seeded, complaint, Step("reopen"), None, rules, now=complaint.answered_at)
    too_late = complaint.answered_at + timedelta(days=rules.reopen_days, minutes=1)
    with pytest.raises(TransitionError, match="quá thời hạn"):
        perform(seeded, complaint, GOOD_STEPS["reopen"], None, rules, now=too_late)
    assert complaint.status is S.ANSWERED


def test_two_people_acting_at_once_cannot_both_move_it(
    seeded: Session, handler: User, rules: WorkflowRules
) -> None:
    complaint, _ = raise_complaint(seeded)
    # Someone else classifies it after this page was loaded: the row changes under us.
    seeded.execute(
        update(Complaint)
        .where(Complaint.id == complaint.id)
        .values(status=S.CLASSIFIED)
        .execution_options(synchronize_session=False)
    )
    seeded.commit()
    complaint.status = S.RECEIVED  # what the first person's page still shows
    seeded.execute(
        update(Complaint)
        .where(Complaint.id == complaint.id)
        .values(status=S.ASSIGNED)
        .execution_options(synchronize_session=False)
    )
    with pytest.raises(TransitionError, match="người khác"):
        perform(seeded, complaint, GOOD_STEPS["classify"], handler, rules)
    count = seeded.scalar(select(func.count()).select_from(ComplaintEvent))
    assert count == 1


def test_an_unknown_action_is_refused(seeded: Session, handler: User, rules: WorkflowRules) -> None:
    complaint, _ = raise_complaint(seeded)
    with pytest.raises(TransitionError):
        perform(seeded, complaint, Step("delete"), handler, rules)
    assert datetime.now(UTC) > complaint.received_at
