"""``flask complaints``: retention, the weekly overdue list, the daily escalation, the outbox."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from survey_app.complaints.escalation import build_notices, due_escalations, escalate
from survey_app.complaints.notify import backends_from_config, deliver
from survey_app.complaints.privacy import anonymise_finished
from survey_app.complaints.queries import fetch_overdue_by_centre
from survey_app.core.deadlines import DeadlineRules, local_date
from survey_app.core.mail import MailNotConfiguredError, SmtpSender
from survey_app.extensions import db
from survey_app.models import MessageStatus, utcnow


@click.group("complaints")
def complaints_cli() -> None:
    """Complaints: retention, overdue lists, messages to citizens."""


@complaints_cli.command("anonymise")
@click.option(
    "--days",
    type=click.IntRange(0),
    default=None,
    help="Retention in days after the end (default: COMPLAINT_RETENTION_DAYS).",
)
@with_appcontext
def anonymise_command(days: int | None) -> None:
    """Anonymise complaints that ended (closed, forwarded, rejected) long enough ago."""
    retention = days if days is not None else int(current_app.config["COMPLAINT_RETENTION_DAYS"])
    report = anonymise_finished(db.session(), retention)
    click.echo(
        f"complaints anonymised: {report.complaints} "
        f"(ended before {report.cutoff.date().isoformat()}, retention {retention} days)"
    )


@complaints_cli.command("overdue")
@with_appcontext
def overdue_command() -> None:
    """Print the overdue list per centre (run it every Monday, e.g. from cron)."""
    groups = fetch_overdue_by_centre(
        db.session(), None, DeadlineRules.from_config(current_app.config)
    )
    if not groups:
        click.echo("no overdue complaints")
        return
    for group in groups:
        click.echo(f"{group.centre_name}: {len(group.items)} overdue")
        for item in group.items:
            click.echo(
                f"  {item.tracking_code}  due {local_date(item.due_at).isoformat()}  "
                f"{item.working_days_late} working days late  {item.status.value}  "
                f"{item.assignee or '-'}"
            )


@complaints_cli.command("send")
@with_appcontext
def send_command() -> None:
    """Send waiting messages again: queued, failed, and held ones once a gateway exists."""
    report = deliver(
        db.session(),
        backends_from_config(current_app.config),
        statuses=(MessageStatus.QUEUED, MessageStatus.FAILED, MessageStatus.HELD),
    )
    click.echo(
        f"messages: {report.sent} sent, {report.held} held for staff, "
        f"{report.failed} failed, {report.cancelled} cancelled"
    )


@complaints_cli.command("escalate")
@click.option(
    "--dry-run", is_flag=True, help="Print every message in full; record and send nothing."
)
@with_appcontext
def escalate_command(dry_run: bool) -> None:
    """Report complaints that became overdue to their centre's leader (run daily from cron).

    Each complaint is escalated once per deadline it misses; a re-run sends nothing new.
    """
    config = current_app.config
    rules = DeadlineRules.from_config(config)
    base = config["PUBLIC_BASE_URL"].rstrip("/")
    now = utcnow()
    if dry_run:
        groups = due_escalations(db.session(), rules, now)
        notices, unheard = build_notices(db.session(), groups, base)
        for notice in notices:
            click.echo(f"To: {notice.to}\nSubject: {notice.subject}\n")
            click.echo(notice.text)
            click.echo("-" * 72)
        for centre in unheard:
            click.echo(f"no manager with an e-mail address for {centre}")
        count = sum(len(g.items) for g in groups)
        click.echo(f"{count} complaint(s) to escalate, {len(notices)} message(s) (dry run)")
        return
    try:
        sender = SmtpSender.from_config(config)
    except MailNotConfiguredError as error:
        raise click.ClickException(str(error)) from error
    report = escalate(
        db.session(),
        rules,
        now,
        base_url=base,
        send=sender.send,
        from_address=config["MAIL_SENDER"],
    )
    click.echo(
        f"complaints escalated: {report.escalated}; "
        f"messages: {len(report.sent)} sent, {len(report.failed)} failed"
    )
    for centre in report.unheard:
        click.echo(f"  no manager with an e-mail address for {centre}", err=True)
    for to, reason in report.failed:
        click.echo(f"  not sent to {to}: {reason}", err=True)
    if report.failed:
        raise SystemExit(1)
