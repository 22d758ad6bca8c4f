"""Escalation: an overdue complaint is reported to its centre's leader, once per deadline.

Run daily (``flask complaints escalate``). Each open complaint past its deadline that
has not yet been escalated for that deadline gets a system event in its history (the
deadline it missed in ``deadline_at``; a unique partial index allows one per complaint
and deadline), and each manager of its centre an e-mail listing what became overdue. A
new deadline (classification, reopening) is a new stage and may be escalated again; a
re-run the same day finds nothing new. The e-mail carries codes, dates, steps and
handlers, and a link to each complaint: never the citizen's words or contact data.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from email.message import EmailMessage
from email.utils import formataddr

from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session
from sqlalchemy.sql.dml import ReturningInsert

from survey_app.complaints.queries import OverdueItem, OverdueList, fetch_overdue_by_centre
from survey_app.core.deadlines import DeadlineRules, local_date
from survey_app.core.mail import SEND_ERRORS, MailNotConfiguredError
from survey_app.models import ComplaintEvent, Role, User

# The status words in the e-mail: managers read it in Vietnamese, whatever the web page.
STATUS_WORDS = {
    "received": "chưa phân loại",
    "classified": "đã phân loại, chưa giao",
    "assigned": "đã giao, chưa bắt đầu",
    "in_progress": "đang xử lý",
}


@dataclass(frozen=True, slots=True)
class Notice:
    """One manager's e-mail about the complaints of their centres that became overdue."""

    to: str
    subject: str
    text: str
    centre_ids: frozenset[int] = frozenset()


@dataclass(slots=True)
class EscalationReport:
    """What a run did: complaints escalated, messages sent or failed, centres with no one."""

    escalated: int = 0
    sent: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    unheard: list[str] = field(default_factory=list)


def due_escalations(session: Session, rules: DeadlineRules, now: datetime) -> list[OverdueList]:
    """The overdue complaints not yet escalated for their current deadline, by centre."""
    done = {
        (complaint_id, deadline)
        for complaint_id, deadline in session.execute(
            select(ComplaintEvent.complaint_id, ComplaintEvent.deadline_at).where(
                ComplaintEvent.deadline_at.is_not(None)
            )
        )
    }
    groups = []
    for group in fetch_overdue_by_centre(session, None, rules, now=now):
        fresh = tuple(i for i in group.items if (i.complaint_id, i.due_at) not in done)
        if fresh:
            groups.append(OverdueList(group.centre_id, group.centre_name, fresh))
    return groups


def build_notices(
    session: Session, groups: list[OverdueList], base_url: str
) -> tuple[list[Notice], list[str]]:
    """One e-mail per active manager with an address, and the centres no manager hears of."""
    managers = list(
        session.scalars(
            select(User)
            .where(User.role == Role.MANAGER, User.active, User.email.is_not(None))
            .order_by(User.id)
        )
    )
    notices = []
    for manager in managers:
        mine = [g for g in groups if manager.can_see_centre(g.centre_id)]
        if mine and manager.email:
            notices.append(_notice(manager, mine, base_url))
    heard = {g.centre_id for m in managers for g in groups if m.can_see_centre(g.centre_id)}
    unheard = [g.centre_name for g in groups if g.centre_id not in heard]
    return notices, unheard


def _notice(manager: User, groups: list[OverdueList], base_url: str) -> Notice:
    count = sum(len(g.items) for g in groups)
    lines = [
        f"Kính gửi {manager.full_name or manager.username},",
        "",
        f"{count} phản ánh, kiến nghị vừa quá hạn xử lý và chưa được báo trước đây. "
        "Xin đôn đốc cán bộ xử lý (Luật Tiếp công dân, Điều 28: trả lời trong 10 ngày "
        "làm việc).",
    ]
    for group in groups:
        lines += ["", f"{group.centre_name}:"]
        lines += [f"- {_line(item, base_url)}" for item in group.items]
    lines += [
        "",
        "Thư này do hệ thống HàiLòng gửi tự động mỗi ngày; mỗi phản ánh chỉ được báo "
        "một lần cho mỗi hạn. Nội dung và liên hệ của người dân không có trong thư: "
        "xin xem trên trang phản ánh.",
    ]
    return Notice(
        to=str(manager.email),
        subject=f"HàiLòng: {count} phản ánh quá hạn cần đôn đốc",
        text="\n".join(lines),
        centre_ids=frozenset(g.centre_id for g in groups),
    )


def _line(item: OverdueItem, base_url: str) -> str:
    handler = item.assignee or "chưa giao cán bộ xử lý"
    return (
        f"{item.tracking_code}: hạn {local_date(item.due_at).strftime('%d/%m/%Y')}, "
        f"quá {item.working_days_late} ngày làm việc, {STATUS_WORDS[item.status.value]}, "
        f"{handler}. {base_url}/quan-ly/phan-anh/{item.complaint_id}"
    )


