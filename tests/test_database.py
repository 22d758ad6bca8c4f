"""The database the suite runs on, and the engine settings that keep answers safe."""

from __future__ import annotations

import os

import pytest
from flask import Flask
from sqlalchemy import text

from survey_app.extensions import db


def test_suite_runs_on_the_database_it_was_asked_for(app: Flask) -> None:
    """``make test`` sets HAILONG_EXPECT_DB, so a silently wrong backend fails the run."""
    expected = os.environ.get("HAILONG_EXPECT_DB")
    if expected is None:
        pytest.skip("no backend expectation set (make test sets one)")
    assert db.engine.dialect.name == expected


def test_sqlite_waits_for_writers_and_keeps_a_write_ahead_log(app: Flask) -> None:
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite pragmas")
    with db.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() == 5000
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_postgres_pool_checks_connections_before_use(app: Flask) -> None:
    if db.engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL pooling")
    assert db.engine.pool._pre_ping
    assert db.engine.dialect.driver == "psycopg"
