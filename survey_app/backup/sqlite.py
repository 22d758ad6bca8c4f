"""SQLite backups through SQLite's online backup API.

The backup API copies the database page by page under one read transaction, so the copy
is consistent even while the application keeps writing (in WAL mode writers are not
blocked). Restoring uses the same API in the other direction.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from contextlib import closing
from pathlib import Path

from sqlalchemy import Engine, create_engine
from sqlalchemy.engine import URL
from sqlalchemy.pool import NullPool

from survey_app.backup.errors import BackupError, NotEmptyError
from survey_app.backup.summary import ALEMBIC_TABLE, REQUIRED_TABLES, DatabaseSummary, summarise


def database_file(url: URL) -> Path:
    """The file of the SQLite database at ``url``; in-memory databases have none."""
    name = url.database
    if not name or name == ":memory:" or name.startswith("file:"):
        raise BackupError("backup and restore need an SQLite database file, not an in-memory one")
    return Path(name)


def open_read_only(path: Path) -> sqlite3.Connection:
    """A connection that cannot change ``path``, whatever is run on it."""
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def summarise_file(path: Path) -> DatabaseSummary:
    """The summary of the SQLite database in ``path``, read without changing it."""
    engine = create_engine("sqlite://", creator=lambda: open_read_only(path), poolclass=NullPool)
    try:
        with engine.connect() as connection:
            return summarise(connection)
    finally:
        engine.dispose()


def copy_database(engine: Engine, destination: Path) -> None:
    """Copy the live database of ``engine`` into ``destination``, an empty private file."""
    raw = engine.raw_connection()
    try:
        with closing(sqlite3.connect(destination)) as target:
            source = raw.driver_connection
            if source is None:
                raise RuntimeError("the pool gave no open SQLite connection")
            source.backup(target)
            # The copy inherits WAL mode, which would need -wal and -shm files beside it
            # when opened; a backup should be one self-contained file.
            target.execute("PRAGMA journal_mode = DELETE")
    finally:
        raw.close()


def describe(path: Path) -> tuple[frozenset[str], str]:
    """The tables of the backup in ``path`` and a line about it; BackupError if unusable."""
    try:
        with closing(open_read_only(path)) as connection:
            check = connection.execute("PRAGMA quick_check").fetchone()[0]
            tables = _table_names(connection)
            revision = None
            if ALEMBIC_TABLE in tables:
                row = connection.execute(f"SELECT version_num FROM {ALEMBIC_TABLE}").fetchone()  # noqa: S608
                revision = row[0] if row else None
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path} is not a readable SQLite database: {error}") from None
    if check != "ok":
        raise BackupError(f"{path} is damaged (SQLite quick_check: {check})")
    if REQUIRED_TABLES - tables:
        raise BackupError(
            f"{path} is an SQLite database but not a HàiLòng backup: "
            "it has no response and answer tables"
        )
    return frozenset(tables), f"SQLite database, schema revision {revision or 'not recorded'}"


def restore(engine: Engine, source: Path, tables: Iterable[str], timeout_s: float) -> None:
    """Copy the backup ``source`` over the empty database of ``engine``.

    The emptiness of ``tables`` is checked again on the connection that does the copy,
    just before it.
    """
    target = database_file(engine.url)
    if target.exists() and target.samefile(source):
        raise BackupError(f"{source} is the configured database itself")
    engine.dispose()
    with (
        closing(open_read_only(source)) as backup,
        closing(sqlite3.connect(target, isolation_level=None, timeout=timeout_s)) as database,
    ):
        try:
            # Leaving WAL mode needs the only connection to the file: this fails while
            # the application (or anything else) still has the database open.
            database.execute("PRAGMA journal_mode = DELETE")
        except sqlite3.OperationalError as error:
            raise BackupError(
                f"the database {target} is in use ({error}): stop the application first"
            ) from None
        busy = _tables_with_rows(database, tables)
        if busy:
            raise NotEmptyError(busy)
        backup.backup(database)


def _table_names(connection: sqlite3.Connection) -> set[str]:
    rows = connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    )
    return {row[0] for row in rows}


def _tables_with_rows(connection: sqlite3.Connection, names: Iterable[str]) -> list[str]:
    present = _table_names(connection)
    return [
        name
        for name in sorted(set(names) & present)
        if connection.execute(f"SELECT EXISTS (SELECT 1 FROM {_quote(name)})").fetchone()[0]  # noqa: S608
    ]


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'
