"""The complaint workflow: which step may follow which, who may take it, and its record.

received → classified → assigned → in progress → answered → closed, with forwarded and
rejected as ends and reopening by the citizen within a window. Two steps save handlers
submissions: "take" (classify, assign to me and start, from one form) and "answer_close"
(answer and close at once, for what the centre itself answers). Re-assigning a complaint
changes its handler, never its progress. A denunciation (tố cáo) or a report of payments
beyond the official fees is transferred to the inspectorate (``transfer``), which ends the
centre's clock. Every status passed writes a ComplaintEvent (who, when, from, to, note).
The status changes by a conditional UPDATE (… WHERE status = the status the actor saw),
so two people acting at once cannot both move the same complaint.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import Session

from survey_app.complaints.notify import queue_messages
from survey_app.complaints.status_labels import INSPECTORATE, TRANSFER_LABELS
from survey_app.core.collation import vietnamese_key
from survey_app.core.deadlines import DeadlineRules
from survey_app.models import (
    OPEN_STATUSES,
    PROVINCE_ROLES,
    Complaint,
    ComplaintClass,
    ComplaintEvent,
    ComplaintStatus,
    Role,
    TransferReason,
    User,
    utcnow,
)

S = ComplaintStatus
STAFF_ROLES = frozenset({*PROVINCE_ROLES, Role.MANAGER, Role.HANDLER})
# Who may take a complaint for themselves: those a complaint can be assigned to.
TAKERS = frozenset({Role.MANAGER, Role.HANDLER})
WORKING = frozenset({S.CLASSIFIED, S.ASSIGNED, S.IN_PROGRESS})


class TransitionError(ValueError):
    """A step that is not allowed now, or not for this person; the message says why."""


@dataclass(frozen=True, slots=True)
class Transition:
    """One kind of step: where it may start, where it leads, and who may take it."""

    action: str
    sources: frozenset[ComplaintStatus]
    target: ComplaintStatus
    who: str  # "staff": a handler, manager or admin of the centre; "assignee"; "citizen"
    # Statuses a step passes through on its way, each recorded as its own event.
    via: tuple[ComplaintStatus, ...] = ()
    # Statuses the step leaves as they are (re-assigning work already started).
    keeps: frozenset[ComplaintStatus] = frozenset()

    def target_from(self, source: ComplaintStatus) -> ComplaintStatus:
        """Where the step leads from ``source``."""
        return source if source in self.keeps else self.target

    def path_from(self, source: ComplaintStatus) -> list[ComplaintStatus]:
        """Every status after ``source`` the step records, ending with its target."""
        target = self.target_from(source)
        passed = [s for s in self.via if s not in (source, target)]
        return [*passed, target]


TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        Transition(
            "take",
            frozenset({S.RECEIVED, S.CLASSIFIED, S.ASSIGNED}),
            S.IN_PROGRESS,
            "staff",
            via=(S.CLASSIFIED, S.ASSIGNED),
        ),
        Transition("classify", frozenset({S.RECEIVED, S.CLASSIFIED}), S.CLASSIFIED, "staff"),
        Transition("assign", WORKING, S.ASSIGNED, "staff", keeps=frozenset({S.IN_PROGRESS})),
        Transition("start", frozenset({S.ASSIGNED}), S.IN_PROGRESS, "assignee"),
        Transition("answer", frozenset({S.IN_PROGRESS}), S.ANSWERED, "assignee"),
        Transition(
            "answer_close", frozenset({S.IN_PROGRESS}), S.CLOSED, "assignee", via=(S.ANSWERED,)
        ),
        Transition("close", frozenset({S.ANSWERED}), S.CLOSED, "staff"),
        Transition("forward", WORKING, S.FORWARDED, "staff"),
        Transition("reject", frozenset({S.CLASSIFIED}), S.REJECTED, "staff"),
        Transition("transfer", OPEN_STATUSES, S.FORWARDED, "staff"),
        Transition("reopen", frozenset({S.ANSWERED, S.CLOSED}), S.IN_PROGRESS, "citizen"),
    )
}
# Which classes of Nghị định 20/2008 each step fits: (a) is refused, (d) goes elsewhere,
# (b) may be answered here or sent to the competent agency, (c) is answered here.
ANSWERED_HERE = {ComplaintClass.CONDUCT, ComplaintClass.REGULATION}
CLASSES_FOR: dict[str, set[ComplaintClass | None]] = {
    "take": {None, *ANSWERED_HERE},
    "assign": set(ANSWERED_HERE),
    "answer_close": set(ANSWERED_HERE),
    "forward": {ComplaintClass.CONDUCT, ComplaintClass.OUTSIDE_REMIT},
    "reject": {ComplaintClass.NOT_ACCEPTED},
}
# The message each step owes the citizen (notify.py writes them).
NOTIFYING = {
    "answer": "answer",
    "answer_close": "answer",
    "forward": "forward",
    "transfer": "forward",
    "reject": "reject",
}


@dataclass(frozen=True, slots=True)
class Step:
    """What an actor asks for: the action and what it needs."""

    action: str
    note: str = ""
    classification: ComplaintClass | None = None
    assignee_id: int | None = None
    destination: str = ""
    answer: str = ""
    reason: str = ""
    transfer_reason: TransferReason | None = None


@dataclass(frozen=True, slots=True)
class WorkflowRules:
    """Deadlines, and how long after an answer the citizen may reopen."""

    deadlines: DeadlineRules
    reopen_days: int = 30

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> WorkflowRules:
        """Rules from the app's ``COMPLAINT_*`` settings."""
        return cls(DeadlineRules.from_config(config), int(config["COMPLAINT_REOPEN_DAYS"]))


