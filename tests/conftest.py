"""Fixtures: a fresh application per test, on SQLite or on PostgreSQL.

The suite runs on whatever ``DATABASE_URL`` names (``make test`` runs it twice: on a
SQLite file, then on a throwaway PostgreSQL server). The schema is created once per
run; every test starts from empty tables.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from flask import Flask, g, request_started
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session

from survey_app import create_app
from survey_app.config import normalise_database_url
from survey_app.core.report_jobs import wait_for_running
from survey_app.extensions import db
from survey_app.models import Base
from survey_app.seeding.reference import seed_reference


def pytest_report_header() -> str:
    return f"database: {database_url().split(':', 1)[0]}"


def database_url() -> str:
    """The database the suite runs on; a SQLite file when nothing is said."""
    return normalise_database_url(os.environ.get("DATABASE_URL", "")) or ""


@pytest.fixture(scope="session")
def db_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The test database's URL, with the schema created on it once."""
    url = database_url() or f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"
    engine = create_engine(url)
    Base.metadata.drop_all(engine)
    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:
            connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
    Base.metadata.create_all(engine)
    engine.dispose()
    return url


def _fresh_g(_sender: Flask, **_extra: object) -> None:
    g.__dict__.clear()


@pytest.fixture
def app(db_url: str) -> Iterator[Flask]:
    """An application on the test database, emptied again after the test.

    The test keeps one application context open so it can use the session directly;
    Flask then reuses that context, and its ``g``, for every request. Production gives
    each request a fresh ``g`` (where Flask-Login caches the signed-in user), so the
    fixture empties ``g`` as each request starts: otherwise one client's user would
    leak into the next request.
    """
    application = create_app("testing", SQLALCHEMY_DATABASE_URI=db_url)
    request_started.connect(_fresh_g, application)
    with application.app_context():
        yield application
        # A report job a test started builds in a thread: let it end before emptying.
        wait_for_running(timeout=120)
        db.session.rollback()
        empty_tables()
        db.session.remove()
        db.engine.dispose()


def empty_tables() -> None:
    """Delete every row, children first, so the next test starts clean."""
    with db.engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            names = ", ".join(t.name for t in Base.metadata.sorted_tables)
            connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in reversed(Base.metadata.sorted_tables):
                connection.execute(table.delete())


@pytest.fixture
def session(app: Flask) -> Session:
    """The application's database session."""
    return db.session


@pytest.fixture
def seeded(session: Session) -> Session:
    """A session on a database holding the reference data."""
    seed_reference(session)
    return session


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()
