"""``flask complaints``: the retention job, the weekly overdue list, the outbox retry."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from survey_app.complaints.notify import backends_from_config, deliver
from survey_app.complaints.privacy import anonymise_finished
from survey_app.complaints.queries import fetch_overdue_by_centre
from survey_app.core.deadlines import DeadlineRules, local_date
from survey_app.extensions import db
from survey_app.models import MessageStatus


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