def may_take(complaint: Complaint, action: str, actor: User | None) -> bool:
    """True when ``actor`` (None: the citizen) may take ``action`` on ``complaint`` now."""
    transition = TRANSITIONS[action]
    if complaint.status not in transition.sources:
        return False
    if transition.who == "citizen":
        return actor is None
    if (
        actor is None
        or actor.role not in STAFF_ROLES
        or not actor.can_see_centre(complaint.centre_id)
    ):
        return False
    if transition.who == "assignee" and not (
        actor.id == complaint.assigned_to_id or actor.is_province_wide
    ):
        return False
    if action == "take" and actor.role not in TAKERS:
        return False
    classes = CLASSES_FOR.get(action)
    return classes is None or complaint.classification in classes


def available_actions(complaint: Complaint, actor: User | None) -> list[str]:
    """The steps ``actor`` may take now, in workflow order."""
    return [a for a in TRANSITIONS if may_take(complaint, a, actor)]


def eligible_assignees(session: Session, centre_id: int) -> list[User]:
    """Active handlers and managers whose scope includes the centre."""
    users = session.scalars(
        select(User).where(User.active, User.role.in_([Role.HANDLER, Role.MANAGER]))
    )
    mine = [u for u in users if u.can_see_centre(centre_id)]
    return sorted(mine, key=lambda u: (vietnamese_key(u.full_name or ""), u.username))


def perform(
    session: Session,
    complaint: Complaint,
    step: Step,
    actor: User | None,
    rules: WorkflowRules,
    *,
    now: datetime | None = None,
) -> ComplaintEvent:
    """Take ``step`` on ``complaint`` for ``actor``, record it, and commit."""
    now = now or utcnow()
    if step.action not in TRANSITIONS:
        raise TransitionError(_l("Thao tác này không có."))
    transition = TRANSITIONS[step.action]
    if complaint.status not in transition.sources:
        raise TransitionError(_l("Phản ánh đang ở trạng thái không cho phép thao tác này."))
    if not may_take(complaint, step.action, actor):
        raise TransitionError(_l("Ông/Bà không được thực hiện thao tác này với phản ánh này."))
    changes = _changes(_Asked(session, complaint, step, actor, rules, now))
    source = complaint.status
    path = transition.path_from(source)
    # An UPDATE or DELETE gives a CursorResult, which counts the rows it changed.
    result = cast(
        "CursorResult[Any]",
        session.execute(
            update(Complaint)
            .where(Complaint.id == complaint.id, Complaint.status == source)
            .values(status=path[-1], **changes)
            .execution_options(synchronize_session=False)
        ),
    )
    if result.rowcount != 1:
        session.rollback()
        raise TransitionError(_l("Phản ánh vừa được người khác cập nhật. Xin xem lại."))
    events = [
        ComplaintEvent(
            complaint_id=complaint.id,
            at=now,
            actor_id=actor.id if actor else None,
            from_status=before.value,
            to_status=after.value,
            note=_event_note(step) if n == 0 else "",
        )
        for n, (before, after) in enumerate(zip([source, *path], path, strict=False))
    ]
    session.add_all(events)
    if step.action in NOTIFYING:
        session.flush()
        session.refresh(complaint)
        queue_messages(session, complaint, NOTIFYING[step.action], now)
    session.commit()
    session.refresh(complaint)
    return events[-1]


@dataclass(frozen=True, slots=True)
class _Asked:
    """Everything a step's changes may depend on."""

    session: Session
    complaint: Complaint
    step: Step
    actor: User | None
    rules: WorkflowRules
    now: datetime


def _changes(asked: _Asked) -> dict[str, object]:
    """The columns a step sets besides the status, after checking what it needs."""
    return _CHANGES.get(asked.step.action, lambda _asked: {})(asked)


def _take(asked: _Asked) -> dict[str, object]:
    if asked.step.classification not in ANSWERED_HERE:
        raise TransitionError(
            _l("Nhận xử lý là cho loại (b) hoặc (c); loại (a) và (d) có bước riêng.")
        )
    return {
        **_classifying(asked.complaint, asked.step, asked.rules),
        **_assigning(asked.session, asked.complaint, asked.actor),
    }


