"""This week's to-do list: what the centre page asks its manager to do, before any figure.

Nothing is computed here that the page does not already hold: complaints overdue and due
soon (the queue's own deadline rule, ``core.deadlines``), what to fix first and the early
warnings (``reporting.judging`` through ``manage.summary``), the comments of dissatisfied
citizens, and a week whose dossier count nobody entered. Each item is one sentence with
the link that acts on it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask import url_for
from flask_babel import gettext as _

from survey_app.core.deadlines import DeadlineRules, DeadlineState
from survey_app.manage.month import CentreMonth
from survey_app.manage.priorities import Advice
from survey_app.manage.summary import CentreWeek
from survey_app.manage.words import window_words
from survey_app.models import Complaint
from survey_app.reporting.judging import AT_RISK, Reason, Window, once_per_factor

# Codes named in one sentence; the rest are counted and wait in the queue.
CODES_SHOWN = 8


@dataclass(frozen=True, slots=True)
class Link:
    """Text and the address it opens."""

    text: str
    url: str


@dataclass(frozen=True, slots=True)
class Todo:
    """One thing to do: a sentence, what it names (complaint codes) and the action link."""

    kind: str  # "overdue", "due_soon", the Advice kinds, "warning-<severity>", "comments", …
    sentence: str
    action: Link
    named: tuple[Link, ...] = ()
    more: int = 0  # named things left out of the sentence


@dataclass(frozen=True, slots=True)
class TodoInputs:
    """What the centre page already holds, for the to-do list."""

    centre_key: str
    overdue: Sequence[Complaint]
    open_complaints: Sequence[Complaint]
    advice: Sequence[Advice]
    warnings: Sequence[Reason]
    unhappy_comments: int
    period_words: str  # "tuần 16/11–22/11", "tháng 11/2026"
    missing_dossier_week: date | None  # a week over with no dossier count, if the user enters them


def due_soon(
    complaints: Sequence[Complaint], rules: DeadlineRules, now: datetime
) -> list[Complaint]:
    """The open complaints due soon by the queue's own rule, the soonest first."""
    found = [
        c for c in complaints if rules.state(c.status, c.due_at, now) == DeadlineState.DUE_SOON
    ]
    return sorted(found, key=lambda c: (c.due_at is None, c.due_at))


def todo_for_week(
    summary: CentreWeek, *, enters_dossiers: bool, rules: DeadlineRules, now: datetime
) -> list[Todo]:
    """The week page's list: the summary's complaints, advice, warnings and comments."""
    missing = summary.week_over and summary.handled is None and enters_dossiers
    return build_todo(
        TodoInputs(
            centre_key=summary.centre.key,
            overdue=sorted(summary.overdue_complaints, key=lambda c: (c.due_at is None, c.due_at)),
            open_complaints=summary.open_complaints,
            advice=summary.first,
            warnings=summary.warnings,
            unhappy_comments=len(summary.unhappy_comments),
            period_words=window_words(
                Window("week", summary.week, summary.week + timedelta(weeks=1), ())
            ),
            missing_dossier_week=summary.week if missing else None,
        ),
        rules,
        now,
    )


def todo_for_month(
    month: CentreMonth, *, enters_dossiers: bool, rules: DeadlineRules, now: datetime
) -> list[Todo]:
    """The month page's list: the same items, over the month's complete weeks."""
    missing = month.missing_dossier_weeks[-1:] if enters_dossiers else []
    return build_todo(
        TodoInputs(
            centre_key=month.centre.key,
            overdue=sorted(month.overdue_complaints, key=lambda c: (c.due_at is None, c.due_at)),
            open_complaints=month.open_complaints,
            advice=month.first,
            warnings=month.warnings,
            unhappy_comments=len(month.unhappy_comments),
            period_words=window_words(
                Window("month", month.period.start_local, month.period.end_local, ())
            ),
            missing_dossier_week=missing[0] if missing else None,
        ),
        rules,
        now,
    )


def build_todo(inputs: TodoInputs, rules: DeadlineRules, now: datetime) -> list[Todo]:
    """The to-do list, most urgent first: late complaints, then what the figures ask."""
    overdue, soon = list(inputs.overdue), due_soon(inputs.open_complaints, rules, now)
    queue = Link(_("Mở danh sách phản ánh"), url_for("complaints.list_complaints"))
    items: list[Todo] = []
    if overdue:
        items.append(
            _complaints_item(
                "overdue",
                _("%(n)d phản ánh đã quá hạn: trả lời hoặc chuyển ngay.", n=len(overdue)),
                overdue,
                queue,
            )
        )
    if soon:
        items.append(
            _complaints_item(
                "due_soon",
                _(
                    "%(n)d phản ánh sắp đến hạn (trong %(days)d ngày làm việc): giao người "
                    "xử lý và trả lời trước hạn.",
                    n=len(soon),
                    days=rules.due_soon_days,
                ),
                soon,
                queue,
            )
        )
    details = Link(_("Xem chi tiết"), "#first")
    items += [Todo(a.kind, a.headline, details) for a in inputs.advice]
    alerts = Link(_("Xem cảnh báo"), "#warnings")
    items += [
        Todo(
            f"warning-{r.severity}",
            _("Có nguy cơ: %(what)s", what=r.sentence)
            if r.severity == AT_RISK
            else _("Cần theo dõi: %(what)s", what=r.sentence),
            alerts,
        )
        for r in once_per_factor(inputs.warnings)
    ]
    if inputs.unhappy_comments:
        items.append(
            Todo(
                "comments",
                _(
                    "%(n)d góp ý mới của người dân chưa hài lòng (%(span)s): đọc để biết cần "
                    "sửa điều gì.",
                    n=inputs.unhappy_comments,
                    span=inputs.period_words,
                ),
                Link(_("Đọc các góp ý"), "#unhappy-comments"),
            )
        )
    week = inputs.missing_dossier_week
    if week is not None:
        items.append(
            Todo(
                "dossiers",
                _(
                    "Chưa có số hồ sơ tiếp nhận tuần %(start)s–%(end)s: nhập để tính tỷ lệ "
                    "người dân đánh giá.",
                    start=week.strftime("%d/%m"),
                    end=(week + timedelta(days=6)).strftime("%d/%m/%Y"),
                ),
                Link(
                    _("Nhập số hồ sơ"),
                    url_for("admin.enter_dossiers", key=inputs.centre_key, tuan=week.isoformat()),
                ),
            )
        )
    return items


def _complaints_item(
    kind: str, sentence: str, complaints: Sequence[Complaint], action: Link
) -> Todo:
    named = tuple(
        Link(c.tracking_code, url_for("complaints.show_complaint", complaint_id=c.id))
        for c in complaints[:CODES_SHOWN]
    )
    return Todo(kind, sentence, action, named, max(0, len(complaints) - CODES_SHOWN))
