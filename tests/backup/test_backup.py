"""`flask backup` and `flask restore`: a round trip loses nothing, live data is never touched."""

from __future__ import annotations

import os
import sqlite3
import stat
import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask, current_app
from flask.testing import FlaskCliRunner
from flask_migrate import upgrade
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from survey_app import create_app
from survey_app.backup import (
    BackupError,
    DatabaseSummary,
    NotEmptyError,
    make_backup,
    open_backup,
    restore_backup,
    summarise,
)
from survey_app.complaints.crypto import Contact, decrypt_contact
from survey_app.complaints.intake import NewComplaint, save_complaint
from survey_app.config import new_contact_key
from survey_app.core.deadlines import DeadlineRules
from survey_app.extensions import db
from survey_app.models import Base, Complaint
from survey_app.seeding.demo import seed_demo
from survey_app.seeding.reference import seed_reference
from tests import factories
from tests.tools import require_tool

CONTACT_KEY = new_contact_key()
PHONE = "0912345678"
BEFORE_HEAD = "5b8d3e1a2c47"  # 0005, the revision before weekly answer counts


def is_postgres(url: str) -> bool:
    return make_url(url).get_backend_name() == "postgresql"


@pytest.fixture(scope="session")
def client_tools(db_url: str) -> None:
    """On PostgreSQL, pg_dump and pg_restore (a failure, not a skip, under CI=true)."""
    if is_postgres(db_url):
        require_tool("pg_dump")
        require_tool("pg_restore")


@contextmanager
def app_on_new_database(db_url: str, folder: Path) -> Iterator[Flask]:
    """An application on a new, empty database of its own, dropped afterwards.

    Every such application has the same contact key, as a restored server keeps its key.
    """
    base = make_url(db_url)
    name = f"hailong_backup_{uuid.uuid4().hex[:8]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT") if is_postgres(db_url) else None
    if admin is None:
        url = f"sqlite:///{folder / name}.sqlite3"
    else:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        url = base.set(database=name).render_as_string(hide_password=False)
    application = create_app(
        "testing", SQLALCHEMY_DATABASE_URI=url, HAILONG_CONTACT_KEY=CONTACT_KEY
    )
    try:
        yield application
    finally:
        with application.app_context():
            db.session.remove()
            db.engine.dispose()
        if admin is not None:
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()


@pytest.fixture
def new_app(db_url: str, tmp_path: Path, client_tools: None) -> Iterator[Callable[[], Flask]]:
    """Makes applications on new, empty databases, dropped after the test."""
    with ExitStack() as stack:
        yield lambda: stack.enter_context(app_on_new_database(db_url, tmp_path))


@dataclass(frozen=True, slots=True)
class DemoBackup:
    """A backup of demo data, what `flask backup` printed, and what the database held."""

    path: Path
    output: str
    expected: DatabaseSummary
    complaint_id: int


@pytest.fixture(scope="module")
def demo_backup(
    db_url: str, tmp_path_factory: pytest.TempPathFactory, client_tools: None
) -> DemoBackup:
    """`flask backup` of two weeks of demo data, made once for the round trips."""
    folder = tmp_path_factory.mktemp("demo-backup")
    with app_on_new_database(db_url, folder) as source:
        complaint_id = fill_with_demo_data(source)
        expected = summary_of(source)
        result = source.test_cli_runner().invoke(args=["backup", "--output", str(folder)])
    assert result.exit_code == 0, result.output
    return DemoBackup(written_path(result.output), result.output, expected, complaint_id)


def fill_with_demo_data(application: Flask) -> int:
    """Migrate, seed, add two weeks of demo data and a complaint with a phone number."""
    with application.app_context():
        upgrade()
        seed_reference(db.session)
        seed_demo(db.session, weeks=2, seed=7)
        receipt = save_complaint(
            db.session,
            NewComplaint(
                centre_id=factories.centre(db.session).id,
                subject="Chờ quá lâu ở quầy đất đai",
                body="Tôi chờ ba tiếng mà chưa được tiếp nhận hồ sơ.",
                submission_id=uuid.uuid4().hex,
                contact=Contact(phone=PHONE),
                consent=True,
            ),
            DeadlineRules.from_config(current_app.config),
        )
        return receipt.complaint_id


def summary_of(application: Flask) -> DatabaseSummary:
    with application.app_context(), db.engine.connect() as connection:
        return summarise(connection)


def written_path(output: str) -> Path:
    line = next(line for line in output.splitlines() if line.startswith("backup written: "))
    return Path(line.removeprefix("backup written: "))


def compared_lines(output: str) -> list[str]:
    """The lines both commands print about the data, for an operator to compare."""
    prefixes = ("schema revision:", "rows:", "answers sha256:")
    return [line for line in output.splitlines() if line.startswith(prefixes)]


@pytest.mark.parametrize("target", ["without tables", "migrated but empty"])
def test_a_backup_restored_into_an_empty_database_has_the_same_rows_and_answers(
    new_app: Callable[[], Flask], demo_backup: DemoBackup, target: str
) -> None:
    restored_app = new_app()
    if target == "migrated but empty":
        with restored_app.app_context():
            upgrade()

    restore = restored_app.test_cli_runner().invoke(
        args=["restore", str(demo_backup.path), "--yes"]
    )

    assert restore.exit_code == 0, restore.output
    expected, restored = demo_backup.expected, summary_of(restored_app)
    assert set(restored.row_counts) == set(Base.metadata.tables)
    assert restored.row_counts == expected.row_counts
    assert restored.row_counts["answer"] > 10_000
    assert restored.answers_sha256 == expected.answers_sha256
    assert restored.revision == expected.revision is not None
    assert compared_lines(restore.output) == compared_lines(demo_backup.output)
    assert len(compared_lines(restore.output)) == 3
    with restored_app.app_context():
        complaint = db.session.get_one(Complaint, demo_backup.complaint_id)
        assert decrypt_contact(complaint.contact_ciphertext) == Contact(phone=PHONE)


