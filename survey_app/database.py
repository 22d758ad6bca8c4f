"""Engine tuning that depends on the database: SQLite pragmas, PostgreSQL pooling."""

from __future__ import annotations

from typing import Any

from flask import Flask
from sqlalchemy import Engine, event, text

from survey_app.extensions import db


def configure_engines(app: Flask) -> None:
    """Give SQLite WAL mode and a busy timeout, so concurrent writers wait, not fail."""
    with app.app_context():
        engine = db.engine
    if engine.dialect.name == "sqlite":
        timeout_ms = int(app.config["SQLITE_BUSY_TIMEOUT_MS"])
        event.listen(engine, "connect", _sqlite_pragmas(timeout_ms))


def forget_inherited_connections(app: Flask) -> None:
    """In a forked process, start every engine's pool afresh (gunicorn's ``post_fork``).

    ``close=False`` leaves the connections themselves to the parent that opened them,
    as SQLAlchemy advises for ``os.fork``: two processes on one socket corrupt both.
    """
    with app.app_context():
        for engine in db.engines.values():
            engine.dispose(close=False)


def _sqlite_pragmas(timeout_ms: int) -> Any:
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {timeout_ms:d}")
            cursor.execute("PRAGMA foreign_keys = ON")
            if _is_file_database(dbapi_connection):
                cursor.execute("PRAGMA journal_mode = WAL")
                cursor.execute("PRAGMA synchronous = NORMAL")
        finally:
            cursor.close()

    return on_connect


def _is_file_database(dbapi_connection: Any) -> bool:
    cursor = dbapi_connection.cursor()
    try:
        rows = cursor.execute("PRAGMA database_list").fetchall()
    finally:
        cursor.close()
    return any(row[1] == "main" and row[2] for row in rows)


def dialect_name(engine: Engine | None = None) -> str:
    """The name of the current database's dialect (``sqlite`` or ``postgresql``)."""
    return (engine or db.engine).dialect.name


def analyze_after_bulk_load(engine: Engine) -> None:
    """On PostgreSQL, VACUUM ANALYZE after a bulk load.

    Until autovacuum gets to it, the planner believes the freshly loaded tables are empty:
    the per-response pivot behind the warnings then ran for minutes instead of a second.
    SQLite's planner needs no statistics for these queries.
    """
    if engine.dialect.name != "postgresql":
        return
    with engine.connect() as connection:
        connection.execution_options(isolation_level="AUTOCOMMIT").execute(text("VACUUM ANALYZE"))
