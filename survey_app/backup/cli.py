"""``flask backup`` and ``flask restore``."""

from __future__ import annotations

from pathlib import Path

import click
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy.exc import OperationalError

from survey_app.backup.errors import BackupError
from survey_app.backup.service import (
    database_kind,
    default_destination,
    make_backup,
    open_backup,
    refuse_unless_empty,
    restore_backup,
)
from survey_app.backup.summary import MAIN_TABLES, DatabaseSummary
from survey_app.core.clock import now_utc
from survey_app.extensions import db


@click.command("backup")
@click.option(
    "--output",
    type=click.Path(path_type=Path),
    default=None,
    help="A new file, or a folder for a timestamped one (default: instance/backups/).",
)
@with_appcontext
def backup_command(output: Path | None) -> None:
    """Copy the whole database into a new file (0600) while the application runs."""
    engine = db.engine
    try:
        kind = database_kind(engine)
        if output is None or output.is_dir():
            folder = output or Path(current_app.instance_path) / "backups"
            output = default_destination(folder, kind, now_utc())
        result = make_backup(engine, output)
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    except OperationalError as error:
        raise click.ClickException(_unreachable(error)) from None
    click.echo(f"backup written: {result.path}")
    click.echo(f"size: {_size(result.size)}; {result.method} in {result.seconds:.1f} s")
    for line in summary_lines(result.summary):
        click.echo(line)


@click.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Restore without asking first.")
@with_appcontext
def restore_command(path: Path, yes: bool) -> None:
    """Restore a file made by `flask backup` into an EMPTY database (never over data)."""
    engine = db.engine
    try:
        backup = open_backup(engine, path)
        refuse_unless_empty(engine, backup)
        click.echo(f"backup: {path} ({_size(backup.size)}, {backup.description})")
        click.echo(f"into: {engine.url.render_as_string(hide_password=True)} (no rows)")
        if not yes:
            click.confirm("Restore it?", abort=True)
        timeout_s = int(current_app.config["SQLITE_BUSY_TIMEOUT_MS"]) / 1000
        result = restore_backup(engine, backup, timeout_s=timeout_s)
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    except OperationalError as error:
        raise click.ClickException(_unreachable(error)) from None
    click.echo(f"restored in {result.seconds:.1f} s")
    for line in summary_lines(result.summary):
        click.echo(line)
    click.echo(_revision_advice(result.summary.revision))


def summary_lines(summary: DatabaseSummary) -> list[str]:
    """The lines both commands print, so that their output can be compared line by line."""
    main = ", ".join(
        f"{name} {summary.row_counts[name]}" for name in MAIN_TABLES if name in summary.row_counts
    )
    return [
        f"schema revision: {summary.revision or 'not recorded'}",
        f"rows: {main}; {summary.total_rows} in {len(summary.row_counts)} tables",
        f"answers sha256: {summary.answers_sha256}",
    ]


def _revision_advice(revision: str | None) -> str:
    scripts = ScriptDirectory(current_app.extensions["migrate"].directory)
    head = scripts.get_current_head()
    if revision is None:
        return "the backup records no schema revision: `flask db stamp` one before migrating"
    if revision == head:
        return "the schema is up to date with this version of HàiLòng"
    try:
        scripts.get_revision(revision)
    except CommandError:
        return (
            f"revision {revision} is unknown to this version of HàiLòng: the backup comes "
            "from a newer one; install that version before serving this database"
        )
    return f"the backup is older than this version: run `flask db upgrade` (to {head})"


def _size(size: int) -> str:
    if size < 1_000_000:
        return f"{size / 1000:.1f} kB"
    return f"{size / 1_000_000:.1f} MB"


def _unreachable(error: OperationalError) -> str:
    where = db.engine.url.render_as_string(hide_password=True)
    return f"cannot use the database {where}: {error.orig}"
