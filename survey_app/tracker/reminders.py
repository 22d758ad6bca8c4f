"""The monthly e-mail to each agency about its own criteria (``flask tracker remind``).

One message per agency, to its active users with an address: its forecast, its criteria
at risk with the reason, its overdue remediation tasks and whether it is late with last
month's reports. Only its own criteria: an agency never learns another's figures here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from email.message import EmailMessage
from email.utils import formataddr

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from survey_app.core.mail import SEND_ERRORS, MailNotConfiguredError, SmtpSender
from survey_app.models import Agency, Assignment, Criterion, CriterionSet, Role, User
from survey_app.tracker.warnings import Overview, build_overview


@dataclass(frozen=True, slots=True)
class Reminder:
    """One agency's message: its addresses, subject and plain text."""

    agency: Agency
    to: list[str]
    subject: str
    text: str


@dataclass(slots=True)
class ReminderReport:
    """Which agencies' messages went out and which failed (with the reason)."""

    sent: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)


def _points(value: float) -> str:
    return f"{round(value, 2):g}"


def _text(criterion_set: CriterionSet, agency: Agency, overview: Overview, today: date) -> str:
    total = overview.standing.totals.province
    lines = [
        _("Kính gửi %(agency)s,", agency=agency.name),
        "",
        _(
            "Tình hình các tiêu chí %(set)s năm %(year)s do cơ quan chủ trì, ngày %(date)s:",
            set=criterion_set.name,
            year=criterion_set.year,
            date=today.strftime("%d/%m/%Y"),
        ),
        _(
            "Điểm dự báo: %(points)s / %(max)s điểm.",
            points=_points(total.points),
            max=_points(total.maximum),
        ),
        "",
        _("Tiêu chí có nguy cơ mất điểm:"),
    ]
    lines += [
        f"- {i.criterion.code} {i.criterion.name}: "
        + _(
            "%(points)s / %(max)s điểm, có thể mất %(risk)s. %(reason)s",
            points=_points(i.forecast.points),
            max=_points(i.forecast.maximum),
            risk=_points(i.forecast.at_risk),
            reason=i.reason,
        )
        for i in overview.at_risk
    ] or [_("- Không có.")]
    lines += ["", _("Việc khắc phục quá hạn:")]
    lines += [
        f"- {t.criterion.code}: {t.what} ("
        + _("hạn %(date)s", date=t.deadline.strftime("%d/%m/%Y"))
        + ")"
        for t in overview.overdue_tasks
    ] or [_("- Không có.")]
    if overview.late_agencies and overview.late_period is not None:
        missing = ", ".join(c.code for row in overview.late_agencies for c in row.missing)
        lines += [
            "",
            _(
                "Chưa báo cáo đúng hạn kỳ tháng %(month)s: %(codes)s.",
                month=overview.late_period.month.strftime("%m/%Y"),
                codes=missing,
            ),
        ]
    lines += ["", _("Xin cập nhật báo cáo tháng trên hệ thống HàiLòng."), ""]
    return "\n".join(lines)


def build_reminders(session: Session, criterion_set: CriterionSet, today: date) -> list[Reminder]:
    """A message for each agency leading criteria in the set and having a user with e-mail."""
    leads = session.scalars(
        select(Agency)
        .join(Assignment, Assignment.lead_agency_id == Agency.id)
        .join(Criterion, Criterion.id == Assignment.criterion_id)
        .where(Criterion.set_id == criterion_set.id, Agency.active)
        .distinct()
        .order_by(Agency.name)
    )
    reminders = []
    for agency in leads:
        to = sorted(
            u.email
            for u in session.scalars(
                select(User).where(
                    User.agency_id == agency.id, User.role == Role.AGENCY, User.active
                )
            )
            if u.email
        )
        if not to:
            continue
        overview = build_overview(session, criterion_set, today, agency)
        subject = _(
            "Chỉ số CCHC %(year)s: tình hình tiêu chí của %(agency)s tháng %(month)s",
            year=criterion_set.year,
            agency=agency.name,
            month=today.strftime("%m/%Y"),
        )
        reminders.append(
            Reminder(agency, to, subject, _text(criterion_set, agency, overview, today))
        )
    return reminders


def send_reminders(
    reminders: list[Reminder], sender: SmtpSender, from_address: str
) -> ReminderReport:
    """Send each agency's message on its own, so one failure does not stop the others."""
    report = ReminderReport()
    for reminder in reminders:
        message = EmailMessage()
        message["From"] = formataddr(("HàiLòng", from_address))
        message["To"] = ", ".join(reminder.to)
        message["Subject"] = reminder.subject
        message.set_content(reminder.text)
        try:
            sender.send(message)
        except (*SEND_ERRORS, MailNotConfiguredError) as error:
            report.failed.append((reminder.agency.name, str(error)))
        else:
            report.sent.append(reminder.agency.name)
    return report
