"""The Monday digest: last week of each manager's centres, by e-mail.

Run by cron early on Monday (see the README): ``flask digest send``. The message opens,
as the week page does, with each centre's to-do list (``manage.todo``, the very list the
page shows, with its links made absolute), then the figures.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from email.message import EmailMessage
from email.utils import formataddr
from urllib.parse import urlsplit

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from survey_app.core.access import visible_centres
from survey_app.core.deadlines import DeadlineRules
from survey_app.core.mail import SEND_ERRORS, MailNotConfiguredError, send_message
from survey_app.core.scope import MANAGING_ROLES
from survey_app.manage.summary import CentreWeek, build_centre_week
from survey_app.manage.todo import Link, Todo, todo_for_week
from survey_app.models import Role, User, utcnow


@dataclass(frozen=True, slots=True)
class Digest:
    """One manager's e-mail, ready to send."""

    to: str
    subject: str
    text: str
    html: str


@dataclass(slots=True)
class DigestReport:
    """Who got the digest and who did not, with the reason."""

    sent: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)


def build_digests(session: Session, week: date) -> list[Digest]:
    """One digest per active manager with an e-mail address and at least one centre."""
    managers = session.scalars(
        select(User).where(User.role == Role.MANAGER, User.active, User.email.is_not(None))
    )
    base = current_app.config["PUBLIC_BASE_URL"].rstrip("/")
    rules, now = DeadlineRules.from_config(current_app.config), utcnow()
    digests = []
    for manager in managers:
        centres = visible_centres(session, manager)
        if not centres or not manager.email:
            continue
        summaries = [build_centre_week(session, centre, week) for centre in centres]
        todos = [
            centre_todo(s, enters_dossiers=manager.role in MANAGING_ROLES, rules=rules, now=now)
            for s in summaries
        ]
        digests.append(_render(manager, list(zip(summaries, todos, strict=True)), week, base))
    return digests


def centre_todo(
    summary: CentreWeek, *, enters_dossiers: bool, rules: DeadlineRules, now: datetime
) -> list[Todo]:
    """The week page's to-do list for the e-mail: the same items, every link absolute.

    The list builds its links with ``url_for``, as on the page; here a request context on
    ``PUBLIC_BASE_URL`` gives them the public address, and the page's own anchors
    (``#first``, ``#warnings``) become the week page's address with that anchor.
    """
    base = current_app.config["PUBLIC_BASE_URL"].rstrip("/")
    page = f"{base}/quan-ly/trung-tam/{summary.centre.key}?tuan={summary.week.isoformat()}"
    parts = urlsplit(base)
    origin = f"{parts.scheme}://{parts.netloc}"
    with current_app.test_request_context(base_url=base), force_locale("vi"):
        items = todo_for_week(summary, enters_dossiers=enters_dossiers, rules=rules, now=now)

    def absolute(link: Link) -> Link:
        if link.url.startswith("#"):
            return Link(link.text, page + link.url)
        return Link(link.text, origin + link.url if link.url.startswith("/") else link.url)

    return [
        replace(i, action=absolute(i.action), named=tuple(absolute(n) for n in i.named))
        for i in items
    ]


def _render(
    manager: User, centres: list[tuple[CentreWeek, list[Todo]]], week: date, base: str
) -> Digest:
    # Managers read the digest in Vietnamese, whatever language a web page last used.
    with force_locale("vi"):
        context = {
            "manager": manager,
            "summaries": [summary for summary, _todo in centres],
            "todos": centres,
            "week": week,
            "week_end": week + timedelta(days=6),
            "base": base,
        }
        subject = _(
            "HàiLòng: tuần %(start)s–%(end)s",
            start=week.strftime("%d/%m"),
            end=(week + timedelta(days=6)).strftime("%d/%m/%Y"),
        )
        return Digest(
            to=str(manager.email),
            subject=subject,
            text=render_template("email/digest.txt", **context),
            html=render_template("email/digest.html", **context),
        )


def send_digests(digests: list[Digest]) -> DigestReport:
    """Send each digest on its own, so one bad address does not stop the others."""
    report = DigestReport()
    sender = formataddr(("HàiLòng", current_app.config["MAIL_SENDER"]))
    for digest in digests:
        message = EmailMessage()
        message["From"] = sender
        message["To"] = digest.to
        message["Subject"] = digest.subject
        message.set_content(digest.text)
        message.add_alternative(digest.html, subtype="html")
        try:
            send_message(current_app.config, message)
        except (*SEND_ERRORS, MailNotConfiguredError) as error:
            report.failed.append((digest.to, str(error)))
        else:
            report.sent.append(digest.to)
    return report