def test_an_older_backup_keeps_its_revision_and_db_upgrade_brings_it_up_to_date(
    new_app: Callable[[], Flask], tmp_path: Path
) -> None:
    source, restored_app = new_app(), new_app()
    with source.app_context():
        upgrade(revision=BEFORE_HEAD)
    with restored_app.app_context():
        upgrade()
    backup = source.test_cli_runner().invoke(args=["backup", "--output", str(tmp_path)])
    assert backup.exit_code == 0, backup.output

    restore = restored_app.test_cli_runner().invoke(
        args=["restore", str(written_path(backup.output)), "--yes"]
    )

    assert restore.exit_code == 0, restore.output
    assert "run `flask db upgrade`" in restore.output
    assert summary_of(restored_app).revision == BEFORE_HEAD
    assert "week_answer_count" not in summary_of(restored_app).row_counts
    with restored_app.app_context():
        upgrade()
    assert set(summary_of(restored_app).row_counts) == set(Base.metadata.tables)


@pytest.fixture
def backup_of_seeded(
    seeded: Session, runner: FlaskCliRunner, tmp_path: Path, client_tools: None
) -> Path:
    """A backup of the suite's database holding reference data and one response."""
    factories.pulse_response(seeded)
    result = runner.invoke(args=["backup", "--output", str(tmp_path)])
    assert result.exit_code == 0, result.output
    return written_path(result.output)


def test_restore_into_a_database_with_rows_is_refused_and_changes_nothing(
    app: Flask, runner: FlaskCliRunner, backup_of_seeded: Path
) -> None:
    before = summary_of(app)

    result = runner.invoke(args=["restore", str(backup_of_seeded), "--yes"])

    assert result.exit_code != 0
    assert "the database is not empty" in result.output
    assert "never overwrites live data" in result.output
    assert summary_of(app) == before


def test_the_restore_itself_checks_again_that_the_database_is_empty(
    app: Flask, backup_of_seeded: Path
) -> None:
    before = summary_of(app)
    backup = open_backup(db.engine, backup_of_seeded)

    with pytest.raises(NotEmptyError) as refused:
        restore_backup(db.engine, backup, timeout_s=5)

    assert {"answer", "response", "commune"} <= set(refused.value.tables)
    assert summary_of(app) == before


def other_engine_file(path: Path, db_url: str) -> Path:
    """A backup of the other engine: a pg_dump header, or a real SQLite database."""
    if is_postgres(db_url):
        connection = sqlite3.connect(path)
        connection.execute("CREATE TABLE response (id INTEGER PRIMARY KEY)")
        connection.close()
    else:
        path.write_bytes(b"PGDMP\x01\x0e\x00" + bytes(200))
    return path


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("other engine", "backup but the configured database is"),
        (b"hello, not a backup\n", "is not a HàiLòng backup"),
        (b"--\n-- PostgreSQL database dump\n--\n", "plain SQL script"),
        (b"", "is not a HàiLòng backup"),
        ("damaged", "is not a readable"),
    ],
)
def test_a_file_that_is_not_a_backup_of_the_right_kind_is_refused(  # noqa: PLR0917  (fixtures and parameters)
    app: Flask,
    runner: FlaskCliRunner,
    db_url: str,
    tmp_path: Path,
    client_tools: None,
    content: bytes | str,
    message: str,
) -> None:
    path = tmp_path / "backup"
    if content == "other engine":
        other_engine_file(path, db_url)
    elif content == "damaged":
        magic = b"PGDMP" if is_postgres(db_url) else b"SQLite format 3\x00"
        path.write_bytes(magic + b"\x07" * 4000)
    else:
        path.write_bytes(content)

    result = runner.invoke(args=["restore", str(path), "--yes"])

    assert result.exit_code != 0
    assert message in result.output
    assert summary_of(app).total_rows == 0


def test_a_backup_of_some_other_database_is_refused(
    tmp_path: Path, new_app: Callable[[], Flask]
) -> None:
    with new_app().app_context():
        with db.engine.begin() as connection:
            connection.execute(text("CREATE TABLE notes (body TEXT)"))
        other = make_backup(db.engine, tmp_path / "other.backup")
    with pytest.raises(BackupError, match="not a HàiLòng backup"), new_app().app_context():
        open_backup(db.engine, other.path)


@pytest.mark.parametrize("output", ["folder", "file"])
def test_a_backup_is_readable_by_its_owner_only_and_leaves_no_partial_file(
    runner: FlaskCliRunner, tmp_path: Path, client_tools: None, output: str
) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    argument = folder if output == "folder" else folder / "nightly.backup"
    old_umask = os.umask(0o022)
    try:
        result = runner.invoke(args=["backup", "--output", str(argument)])
    finally:
        os.umask(old_umask)

    assert result.exit_code == 0, result.output
    path = written_path(result.output)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in folder.iterdir()] == [path.name]
    size = path.stat().st_size
    shown = f"{size / 1000:.1f} kB" if size < 1_000_000 else f"{size / 1_000_000:.1f} MB"
    assert f"size: {shown}" in result.output


def test_a_backup_never_overwrites_a_file(runner: FlaskCliRunner, tmp_path: Path) -> None:
    existing = tmp_path / "precious"
    existing.write_text("keep me")

    result = runner.invoke(args=["backup", "--output", str(existing)])

    assert result.exit_code != 0
    assert "exists already" in result.output
    assert existing.read_text() == "keep me"
