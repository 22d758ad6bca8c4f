"""When the database fails under the citizen form: nothing half-saved, nothing typed lost."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Connection, create_engine, func, select, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from survey_app import create_app
from survey_app.core.responses import places
from survey_app.extensions import db
from survey_app.models import Counter, PosterCode, Response
from tests import factories
from tests.feedback.test_rating import GOOD_ANSWERS
from tests.html import kept_answers, parse, submission_token, text_of


@pytest.fixture
def poster(seeded: Session) -> PosterCode:
    return factories.poster(seeded)


def stored(session: Session) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(Response)) or 0


def test_a_database_failure_before_saving_keeps_everything_sent(
    app: Flask, client: FlaskClient, poster: PosterCode, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"/q/{poster.code}"
    data = {**GOOD_ANSWERS, "submission": submission_token(client, url)}

    def database_down(_code: str) -> None:
        raise OperationalError("SELECT 1", {}, Exception("connection refused"))

    monkeypatch.setattr("survey_app.feedback.views_rating.poster_place", database_down)
    response = client.post(url, data=data)
    assert response.status_code == 503
    page = parse(response)
    assert "CHƯA được lưu" in text_of(page, "main")
    assert page.select_one("form.resend")["method"] == "post"
    assert kept_answers(response.get_data(as_text=True)) == data
    # A page opened while the database is down says so, with nothing to resend.
    opened = client.get(url)
    assert opened.status_code == 503
    assert parse(opened).select_one("form.resend") is None


def test_the_send_again_page_never_carries_a_pin(
    app: Flask, client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    def database_down(*_args: object) -> None:
        raise OperationalError("SELECT 1", {}, Exception("connection refused"))

    monkeypatch.setattr("survey_app.complaints.views_citizen.check_pin", database_down)
    response = client.post("/phan-anh/tra-cuu", data={"code": "PA-K7M2QX4D", "pin": "493817"})
    assert response.status_code == 503
    kept = kept_answers(response.get_data(as_text=True))
    assert kept["code"] == "PA-K7M2QX4D"
    assert "pin" not in kept
    assert b"493817" not in response.get_data()


@pytest.fixture
def impatient_app(db_url: str, app: Flask) -> Iterator[Flask]:
    """The app on the suite's database, giving up on a lock after 0.2 s."""
    if db_url.startswith("sqlite"):
        impatient = create_app(
            "testing", SQLALCHEMY_DATABASE_URI=db_url, SQLITE_BUSY_TIMEOUT_MS=200
        )
    else:
        options = {"pool_pre_ping": True, "connect_args": {"options": "-c lock_timeout=200"}}
        impatient = create_app(
            "testing", SQLALCHEMY_DATABASE_URI=db_url, SQLALCHEMY_ENGINE_OPTIONS=options
        )
    yield impatient
    with impatient.app_context():
        db.session.remove()
        db.engine.dispose()


def hold_write_lock(connection: Connection) -> None:
    """Keep every other writer (and on PostgreSQL every reader) of responses waiting."""
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        connection.execute(text("LOCK TABLE response IN ACCESS EXCLUSIVE MODE"))


def test_a_locked_database_gives_a_not_saved_page_and_a_resend_stores_once(
    impatient_app: Flask, poster: PosterCode, seeded: Session, db_url: str
) -> None:
    client = impatient_app.test_client()
    url = f"/q/{poster.code}"
    with impatient_app.app_context():
        data = {**GOOD_ANSWERS, "submission": submission_token(client, url)}
    blocker = create_engine(db_url, isolation_level="AUTOCOMMIT")
    with blocker.connect() as connection:
        if connection.dialect.name == "postgresql":
            connection.exec_driver_sql("BEGIN")
        hold_write_lock(connection)
        refused = client.post(url, data=data)
        connection.exec_driver_sql("ROLLBACK")
    blocker.dispose()
    assert refused.status_code == 503
    page = parse(refused)
    assert "gián đoạn" in text_of(page, ".error-summary")
    assert page.select_one("#staff-general-5").has_attr("checked")
    assert text_of(page, "textarea#comment") == GOOD_ANSWERS["comment"]
    assert stored(seeded) == 0
    # Send again, twice (a double tap): stored once.
    first = client.post(url, data=data)
    second = client.post(url, data=data)
    assert first.status_code == second.status_code == 303
    assert stored(seeded) == 1


def test_closing_a_counter_stops_its_poster_at_once_with_the_cache_on(
    app: Flask, client: FlaskClient, seeded: Session
) -> None:
    app.config["FEEDBACK_PLACE_CACHE_SECONDS"] = 30
    places.init_app(app)
    account = factories.user(seeded)
    poster = factories.poster(seeded, counter_number=1)
    counter = seeded.get_one(Counter, poster.counter_id)
    assert client.get(f"/q/{poster.code}").status_code == 200
    factories.log_in(client, account)
    closed = client.post(
        f"/quan-ly/quay/{counter.centre.key}/{counter.id}/trang-thai", data={"active": "0"}
    )
    assert closed.status_code == 303
    assert client.get(f"/q/{poster.code}").status_code == 404


def test_the_cache_keeps_a_place_only_for_its_time(
    app: Flask, seeded: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    app.config["FEEDBACK_PLACE_CACHE_SECONDS"] = 30
    places.init_app(app)
    poster = factories.poster(seeded)
    calls = []
    real = places.find_poster_place

    def counting(session: Session, code: str) -> object:
        calls.append(code)
        return real(session, code)

    monkeypatch.setattr(places, "find_poster_place", counting)
    with app.test_request_context():
        assert places.poster_place(poster.code) == places.poster_place(poster.code.lower())
        assert places.poster_place("ZZZZZZ") is None
        assert places.poster_place("ZZZZZZ") is None
    assert calls == [poster.code, "ZZZZZZ", "ZZZZZZ"]  # unknown codes are never kept
