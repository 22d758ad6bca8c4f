"""The backup's parts: where it goes, the answers digest, finding PostgreSQL's client tools."""

from __future__ import annotations

import hashlib
import json
import stat
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import update
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from survey_app.backup import (
    BackupError,
    BackupKind,
    answers_digest,
    default_destination,
    summarise,
)
from survey_app.backup.postgres import dbname_argument, find_tool, libpq_environment
from survey_app.extensions import db
from survey_app.models import Answer
from tests import factories


def test_the_default_backup_is_timestamped_in_a_private_folder(tmp_path: Path) -> None:
    path = default_destination(
        tmp_path / "backups", BackupKind.POSTGRESQL, datetime(2026, 11, 23, 19, 30, tzinfo=UTC)
    )
    assert path == tmp_path / "backups" / "hailong-20261123T193000Z.pgdump"
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_the_answers_digest_is_sha256_over_json_lines_in_key_order(seeded: Session) -> None:
    first = factories.pulse_response(seeded, level=4, comment="Nhanh, chu đáo")
    factories.pulse_response(seeded, level=2)
    rows = seeded.execute(
        Answer.__table__.select().order_by(Answer.response_id, Answer.question_id)
    ).all()
    lines = "".join(
        json.dumps(
            [r.response_id, r.question_id, r.value, r.text],
            ensure_ascii=False,
            separators=(",", ":"),
        )
        + "\n"
        for r in rows
    )
    with db.engine.connect() as connection:
        digest = answers_digest(connection)
    assert digest == hashlib.sha256(lines.encode("utf-8")).hexdigest()

    seeded.execute(update(Answer).where(Answer.response_id == first).values(value=3))
    seeded.commit()
    with db.engine.connect() as connection:
        assert answers_digest(connection) != digest


def test_an_empty_database_has_the_digest_of_nothing(session: Session) -> None:
    with db.engine.connect() as connection:
        summary = summarise(connection)
    assert summary.answers_sha256 == hashlib.sha256(b"").hexdigest()
    assert summary.total_rows == 0


def fake_tool(folder: Path, name: str, version: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(f'#!/bin/sh\necho "{name} (PostgreSQL) {version}"\n')
    path.chmod(0o755)
    return path


@pytest.fixture
def no_debian_tools(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr("survey_app.backup.postgres.DEBIAN_PG_BIN", tmp_path / "nowhere")


def test_a_missing_pg_dump_names_the_package_to_install(
    tmp_path: Path, no_debian_tools: None
) -> None:
    with pytest.raises(BackupError, match="apt-get install postgresql-client-15"):
        find_tool("pg_dump", 15, {"PATH": str(tmp_path / "empty")})


def test_a_pg_dump_older_than_the_server_is_refused_and_pgbin_is_searched_first(
    tmp_path: Path, no_debian_tools: None
) -> None:
    old = fake_tool(tmp_path / "old", "pg_dump", "13.14")
    with pytest.raises(BackupError, match=r"older than the PostgreSQL 15 server .*13\.14"):
        find_tool("pg_dump", 15, {"PATH": str(old.parent)})
    new = fake_tool(tmp_path / "new", "pg_dump", "16.4 (Debian 16.4-1)")
    found = find_tool("pg_dump", 15, {"PATH": str(old.parent), "PGBIN": str(new.parent)})
    assert (found.path, found.version, found.major) == (new, "16.4", 16)


def test_the_password_goes_to_the_tools_in_the_environment_never_as_an_argument() -> None:
    url = make_url("postgresql+psycopg://hl:s3cr%40t@db.example:5433/hai'long?sslmode=require")
    env = libpq_environment(url, {"PATH": "/usr/bin"})
    assert env == {
        "PATH": "/usr/bin",
        "PGAPPNAME": "hailong-backup",
        "PGHOST": "db.example",
        "PGPORT": "5433",
        "PGUSER": "hl",
        "PGPASSWORD": "s3cr@t",
        "PGDATABASE": "hai'long",
        "PGSSLMODE": "require",
    }
    assert dbname_argument(url) == "--dbname=dbname='hai\\'long'"
    with pytest.raises(BackupError, match="'keepalives'"):
        libpq_environment(make_url("postgresql+psycopg://h/d?keepalives=1"), {})