def claim_escalations(
    session: Session, groups: list[OverdueList], now: datetime
) -> tuple[list[OverdueList], dict[int, list[int]]]:
    """Record each escalation unless it is already there, each committed; what was claimed.

    One insert per complaint and deadline, ``ON CONFLICT DO NOTHING`` on the unique
    partial index (``uq_complaint_event_escalation``): a row another run recorded, even
    one committed a moment ago, is skipped instead of failing the whole run. Returns the
    groups cut down to the items this run recorded, and the ids of the events it wrote
    by centre.
    """
    claimed: list[OverdueList] = []
    ids: dict[int, list[int]] = {}
    for group in groups:
        mine = []
        for item in group.items:
            event_id = session.execute(_insert_if_absent(session, item, now)).scalar()
            session.commit()  # each claim on its own: no run holds locks another waits on
            if event_id is not None:
                mine.append(item)
                ids.setdefault(group.centre_id, []).append(event_id)
        if mine:
            claimed.append(OverdueList(group.centre_id, group.centre_name, tuple(mine)))
    return claimed, ids


def _insert_if_absent(session: Session, item: OverdueItem, now: datetime) -> ReturningInsert[int]:
    """The insert-if-absent of the database in use (PostgreSQL's and SQLite's read alike)."""
    postgres = session.get_bind().dialect.name == "postgresql"
    insert = postgresql.insert(ComplaintEvent) if postgres else sqlite.insert(ComplaintEvent)
    return (
        insert.values(
            complaint_id=item.complaint_id,
            at=now,
            actor_id=None,
            from_status=item.status.value,
            to_status=item.status.value,
            deadline_at=item.due_at,
            note=f"Quá hạn {item.working_days_late} ngày làm việc: đã báo lãnh đạo Trung tâm.",
        )
        .on_conflict_do_nothing(
            index_elements=[ComplaintEvent.complaint_id, ComplaintEvent.deadline_at],
            index_where=ComplaintEvent.deadline_at.is_not(None),
        )
        .returning(ComplaintEvent.id)
    )


def release_escalations(session: Session, event_ids: list[int]) -> None:
    """Delete escalations this run recorded but could not deliver, so the next run retries."""
    if event_ids:
        session.execute(delete(ComplaintEvent).where(ComplaintEvent.id.in_(event_ids)))
        session.commit()


def send_notices(
    notices: list[Notice], send: Callable[[EmailMessage], None], from_address: str
) -> tuple[list[str], list[tuple[str, str]]]:
    """Send each message on its own, so one failure does not stop the others."""
    sent: list[str] = []
    failed: list[tuple[str, str]] = []
    for notice in notices:
        message = EmailMessage()
        message["From"] = formataddr(("HàiLòng", from_address))
        message["To"] = notice.to
        message["Subject"] = notice.subject
        message.set_content(notice.text)
        try:
            send(message)
        except (*SEND_ERRORS, MailNotConfiguredError) as error:
            failed.append((notice.to, str(error)))
        else:
            sent.append(notice.to)
    return sent, failed


def escalate(
    session: Session,
    rules: DeadlineRules,
    now: datetime,
    *,
    base_url: str,
    send: Callable[[EmailMessage], None],
    from_address: str,
) -> EscalationReport:
    """The daily run: find what is due now, then claim, send and release (see below)."""
    groups = due_escalations(session, rules, now)
    return escalate_due(
        session, groups, now, base_url=base_url, send=send, from_address=from_address
    )


def escalate_due(
    session: Session,
    groups: list[OverdueList],
    now: datetime,
    *,
    base_url: str,
    send: Callable[[EmailMessage], None],
    from_address: str,
) -> EscalationReport:
    """Claim each escalation in the database, send, then release what reached no one.

    The order is chosen so that two runs that overlap (cron and a hand-started run, or a
    slow run still going the next day) never tell a manager twice:

    1. Claim: the escalations of centres with at least one manager's address are recorded
       and committed first, one insert-if-absent each against the unique index. What
       another run recorded already is not claimed and so not sent: the e-mails are built
       from what this run claimed alone.
    2. Send the e-mails.
    3. Release: the claims of a centre none of whose managers was sent the e-mail (the
       relay refused it) are deleted again, so the next run tries again instead of never
       telling anyone; a centre with no manager's address is never claimed.

    Sending first and recording after would send twice when two runs overlap. The price
    of claiming first: should the process die between claiming and sending, those
    escalations stay recorded without an e-mail (the complaints still lead the week
    page's to-do list and the weekly overdue list).
    """
    notices, unheard = build_notices(session, groups, base_url)
    reachable = {centre_id for notice in notices for centre_id in notice.centre_ids}
    claimed, event_ids = claim_escalations(
        session, [g for g in groups if g.centre_id in reachable], now
    )
    notices, _ = build_notices(session, claimed, base_url)
    report = EscalationReport(unheard=unheard)
    report.sent, report.failed = send_notices(notices, send, from_address)
    told = {c for notice in notices if notice.to in report.sent for c in notice.centre_ids}
    released = [i for centre_id, ids in event_ids.items() if centre_id not in told for i in ids]
    release_escalations(session, released)
    report.escalated = sum(len(ids) for ids in event_ids.values()) - len(released)
    return report
