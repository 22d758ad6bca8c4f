"""Migrations build the schema the models describe, and take it down again."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DataError, IntegrityError

from survey_app import create_app
from survey_app.extensions import db
from survey_app.models import Base
from survey_app.seeding.demo import seed_demo
from survey_app.seeding.reference import seed_reference


@pytest.fixture
def empty_database_url(db_url: str, tmp_path: Path) -> Iterator[str]:
    """A database of its own, so migrating does not disturb the suite's schema."""
    url = make_url(db_url)
    if url.get_backend_name() == "sqlite":
        yield f"sqlite:///{tmp_path / 'migrations.sqlite3'}"
        return
    name = f"hailong_migrations_{uuid.uuid4().hex[:8]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_upgrade_builds_what_the_models_describe_and_downgrade_removes_it(
    empty_database_url: str,
) -> None:
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=empty_database_url)
    with app.app_context():
        upgrade()
        tables = set(inspect(db.engine).get_table_names())
        assert set(Base.metadata.tables) <= tables
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert compare_metadata(context, Base.metadata) == []
        downgrade(revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        upgrade()
        assert set(Base.metadata.tables) <= set(inspect(db.engine).get_table_names())
        db.engine.dispose()


def test_upgrade_gives_every_existing_complaint_its_own_public_id(
    empty_database_url: str,
) -> None:
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=empty_database_url)
    with app.app_context():
        upgrade(revision="6c9e4f2b7a13")
        with db.engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO commune (id, key, official_code, name, kind, formed_from)"
                    " VALUES (1, 'x', '00001', 'X', 'xa', '')"
                )
            )
            connection.execute(
                text(
                    "INSERT INTO centre (id, key, name, commune_id, active)"
                    " VALUES (1, 'x', 'X', 1, true)"
                )
            )
            for n in range(3):
                connection.execute(
                    text(
                        "INSERT INTO complaint (tracking_code, pin_hash, centre_id, status,"
                        " subject, body, received_at)"
                        " VALUES (:code, 'h', 1, 'received', 's', 'b', :at)"
                    ),
                    {"code": f"PA-AAAAAAA{n}", "at": "2026-11-30 03:00:00+00:00"},
                )
        upgrade()
        with db.engine.connect() as connection:
            rows = connection.execute(text("SELECT tracking_code, public_id FROM complaint")).all()
        db.engine.dispose()
    public_ids = [row[1] for row in rows]
    assert len(rows) == 3
    assert all(public_ids)
    assert len(set(public_ids)) == 3
    assert not {row[0] for row in rows} & set(public_ids)


def test_the_agency_role_is_allowed_after_upgrade_and_refused_after_downgrade(
    empty_database_url: str,
) -> None:
    """The role is a VARCHAR with a CHECK constraint: the migration replaces the constraint."""
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=empty_database_url)
    insert = text(
        "INSERT INTO user_account (username, full_name, password_hash, role, active,"
        " created_at, session_token) VALUES (:name, '', 'h', :role, true, :at, :name)"
    )
    at = "2026-12-01 03:00:00+00:00"
    with app.app_context():
        upgrade(revision="f3c4d5e60014")
        with db.engine.begin() as connection:
            connection.execute(insert, {"name": "coquan", "role": "agency", "at": at})
        downgrade(revision="e5c6a7b80011")
        with db.engine.connect() as connection:
            left = connection.execute(text("SELECT username FROM user_account")).scalars().all()
        with pytest.raises(IntegrityError), db.engine.begin() as connection:
            connection.execute(insert, {"name": "coquan2", "role": "agency", "at": at})
        db.engine.dispose()
    assert left == []


TRACKER_ROWS = (
    "INSERT INTO agency (id, code, name, kind, active) VALUES"
    " (1, 'a', 'A', 'department', true), (2, 'b', 'B', 'commune', true)",
    "INSERT INTO criterion_set (id, code, name, year, kind, status, is_draft_annex,"
    " declared_total, survey_total, created_at) VALUES (1, 'N', 'N', 2026, 'internal',"
    " 'draft', false, 100, 0, '2026-12-01 03:00:00+00:00')",
    "INSERT INTO criterion (id, set_id, level, code, name, max_points, position, source,"
    " evidence) VALUES (1, 1, 'component', '1', 'C', 5, 1, 'self_assessed', '')",
    "INSERT INTO reporting_period (id, set_id, month, deadline, status, opened_at) VALUES"
    " (1, 1, '2026-03-01', '2026-04-10', 'open', '2026-03-01 03:00:00+00:00')",
)
REPORT = text(
    "INSERT INTO criterion_report (criterion_id, period_id, agency_id, version, status,"
    " progress, explanation, created_at, updated_at, review_comment) VALUES"
    " (1, 1, :agency, 1, 'draft', 'on_track', '', :at, :at, '')"
)


def test_each_agency_has_its_own_report_per_criterion_and_month_after_upgrade(
    empty_database_url: str,
) -> None:
    """Before: one report per criterion, month and version; after: one per agency too."""
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=empty_database_url)
    at = "2026-03-20 03:00:00+00:00"
    with app.app_context():
        upgrade(revision="f4d5e6f70015")
        with db.engine.begin() as connection:
            for row in TRACKER_ROWS:
                connection.execute(text(row))
            connection.execute(REPORT, {"agency": 1, "at": at})
        with pytest.raises(IntegrityError), db.engine.begin() as connection:
            connection.execute(REPORT, {"agency": 2, "at": at})
        upgrade()
        with db.engine.begin() as connection:
            connection.execute(REPORT, {"agency": 2, "at": at})
        with pytest.raises(IntegrityError), db.engine.begin() as connection:
            connection.execute(REPORT, {"agency": 2, "at": at})
        downgrade(revision="f4d5e6f70015")
        with db.engine.connect() as connection:
            kept = connection.execute(text("SELECT agency_id FROM criterion_report")).all()
        db.engine.dispose()
    assert [row[0] for row in kept] == [1]


