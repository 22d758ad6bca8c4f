"""Backing up and restoring the whole database, whichever engine it runs on.

A backup holds the whole database, encrypted contact data included, so it is written
readable by its owner only (0600), under a temporary name first: a file that carries a
backup's name is always complete.
"""

from __future__ import annotations

import enum
import os
import secrets
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine

from survey_app.backup import postgres, sqlite
from survey_app.backup.errors import BackupError, NotEmptyError
from survey_app.backup.summary import (
    DatabaseSummary,
    application_table_names,
    summarise,
    tables_with_rows,
)

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_DUMP_MAGIC = b"PGDMP"
PRIVATE_FILE = 0o600
PRIVATE_FOLDER = 0o700


class BackupKind(enum.StrEnum):
    """What a backup file is, after the database engine that made it."""

    SQLITE = "sqlite"
    POSTGRESQL = "postgresql"

    @property
    def label(self) -> str:
        """How messages name the engine."""
        return {"sqlite": "SQLite", "postgresql": "PostgreSQL"}[self.value]

    @property
    def a_label(self) -> str:
        """The label with its article, for sentences."""
        return {"sqlite": "an SQLite", "postgresql": "a PostgreSQL"}[self.value]

    @property
    def suffix(self) -> str:
        """The file name ending of this kind of backup."""
        return {"sqlite": ".sqlite3", "postgresql": ".pgdump"}[self.value]


@dataclass(frozen=True, slots=True)
class BackupResult:
    """A backup written: where, how big, how, and what it holds."""

    path: Path
    size: int
    method: str
    seconds: float
    summary: DatabaseSummary


@dataclass(frozen=True, slots=True)
class BackupFile:
    """A backup checked and ready to restore."""

    path: Path
    kind: BackupKind
    size: int
    description: str
    tables: frozenset[str]


@dataclass(frozen=True, slots=True)
class RestoreResult:
    """A restore done: how long it took and what the database now holds."""

    seconds: float
    summary: DatabaseSummary


def database_kind(engine: Engine) -> BackupKind:
    """The kind of backup the database of ``engine`` makes and accepts."""
    try:
        return BackupKind(engine.dialect.name)
    except ValueError:
        raise BackupError(f"no backups for {engine.dialect.name} databases") from None


def backup_kind(path: Path) -> BackupKind:
    """What ``path`` holds, judged by its first bytes; BackupError if not a backup."""
    with path.open("rb") as handle:
        head = handle.read(len(SQLITE_MAGIC))
    if head.startswith(SQLITE_MAGIC):
        return BackupKind.SQLITE
    if head.startswith(PG_DUMP_MAGIC):
        return BackupKind.POSTGRESQL
    if head.startswith(b"--"):
        raise BackupError(
            f"{path} looks like a plain SQL script, not a HàiLòng backup: "
            "flask restore takes the files flask backup writes "
            "(SQLite databases, pg_dump custom-format archives)"
        )
    raise BackupError(
        f"{path} is not a HàiLòng backup: "
        "neither an SQLite database nor a pg_dump custom-format archive"
    )


def default_destination(folder: Path, kind: BackupKind, now: datetime) -> Path:
    """A timestamped file in ``folder`` (created readable by its owner only if missing)."""
    folder.mkdir(mode=PRIVATE_FOLDER, parents=True, exist_ok=True)
    return folder / f"hailong-{now:%Y%m%dT%H%M%SZ}{kind.suffix}"


def make_backup(engine: Engine, destination: Path) -> BackupResult:
    """Copy the whole database of ``engine`` into the new file ``destination``."""
    kind = database_kind(engine)
    if destination.exists():
        raise BackupError(f"{destination} exists already: backups never overwrite a file")
    if not destination.parent.is_dir():
        raise BackupError(f"the folder {destination.parent} does not exist")
    partial = destination.with_name(f".{destination.name}.{secrets.token_hex(4)}.partial")
    os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE))
    os.chmod(partial, PRIVATE_FILE)  # whatever the umask
    started = time.perf_counter()
    try:
        if kind is BackupKind.SQLITE:
            sqlite.copy_database(engine, partial)
            summary = sqlite.summarise_file(partial)
            method = "SQLite online backup"
        else:
            tool, summary = postgres.dump(engine, partial)
            method = f"pg_dump {tool.version}, custom format"
        _sync(partial)
        # A hard link, unlike a rename, fails rather than replace a file that appeared
        # under the same name meanwhile.
        os.link(partial, destination)
    except FileExistsError:
        raise BackupError(f"{destination} appeared while the backup ran: not replaced") from None
    finally:
        partial.unlink(missing_ok=True)
    _sync(destination.parent)
    return BackupResult(
        path=destination,
        size=destination.stat().st_size,
        method=method,
        seconds=time.perf_counter() - started,
        summary=summary,
    )


def open_backup(engine: Engine, path: Path) -> BackupFile:
    """Check that ``path`` is a backup this database can take; BackupError if not."""
    kind = backup_kind(path)
    target = database_kind(engine)
    if kind is not target:
        raise BackupError(
            f"{path} is {kind.a_label} backup but the configured database is {target.label}: "
            f"restore it into {kind.a_label} database (DATABASE_URL)"
        )
    if kind is BackupKind.SQLITE:
        tables, description = sqlite.describe(path)
    else:
        tables, description = postgres.describe(engine, path)
    return BackupFile(path, kind, path.stat().st_size, description, tables)


def refuse_unless_empty(engine: Engine, backup: BackupFile) -> None:
    """NotEmptyError if any application table (ours or the backup's) holds a row."""
    with engine.connect() as connection:
        busy = tables_with_rows(connection, application_table_names(backup.tables))
    if busy:
        raise NotEmptyError(busy)


def restore_backup(engine: Engine, backup: BackupFile, *, timeout_s: float) -> RestoreResult:
    """Restore ``backup`` into the empty database of ``engine``; emptiness is checked again.

    The database ends up with the backup's schema and Alembic revision, so ``flask db
    upgrade`` brings an older backup up to date.
    """
    started = time.perf_counter()
    tables = application_table_names(backup.tables)
    if backup.kind is BackupKind.SQLITE:
        sqlite.restore(engine, backup.path, tables, timeout_s)
    else:
        postgres.restore(engine, backup.path, tables)
    seconds = time.perf_counter() - started
    engine.dispose()
    with engine.connect() as connection:
        summary = summarise(connection)
    return RestoreResult(seconds=seconds, summary=summary)


def _sync(path: Path) -> None:
    """Flush ``path`` (a file or a folder) to disk, so a backup survives a power cut."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
