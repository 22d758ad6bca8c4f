"""Reading complaints: the handlers' queue, overdue lists, on-time rates, linked ratings."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, selectinload

from survey_app.core.collation import vietnamese_key
from survey_app.core.deadlines import DeadlineRules, local_date
from survey_app.core.responses.questionnaires import questionnaire_by_id
from survey_app.models import (
    OPEN_STATUSES,
    Answer,
    Complaint,
    ComplaintMessage,
    ComplaintStatus,
    MessageStatus,
    Response,
    TransferReason,
    utcnow,
)

QUEUE_LIMIT = 300


@dataclass(frozen=True, slots=True)
class QueueRow:
    """A complaint in a list, with where it stands against its deadline."""

    complaint: Complaint
    state: str


def _scoped(query: Select, centre_ids: Collection[int] | None) -> Select:
    """Limit to ``centre_ids``; None means every centre (administrators)."""
    return query if centre_ids is None else query.where(Complaint.centre_id.in_(centre_ids))


def fetch_queue(
    session: Session,
    centre_ids: Collection[int] | None,
    rules: DeadlineRules,
    *,
    assigned_to_id: int | None = None,
    include_finished: bool = False,
    now: datetime | None = None,
) -> list[QueueRow]:
    """Complaints of some centres, the soonest deadline first (NULLs, i.e. none, last)."""
    now = now or utcnow()
    query = _scoped(select(Complaint), centre_ids).options(
        selectinload(Complaint.centre), selectinload(Complaint.assigned_to)
    )
    if not include_finished:
        query = query.where(Complaint.status.in_(list(OPEN_STATUSES)))
    if assigned_to_id is not None:
        query = query.where(Complaint.assigned_to_id == assigned_to_id)
    query = query.order_by(
        Complaint.due_at.is_(None), Complaint.due_at, Complaint.received_at
    ).limit(QUEUE_LIMIT)
    return [QueueRow(c, rules.state(c.status, c.due_at, now)) for c in session.scalars(query)]


@dataclass(frozen=True, slots=True)
class OverdueItem:
    """One overdue complaint, as the weekly list shows it."""

    complaint_id: int
    tracking_code: str
    status: ComplaintStatus
    received_at: datetime
    due_at: datetime
    working_days_late: int
    assignee: str | None


@dataclass(frozen=True, slots=True)
class OverdueList:
    """A centre's overdue complaints, the longest overdue first."""

    centre_id: int
    centre_name: str
    items: tuple[OverdueItem, ...]


def fetch_overdue_by_centre(
    session: Session,
    centre_ids: Collection[int] | None,
    rules: DeadlineRules,
    now: datetime | None = None,
) -> list[OverdueList]:
    """Open complaints past their deadline, grouped by centre (for the weekly list)."""
    now = now or utcnow()
    query = (
        _scoped(select(Complaint), centre_ids)
        .where(Complaint.status.in_(list(OPEN_STATUSES)), Complaint.due_at < now)
        .options(selectinload(Complaint.centre), selectinload(Complaint.assigned_to))
        .order_by(Complaint.centre_id, Complaint.due_at)
    )
    today = local_date(now)
    grouped: dict[int, list[OverdueItem]] = {}
    names: dict[int, str] = {}
    for c in session.scalars(query):
        due_at = c.due_at or now  # never None here: the query asks for due_at < now
        names[c.centre_id] = c.centre.name
        grouped.setdefault(c.centre_id, []).append(
            OverdueItem(
                complaint_id=c.id,
                tracking_code=c.tracking_code,
                status=c.status,
                received_at=c.received_at,
                due_at=due_at,
                working_days_late=rules.calendar.working_days_between(local_date(due_at), today),
                assignee=(c.assigned_to.full_name or c.assigned_to.username)
                if c.assigned_to
                else None,
            )
        )
    return sorted(
        (OverdueList(cid, names[cid], tuple(items)) for cid, items in grouped.items()),
        key=lambda group: vietnamese_key(group.centre_name),
    )


@dataclass(frozen=True, slots=True)
class Rating:
    """One answer of the rating a complaint was raised from, in the reader's language."""

    question: str
    answer: str


def fetch_ratings(session: Session, response_id: int | None, lang: str) -> list[Rating]:
    """The ratings of the linked visit, in questionnaire order; empty when none."""
    if response_id is None:
        return []
    response = session.get(Response, response_id)
    if response is None:
        return []
    questionnaire = questionnaire_by_id(session, response.instrument_id)
    ids_to_key = {qid: key for key, qid in questionnaire.question_ids.items()}
    stored = {
        ids_to_key[a.question_id]: a
        for a in session.scalars(select(Answer).where(Answer.response_id == response_id))
    }
    ratings = []
    for question in questionnaire.questions_in(lang):
        answer = stored.get(question.key)
        if answer is None:
            continue
        if answer.text is not None:
            shown = answer.text
        elif answer.value is None:
            shown = "—"
        else:
            labels = {c.value: c.label for c in question.choices}
            shown = labels.get(str(answer.value), str(answer.value))
        ratings.append(Rating(question.label, shown))
    return ratings


def fetch_outbox(
    session: Session,
    centre_ids: Collection[int] | None,
    statuses: Collection[MessageStatus] | None = None,
    limit: int = QUEUE_LIMIT,
) -> list[ComplaintMessage]:
    """Messages to citizens of some centres, waiting ones first, newest first."""
    query = (
        select(ComplaintMessage)
        .join(Complaint)
        .options(selectinload(ComplaintMessage.complaint))
        .order_by(
            ComplaintMessage.status.in_([MessageStatus.SENT, MessageStatus.CANCELLED]),
            ComplaintMessage.created_at.desc(),
        )
        .limit(limit)
    )
    if statuses is not None:
        query = query.where(ComplaintMessage.status.in_(list(statuses)))
    return list(session.scalars(_scoped(query, centre_ids)))


def fetch_messages(session: Session, complaint_id: int) -> list[ComplaintMessage]:
    """The messages to the citizen about one complaint, oldest first."""
    return list(
        session.scalars(
            select(ComplaintMessage)
            .where(ComplaintMessage.complaint_id == complaint_id)
            .order_by(ComplaintMessage.id)
        )
    )


@dataclass(frozen=True, slots=True)
class TransferRow:
    """A complaint transferred to the inspectorate: no contact, no words of the citizen."""

    complaint_id: int
    tracking_code: str
    centre_name: str
    reason: TransferReason
    received_at: datetime
    transferred_at: datetime
    on_time: bool


def fetch_transferred(session: Session, limit: int = QUEUE_LIMIT) -> list[TransferRow]:
    """Complaints transferred to the inspectorate, the latest first (the inspectorate's list)."""
    query = (
        select(Complaint)
        .where(Complaint.transfer_reason.is_not(None))
        .options(selectinload(Complaint.centre))
        .order_by(Complaint.resolved_at.desc(), Complaint.id.desc())
        .limit(limit)
    )
    return [
        TransferRow(
            complaint_id=c.id,
            tracking_code=c.tracking_code,
            centre_name=c.centre.name,
            reason=c.transfer_reason,
            received_at=c.received_at,
            transferred_at=c.resolved_at or c.received_at,
            on_time=c.due_at is None or (c.resolved_at or c.received_at) <= c.due_at,
        )
        for c in session.scalars(query)
        if c.transfer_reason is not None
    ]
