"""Demo complaints that went where real ones go: most handled, some open, a few late.

Each centre with complaints gets a demo handler (an account nobody can sign in to: its
password is a random secret never shown), who classifies, takes on and answers its
complaints; the centre's history credits them. How far a complaint got depends on its
age: old ones are mostly closed (a few answered late, forwarded, refused, transferred to
the inspectorate, or still open and overdue), recent ones in progress or just received.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from survey_app.core.deadlines import DeadlineRules, local_date
from survey_app.core.passwords import hash_secret
from survey_app.models import (
    Centre,
    Complaint,
    ComplaintClass,
    ComplaintEvent,
    ComplaintStatus,
    Role,
    TransferReason,
    User,
)

S = ComplaintStatus
ANSWER = "Trung tâm đã tiếp thu, làm việc với bộ phận liên quan và chấn chỉnh."
FORWARDED_TO = "Sở Tài chính tỉnh Lạng Sơn"
REJECT_REASON = "Nội dung không cụ thể, không có thông tin để xác minh."


@dataclass(frozen=True, slots=True)
class Outcome:
    """Where a demo complaint ends up and after how many working days each step came."""

    status: ComplaintStatus
    cls: ComplaintClass | None
    took: int  # working days from receipt to being taken on (classified, assigned, started)
    done: int  # working days from receipt to its answer, forward or refusal


def demo_handlers(session: Session, centre_ids: set[int]) -> dict[int, User]:
    """One demo handler per centre, created when missing (no one knows its password)."""
    centres = session.scalars(select(Centre).where(Centre.id.in_(centre_ids))).all()
    handlers = {}
    for centre in centres:
        username = f"demo-xuly-{centre.key}"[:80]
        user = session.scalar(select(User).filter_by(username=username))
        if user is None:
            user = User(
                username=username,
                full_name=f"Cán bộ xử lý (demo), {centre.name}"[:120],
                password_hash=hash_secret(secrets.token_urlsafe(24)),
                role=Role.HANDLER,
                centres=[centre],
            )
            session.add(user)
        handlers[centre.id] = user
    session.flush()
    return handlers


def draw_outcome(rng: np.random.Generator, age: int) -> Outcome:
    """A plausible end for a complaint received ``age`` working days ago."""
    r = float(rng.random())
    took = int(rng.integers(0, 2))
    if age > 12:
        late = r < 0.1
        ends = (
            (0.70, Outcome(S.CLOSED, ComplaintClass.REGULATION, took, 0)),
            (0.80, Outcome(S.ANSWERED, ComplaintClass.CONDUCT, took, 0)),
            (0.86, Outcome(S.FORWARDED, ComplaintClass.OUTSIDE_REMIT, took, 3)),
            (0.91, Outcome(S.REJECTED, ComplaintClass.NOT_ACCEPTED, took, 1)),
            (0.94, Outcome(S.FORWARDED, None, took, 2)),  # to the inspectorate
            (1.01, Outcome(S.IN_PROGRESS, ComplaintClass.CONDUCT, took, 0)),  # overdue
        )
        outcome = next(o for limit, o in ends if r < limit)
        done = int(rng.integers(11, 14)) if late else int(rng.integers(3, 10))
        return Outcome(outcome.status, outcome.cls, outcome.took, outcome.done or done)
    if age >= 3:
        recent = (
            (0.45, S.IN_PROGRESS),
            (0.55, S.ASSIGNED),
            (0.85, S.CLOSED),
            (1.01, S.CLASSIFIED),
        )
        status = next(s for limit, s in recent if r < limit)
        return Outcome(status, ComplaintClass.REGULATION, took, max(2, min(age - 1, 6)))
    status = S.RECEIVED if r < 0.5 else S.IN_PROGRESS
    return Outcome(status, None if status is S.RECEIVED else ComplaintClass.CONDUCT, 0, 0)


def progress(
    complaint: Complaint,
    outcome: Outcome,
    handler: User,
    deadlines: DeadlineRules,
) -> None:
    """Set the complaint's columns and history for ``outcome``, credited to ``handler``."""
    received = complaint.received_at
    calendar = deadlines.calendar

    def day(n: int) -> datetime:
        # n working days after receipt, in the afternoon of that day.
        offset = calendar.add_working_days(local_date(received), n) - local_date(received)
        return received + timedelta(days=offset.days, hours=3)

    complaint.events = [ComplaintEvent(at=received, to_status=S.RECEIVED.value)]
    complaint.due_at = deadlines.due("classify", received)
    if outcome.status is S.RECEIVED:
        return

    def step(at: datetime, before: ComplaintStatus, after: ComplaintStatus, note: str = "") -> None:
        complaint.events.append(
            ComplaintEvent(
                at=at,
                actor_id=handler.id,
                from_status=before.value,
                to_status=after.value,
                note=note,
            )
        )

    taken = day(outcome.took)
    if outcome.cls is None:  # a report of extra payments: straight to the inspectorate
        complaint.transfer_reason = TransferReason.EXTRA_PAYMENT
        complaint.forwarded_to = "Thanh tra tỉnh"
        complaint.resolved_at = day(outcome.done)
        step(complaint.resolved_at, S.RECEIVED, S.FORWARDED, "→ Thanh tra tỉnh")
        return
    complaint.classification = outcome.cls
    complaint.due_at = deadlines.due(deadlines.step_after(S.CLASSIFIED, outcome.cls), received)
    step(taken, S.RECEIVED, S.CLASSIFIED, f"({outcome.cls.value[0]})")
    if outcome.status is S.CLASSIFIED:
        return
    ends = {
        S.FORWARDED: ("forwarded_to", FORWARDED_TO),
        S.REJECTED: ("reject_reason", REJECT_REASON),
    }
    if outcome.status in ends:
        column, text = ends[outcome.status]
        setattr(complaint, column, text)
        complaint.resolved_at = day(outcome.done)
        step(complaint.resolved_at, S.CLASSIFIED, outcome.status, text)
        return
    complaint.assigned_to_id = handler.id
    step(taken, S.CLASSIFIED, S.ASSIGNED)
    if outcome.status is S.ASSIGNED:
        return
    step(taken, S.ASSIGNED, S.IN_PROGRESS)
    if outcome.status is S.IN_PROGRESS:
        return
    complaint.answer = ANSWER
    complaint.answered_at = complaint.resolved_at = day(outcome.done)
    step(complaint.answered_at, S.IN_PROGRESS, S.ANSWERED)
    if outcome.status is S.CLOSED:
        complaint.closed_at = complaint.answered_at
        step(complaint.answered_at, S.ANSWERED, S.CLOSED)
