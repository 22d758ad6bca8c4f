"""Escalation: an overdue complaint is reported to its centre's leader, once per deadline.

Run daily (``flask complaints escalate``). Each open complaint past its deadline that
has not yet been escalated for that deadline gets a system event in its history (the
deadline it missed in ``deadline_at``), and each manager of its centre an e-mail listing
what became overdue. A new deadline (classification, reopening) is a new stage and may be
escalated again; a re-run the same day finds nothing new. The e-mail carries codes,
dates, steps and handlers, and a link to each complaint: never the citizen's words or
contact data.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from email.message import EmailMessage
from email.utils import formataddr

from sqlalchemy import select
from sqlalchemy.orm import Session

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


def record_escalations(session: Session, groups: list[OverdueList], now: datetime) -> int:
    """Write one system event per complaint and missed deadline; commit; how many."""
    events = [
        ComplaintEvent(
            complaint_id=item.complaint_id,
            at=now,
            actor_id=None,
            from_status=item.status.value,
            to_status=item.status.value,
            deadline_at=item.due_at,
            note=f"Quá hạn {item.working_days_late} ngày làm việc: đã báo lãnh đạo Trung tâm.",
        )
        for group in groups
        for item in group.items
    ]
    session.add_all(events)
    session.commit()
    return len(events)


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
    """Tell the managers of what is due now, then record what reached someone; the daily run.

    A complaint is recorded as escalated only when at least one manager of its centre was
    sent the e-mail: a relay that refuses the message, or a centre with no manager's
    address, leaves it due, so the next run tries again instead of never telling anyone.
    """
    groups = due_escalations(session, rules, now)
    notices, unheard = build_notices(session, groups, base_url)
    report = EscalationReport(unheard=unheard)
    report.sent, report.failed = send_notices(notices, send, from_address)
    told = {
        centre_id
        for notice, to in ((n, n.to) for n in notices)
        if to in report.sent
        for centre_id in notice.centre_ids
    }
    report.escalated = record_escalations(session, [g for g in groups if g.centre_id in told], now)
    return report
