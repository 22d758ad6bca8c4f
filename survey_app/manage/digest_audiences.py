"""The Monday digest's other readers: the Department and the complaint handlers.

The Department reads the province: overall satisfaction and the service index in plain
words (the figure, the range it may lie in, how many answered), the centres at
risk and on watch (the province page's lists, for last week), the integrity notices, what
to fix first, and the overdue complaints centre by centre. A handler reads their queue:
the open complaints of their centres, theirs first, overdue first, each with its deadline.
No citizen's contact data: codes, deadlines and masked subjects only.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from survey_app.core.access import visible_centres
from survey_app.core.clock import LOCAL_TZ, now_local
from survey_app.core.collation import sorted_vietnamese
from survey_app.core.formatting import pct
from survey_app.core.indicator_labels import component_label
from survey_app.core.masking import mask_personal_data
from survey_app.core.periods import week as week_period
from survey_app.manage.digest import Digest, build_digests
from survey_app.manage.province import Cell, province_view
from survey_app.models import OPEN_STATUSES, PROVINCE_ROLES, Centre, Complaint, Role, User

QUEUE_LIMIT = 40
HEADLINE = ("overall", "service")  # the province page's first two figures, in its order


@dataclass(frozen=True, slots=True)
class QueueItem:
    """One open complaint in a handler's queue."""

    id: int
    code: str
    centre: str
    subject: str
    due: datetime | None
    days_over: int | None  # whole days past the deadline; None when not overdue
    mine: bool


def _readers(session: Session, *roles: Role) -> list[User]:
    active = select(User).where(User.role.in_(roles), User.active, User.email.is_not(None))
    return list(session.scalars(active.order_by(User.id)))


def _subject(kind: str, week: date) -> str:
    end = (week + timedelta(days=6)).strftime("%d/%m/%Y")
    start = week.strftime("%d/%m")
    if kind == "department":
        return _("HàiLòng – toàn tỉnh: tuần %(start)s–%(end)s", start=start, end=end)
    return _("HàiLòng – phản ánh cần xử lý: tuần %(start)s–%(end)s", start=start, end=end)


def build_department_digests(session: Session, week: date) -> list[Digest]:
    """One digest per active Department user (or administrator) with an e-mail address."""
    readers = _readers(session, *PROVINCE_ROLES)
    if not readers:
        return []
    base = current_app.config["PUBLIC_BASE_URL"].rstrip("/")
    with force_locale("vi"):
        view = province_view(session, week_period(week))
        overdue = _overdue_by_centre(session)
        context = {
            "view": view,
            "figures": [_figure_words(key, view.province.get(key)) for key in HEADLINE],
            "overdue": overdue,
            "overdue_total": sum(n for _name, n in overdue),
            "week": week,
            "week_end": week + timedelta(days=6),
            "base": base,
        }
        subject = _subject("department", week)
        return [
            Digest(
                to=str(reader.email),
                subject=subject,
                text=render_template("email/digest_department.txt", reader=reader, **context),
                html=render_template("email/digest_department.html", reader=reader, **context),
            )
            for reader in readers
        ]


def _figure_words(key: str, cell: Cell | None) -> str:
    """One province figure in plain words, its interval as the pages say it to a reader
    without statistics: "86,5% (có thể từ 85,8% đến 87,2%; 786 người trả lời)"."""
    label = component_label(key)
    if cell is None or cell.index is None:
        return _("%(label)s: chưa đủ câu trả lời.", label=label)
    return _(
        "%(label)s: %(value)s%% (có thể từ %(low)s%% đến %(high)s%%; %(n)d người trả lời)",
        label=label,
        value=pct(cell.index),
        low=pct(cell.ci_low),
        high=pct(cell.ci_high),
        n=cell.n,
    )


def _overdue_by_centre(session: Session) -> list[tuple[str, int]]:
    """(centre name, open complaints past their deadline), the most first."""
    rows = session.execute(
        select(Centre.name, Complaint.id)
        .join(Centre, Centre.id == Complaint.centre_id)
        .where(Complaint.status.in_(OPEN_STATUSES), Complaint.due_at < now_local())
    ).all()
    counts = Counter(str(name) for name, _id in rows)
    ordered = sorted_vietnamese(counts.items(), lambda item: item[0])
    return sorted(ordered, key=lambda item: -item[1])


def build_handler_digests(session: Session, week: date) -> list[Digest]:
    """One digest per active handler with an e-mail address and open complaints to see."""
    base = current_app.config["PUBLIC_BASE_URL"].rstrip("/")
    digests = []
    for handler in _readers(session, Role.HANDLER):
        queue = handler_queue(session, handler)
        if not queue:
            continue
        with force_locale("vi"):
            mine = [item for item in queue if item.mine]
            nobodys = [item for item in queue if not item.mine]
            context = {
                "reader": handler,
                "queue": queue,
                "mine": len(mine),
                "mine_overdue": sum(1 for item in mine if item.days_over is not None),
                "nobodys": len(nobodys),
                "nobodys_overdue": sum(1 for item in nobodys if item.days_over is not None),
                "week": week,
                "base": base,
            }
            digests.append(
                Digest(
                    to=str(handler.email),
                    subject=_subject("handlers", week),
                    text=render_template("email/digest_handler.txt", **context),
                    html=render_template("email/digest_handler.html", **context),
                )
            )
    return digests


def handler_queue(session: Session, handler: User) -> list[QueueItem]:
    """Open complaints of the handler's centres: theirs, then nobody's, overdue first."""
    centres = {c.id: c.name for c in visible_centres(session, handler)}
    if not centres:
        return []
    complaints = session.scalars(
        select(Complaint).where(
            Complaint.centre_id.in_(centres),
            Complaint.status.in_(OPEN_STATUSES),
            (Complaint.assigned_to_id == handler.id) | Complaint.assigned_to_id.is_(None),
        )
    )
    now = now_local()
    items = []
    for c in complaints:
        due = c.due_at.astimezone(LOCAL_TZ) if c.due_at is not None else None
        over = (now - due).days if due is not None and due < now else None
        items.append(
            QueueItem(
                id=c.id,
                code=c.tracking_code,
                centre=centres[c.centre_id],
                subject=mask_personal_data(c.subject),
                due=due,
                days_over=over,
                mine=c.assigned_to_id == handler.id,
            )
        )
    far = datetime.max.replace(tzinfo=LOCAL_TZ)
    items.sort(key=lambda i: (not i.mine, i.days_over is None, i.due or far))
    return items[:QUEUE_LIMIT]


AUDIENCES = ("managers", "department", "handlers")
AUDIENCE_BUILDERS: dict[str, Callable[[Session, date], list[Digest]]] = {
    "managers": build_digests,
    "department": build_department_digests,
    "handlers": build_handler_digests,
}