def _assign(asked: _Asked) -> dict[str, object]:
    eligible = {u.id for u in eligible_assignees(asked.session, asked.complaint.centre_id)}
    if asked.step.assignee_id not in eligible:
        raise TransitionError(_l("Xin chọn một cán bộ xử lý của Trung tâm này."))
    return {"assigned_to_id": asked.step.assignee_id}


def _classifying(complaint: Complaint, step: Step, rules: WorkflowRules) -> dict[str, object]:
    if step.classification is None:
        raise TransitionError(_l("Xin chọn loại phản ánh."))
    due_step = rules.deadlines.step_after(S.CLASSIFIED, step.classification)
    return {
        "classification": step.classification,
        "due_at": rules.deadlines.due(due_step, complaint.received_at),
    }


def _assigning(session: Session, complaint: Complaint, actor: User | None) -> dict[str, object]:
    eligible = {u.id for u in eligible_assignees(session, complaint.centre_id)}
    if actor is None or actor.id not in eligible:
        raise TransitionError(_l("Ông/Bà không thuộc cán bộ xử lý của Trung tâm này."))
    return {"assigned_to_id": actor.id}


def _transfer(step: Step, now: datetime) -> dict[str, object]:
    if step.transfer_reason is None:
        raise TransitionError(_l("Xin chọn vì sao chuyển Thanh tra."))
    return {
        "transfer_reason": step.transfer_reason,
        "forwarded_to": str(INSPECTORATE),
        "resolved_at": now,
    }


def _answer(step: Step, now: datetime) -> dict[str, object]:
    _require(step.answer, _l("Xin viết nội dung trả lời."))
    return {"answer": step.answer.strip(), "answered_at": now, "resolved_at": now}


def _forward(step: Step, now: datetime) -> dict[str, object]:
    _require(step.destination, _l("Xin ghi cơ quan nhận chuyển."))
    return {"forwarded_to": step.destination.strip(), "resolved_at": now}


def _reject(step: Step, now: datetime) -> dict[str, object]:
    _require(step.reason, _l("Xin ghi lý do không tiếp nhận."))
    return {"reject_reason": step.reason.strip(), "resolved_at": now}


_CHANGES: dict[str, Callable[[_Asked], dict[str, object]]] = {
    "classify": lambda a: _classifying(a.complaint, a.step, a.rules),
    "take": _take,
    "assign": _assign,
    "reopen": lambda a: _reopening(a.complaint, a.step, a.rules, a.now),
    "answer": lambda a: _answer(a.step, a.now),
    "answer_close": lambda a: {**_answer(a.step, a.now), "closed_at": a.now},
    "transfer": lambda a: _transfer(a.step, a.now),
    "forward": lambda a: _forward(a.step, a.now),
    "reject": lambda a: _reject(a.step, a.now),
    "close": lambda a: {"closed_at": a.now},
}


def _reopening(
    complaint: Complaint, step: Step, rules: WorkflowRules, now: datetime
) -> dict[str, object]:
    _require(step.note, _l("Xin cho biết vì sao Ông/Bà chưa đồng ý với trả lời."))
    answered = complaint.answered_at or complaint.resolved_at or now
    if now - answered > timedelta(days=rules.reopen_days):
        raise TransitionError(
            _l("Đã quá thời hạn %(days)d ngày để mở lại.", days=rules.reopen_days)
        )
    # A reopened complaint is owed a fresh answer, counted from the reopening.
    return {"due_at": rules.deadlines.due("answer", now), "resolved_at": None, "closed_at": None}


def _require(value: str, message: object) -> None:
    if not value or not value.strip():
        raise TransitionError(message)


def _event_note(step: Step) -> str:
    """The note kept in the history; the step's key facts go with it."""
    parts = [step.note.strip()] if step.note.strip() else []
    if step.action in ("classify", "take") and step.classification is not None:
        parts.insert(0, f"({step.classification.value[0]})")  # (a)…(d) of Nghị định 20/2008
    if step.action == "transfer" and step.transfer_reason is not None:
        parts.insert(0, f"→ {INSPECTORATE} ({TRANSFER_LABELS[step.transfer_reason]})")
    if step.action == "forward" and step.destination:
        parts.insert(0, f"→ {step.destination.strip()}")
    if step.action == "reject" and step.reason:
        parts.insert(0, step.reason.strip())
    return " ".join(parts)


def reopen_open_until(complaint: Complaint, rules: WorkflowRules) -> datetime | None:
    """Until when the citizen may reopen, or None when reopening does not apply."""
    if complaint.status not in TRANSITIONS["reopen"].sources:
        return None
    answered = complaint.answered_at or complaint.resolved_at
    return answered + timedelta(days=rules.reopen_days) if answered else None
