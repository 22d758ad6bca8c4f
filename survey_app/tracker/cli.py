"""``flask tracker``: load the shipped draft, import and export sets, remind agencies."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from survey_app.core.clock import today_local
from survey_app.core.mail import MailNotConfiguredError, SmtpSender
from survey_app.extensions import db
from survey_app.models import CriterionSet, SetKind
from survey_app.tracker.draft_sets import load_draft
from survey_app.tracker.reminders import build_reminders, send_reminders
from survey_app.tracker.workbook_export import write_workbook
from survey_app.tracker.workbook_import import import_workbook


@click.group("tracker")
def tracker_cli() -> None:
    """The criterion tracker: criterion sets and agencies."""


@tracker_cli.command("load-draft")
@with_appcontext
def load_draft_command() -> None:
    """Load the shipped draft sets and the agencies (what is already there is kept)."""
    loaded = load_draft(db.session())
    click.echo(f"criterion sets added: {loaded.sets}; agencies added: {loaded.agencies}")


@tracker_cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
def import_command(file: Path) -> None:
    """Load a criterion set from an Excel file in the template's layout (all or nothing)."""
    with file.open("rb") as stream:
        result = import_workbook(db.session(), stream)
    if result.criterion_set is None:
        for p in result.problems:
            click.echo(f"{p.sheet}, dòng {p.row}, cột {p.column}: {p.message}", err=True)
        raise click.ClickException(f"{len(result.problems)} problem(s); nothing loaded")
    loaded = result.criterion_set
    click.echo(f"loaded {loaded.code} {loaded.year}: {len(loaded.criteria)} rows")


@tracker_cli.command("export")
@click.argument("file", type=click.Path(dir_okay=False, writable=True, path_type=Path))
@click.option("--code", help="The set's code (default: the most recent set).")
@click.option("--year", type=int, help="The set's year (default: its most recent).")
@click.option("--blank", is_flag=True, help="Write the empty template instead.")
@with_appcontext
def export_command(file: Path, code: str | None, year: int | None, blank: bool) -> None:
    """Write a criterion set (or the blank template) as an Excel file."""
    criterion_set = None
    if not blank:
        query = select(CriterionSet).order_by(CriterionSet.year.desc(), CriterionSet.id.desc())
        if code:
            query = query.where(CriterionSet.code == code)
        if year:
            query = query.where(CriterionSet.year == year)
        criterion_set = db.session.scalars(query).first()
        if criterion_set is None:
            raise click.ClickException("no such criterion set")
    file.write_bytes(write_workbook(criterion_set))
    click.echo(f"written {file}")


@tracker_cli.command("remind")
@click.option("--code", help="The set's code (default: the newest provincial set).")
@click.option("--dry-run", is_flag=True, help="Print every message in full; send nothing.")
@with_appcontext
def remind_command(code: str | None, dry_run: bool) -> None:
    """E-mail each agency about its own criteria: forecast, at risk, overdue, late."""
    query = select(CriterionSet).order_by(CriterionSet.year.desc(), CriterionSet.id.desc())
    query = query.where(
        CriterionSet.code == code if code else CriterionSet.kind == SetKind.PROVINCIAL
    )
    criterion_set = db.session.scalars(query).first()
    if criterion_set is None:
        raise click.ClickException("no such criterion set")
    reminders = build_reminders(db.session(), criterion_set, today_local())
    if dry_run:
        for reminder in reminders:
            click.echo(f"To: {', '.join(reminder.to)}\nSubject: {reminder.subject}\n")
            click.echo(reminder.text)
            click.echo("-" * 72)
        click.echo(f"{len(reminders)} message(s) not sent (dry run)")
        return
    try:
        sender = SmtpSender.from_config(current_app.config)
    except MailNotConfiguredError as error:
        raise click.ClickException(str(error)) from error
    report = send_reminders(reminders, sender, current_app.config["MAIL_SENDER"])
    click.echo(f"reminders: {len(report.sent)} sent, {len(report.failed)} failed")
    for agency, reason in report.failed:
        click.echo(f"  not sent to {agency}: {reason}", err=True)
    if report.failed:
        raise SystemExit(1)