def test_the_latest_migrations_go_down_and_up_again_under_demo_data(
    empty_database_url: str,
) -> None:
    """A database in use (complaints with their events and messages) upgrades in place.

    On SQLite a table copied and dropped in batch mode is refused while other rows refer
    to it: a newcomer's `make run` database must still take the next release's migrations.
    """
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=empty_database_url)
    count = text("SELECT (SELECT count(*) FROM complaint), (SELECT count(*) FROM complaint_event)")
    with app.app_context():
        upgrade()
        seed_reference(db.session())
        seed_demo(db.session(), weeks=2, seed=5, end=date(2026, 11, 25))
        with db.engine.connect() as connection:
            before = tuple(connection.execute(count).one())
        db.session.remove()
        downgrade(revision="f4d5e6f70015")
        upgrade()
        with db.engine.connect() as connection:
            after = tuple(connection.execute(count).one())
        db.engine.dispose()
    assert before[0] > 0
    assert before[1] > 0
    assert after == before


ESCALATION_ROW = text(
    "INSERT INTO complaint_event (complaint_id, at, from_status, to_status, note, deadline_at)"
    " VALUES (1, :at, 'received', 'received', :note, :deadline)"
)


def test_duplicate_escalations_are_removed_keeping_the_earliest_then_refused(
    empty_database_url: str,
) -> None:
    """Two overlapping runs once recorded an escalation twice: the upgrade keeps the first."""
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=empty_database_url)
    first, second = "2026-11-20 00:00:00+00:00", "2026-11-27 00:00:00+00:00"
    rows = [  # (at, note, deadline): three of one escalation, one of another, two plain steps
        ("2026-11-21 02:00:00+00:00", "later", first),
        ("2026-11-21 01:00:00+00:00", "earliest", first),
        ("2026-11-21 03:00:00+00:00", "latest", first),
        ("2026-11-28 01:00:00+00:00", "other", second),
        ("2026-11-19 01:00:00+00:00", "step", None),
        ("2026-11-19 01:00:00+00:00", "step", None),
    ]
    with app.app_context():
        upgrade(revision="a5b6c7d80017")
        with db.engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO commune (id, key, official_code, name, kind, formed_from)"
                    " VALUES (1, 'x', '00001', 'X', 'xa', '')"
                )
            )
            connection.execute(
                text(
                    "INSERT INTO centre (id, key, name, commune_id, active)"
                    " VALUES (1, 'x', 'X', 1, true)"
                )
            )
            connection.execute(
                text(
                    "INSERT INTO complaint (id, tracking_code, public_id, pin_hash, centre_id,"
                    " status, subject, body, received_at) VALUES (1, 'PA-AAAAAAAA', 'P1', 'h',"
                    " 1, 'received', 's', 'b', '2026-11-10 03:00:00+00:00')"
                )
            )
            for at, note, deadline in rows:
                connection.execute(ESCALATION_ROW, {"at": at, "note": note, "deadline": deadline})
        upgrade(revision="c7d8e9f00019")
        with db.engine.connect() as connection:
            kept = connection.execute(text("SELECT note FROM complaint_event")).scalars().all()
        again = {"at": "2026-11-22 01:00:00+00:00", "note": "again", "deadline": first}
        with pytest.raises(IntegrityError), db.engine.begin() as connection:
            connection.execute(ESCALATION_ROW, again)
        downgrade(revision="a5b6c7d80017")
        with db.engine.begin() as connection:
            connection.execute(ESCALATION_ROW, again)
        db.engine.dispose()
    assert sorted(kept) == ["earliest", "other", "step", "step"]


USER_ROW = text(
    "INSERT INTO user_account (username, full_name, password_hash, role, active,"
    " created_at, session_token) VALUES (:name, '', 'h', :role, true, :at, :name)"
)


def test_the_department_role_comes_with_0018_and_becomes_admin_again_on_downgrade(
    empty_database_url: str,
) -> None:
    """Administrators stay administrators; going back, no account is lost."""
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=empty_database_url)
    at = "2026-12-03 03:00:00+00:00"
    roles = text("SELECT username, role FROM user_account ORDER BY username")
    with app.app_context():
        upgrade(revision="b6c7d8e90018")
        with db.engine.begin() as connection:
            connection.execute(USER_ROW, {"name": "quantri", "role": "admin", "at": at})
        # Refused by the CHECK constraint (SQLite), or first as too long (PostgreSQL).
        with pytest.raises((IntegrityError, DataError)), db.engine.begin() as connection:
            connection.execute(USER_ROW, {"name": "sonoivu", "role": "department", "at": at})
        upgrade()
        with db.engine.begin() as connection:
            connection.execute(USER_ROW, {"name": "sonoivu", "role": "department", "at": at})
            upgraded = connection.execute(roles).all()
        downgrade(revision="b6c7d8e90018")
        with db.engine.connect() as connection:
            downgraded = connection.execute(roles).all()
        with pytest.raises((IntegrityError, DataError)), db.engine.begin() as connection:
            connection.execute(USER_ROW, {"name": "sonoivu2", "role": "department", "at": at})
        db.engine.dispose()
    assert [tuple(row) for row in upgraded] == [("quantri", "admin"), ("sonoivu", "department")]
    assert [tuple(row) for row in downgraded] == [("quantri", "admin"), ("sonoivu", "admin")]
