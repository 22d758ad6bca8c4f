"""The province pages computed ahead, and a cache key that holds what the pages read."""

from __future__ import annotations

import logging
import os
import threading
from datetime import UTC, date, datetime

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from survey_app.core.clock import today_local
from survey_app.core.periods import period_of
from survey_app.manage import cache, province, rank_months, warming
from survey_app.models import Centre, Role
from survey_app.reporting.judging import judging_end
from survey_app.seeding.demo import seed_demo
from tests import factories
from tests.html import parse
from tests.manage.test_province import total_responses

TODAY = date(2026, 11, 25)  # a Wednesday: the last full week began on 16/11, month 10


def _refuse_to_compute(*_args: object, **_kwargs: object) -> None:
    raise AssertionError("computed on request, not ahead")


def test_the_warmed_pages_are_served_without_computing(
    app: Flask, client: FlaskClient, seeded: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed_demo(seeded, weeks=6, seed=3, end=TODAY)
    factories.log_in(client, factories.user(seeded, role=Role.DEPARTMENT, centre_keys=()))
    taken = warming.warm_pages(app, today=TODAY)
    assert set(taken) == {
        "2026-11-16 vi",
        "2026-11-16 en",
        "2026-10 vi",
        "2026-10 en",
        "ranks by month",
    }
    monkeypatch.setattr(province, "build_province", _refuse_to_compute)
    monkeypatch.setattr(rank_months, "build_month_ranks", _refuse_to_compute)
    for period in ("2026-11-16", "2026-10"):
        page = parse(client.get(f"/quan-ly/tinh?ky={period}"))
        assert len(page.select("table.heat tbody tr")) == 66
    # Another period was not computed ahead: it is computed on request (here, refused).
    assert client.get("/quan-ly/tinh?ky=2026-11-09").status_code == 500


def test_a_renamed_centre_shows_at_once_on_a_kept_page(
    client: FlaskClient, seeded: Session
) -> None:
    seed_demo(seeded, weeks=4, seed=3, end=TODAY)
    factories.log_in(client, factories.user(seeded, role=Role.DEPARTMENT, centre_keys=()))
    url = "/quan-ly/tinh?ky=2026-11-09"
    assert "xã Thử Đổi Tên" not in client.get(url).get_data(as_text=True)
    centre = seeded.scalars(select(Centre).filter_by(key="van-quan")).one()
    centre.name = "Trung tâm Phục vụ hành chính công xã Thử Đổi Tên"
    seeded.commit()
    assert "xã Thử Đổi Tên" in client.get(url).get_data(as_text=True)


def test_a_late_answer_into_a_closed_week_is_computed_ahead_on_the_next_pass(
    app: Flask,
    client: FlaskClient,
    seeded: Session,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    seed_demo(seeded, weeks=6, seed=3, end=TODAY)
    factories.log_in(client, factories.user(seeded, role=Role.DEPARTMENT, centre_keys=()))
    caplog.set_level(logging.INFO, logger=warming.__name__)
    assert warming.warm_with_retries(app, today=TODAY) is True
    assert "province pages computed ahead" in caplog.text
    caplog.clear()
    # A pass that finds every page kept builds nothing and says nothing.
    builds = cache.build_count()
    assert warming.warm_with_retries(app, today=TODAY) is True
    assert cache.build_count() == builds
    assert caplog.text == ""
    url = "/quan-ly/tinh?ky=2026-11-16"
    before = total_responses(parse(client.get(url)))
    # A paper slip typed now, dated in the last full week: that week's counts are dropped.
    factories.pulse_response(
        seeded,
        centre_key="van-quan",
        level=2,
        submitted_at=datetime(2026, 11, 18, 3, 0, tzinfo=UTC),
    )
    assert warming.warm_with_retries(app, today=TODAY) is True
    assert "computed ahead" in caplog.text
    monkeypatch.setattr(province, "build_province", _refuse_to_compute)
    assert total_responses(parse(client.get(url))) == before + 1


def test_a_worker_asks_for_its_pages_about_once_a_minute(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    passes: list[Flask] = []
    waits: list[float] = []

    class StopWaitingError(Exception):
        pass

    def wait(seconds: float) -> None:
        waits.append(seconds)
        if len(waits) == 3:
            raise StopWaitingError

    monkeypatch.setattr(warming, "warm_with_retries", passes.append)
    monkeypatch.setattr(warming.time, "sleep", wait)
    with pytest.raises(StopWaitingError):
        warming._keep_warm(app)
    assert passes == [app, app, app]
    assert all(45 <= w <= 75 for w in waits)


def test_each_process_starts_one_warming_thread_and_tests_none(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[Flask] = []
    monkeypatch.setattr(warming, "_keep_warm", started.append)
    monkeypatch.setattr(warming, "_started_in", None)
    assert app.config["WARM_PAGES"] is False  # the suite warms only where it asks to
    assert warming.start_warming(app) is False
    monkeypatch.setitem(app.config, "WARM_PAGES", True)
    assert warming.start_warming(app) is True
    assert warming.start_warming(app) is False  # already running in this process
    monkeypatch.setattr(warming, "_started_in", os.getpid() + 1)  # as if inherited by a fork
    assert warming.start_warming(app) is True
    for thread in threading.enumerate():
        if thread.name == "warm-pages":
            thread.join(timeout=5)
    assert started == [app, app]


def test_a_new_answer_today_shows_at_once_without_judging_again(
    client: FlaskClient, seeded: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A period running to today is computed afresh after each answer, but its warnings
    # judge only weeks that are over: they are kept, not judged again.
    today = today_local()
    seed_demo(seeded, weeks=3, seed=3, end=today)
    factories.log_in(client, factories.user(seeded, role=Role.DEPARTMENT, centre_keys=()))
    choice = period_of(today, "Q")
    judged: list[object] = []
    real_judge = province.judge

    def counted(*args: object, **kwargs: object) -> object:
        judged.append(args)
        return real_judge(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(province, "judge", counted)
    url = f"/quan-ly/tinh?ky={choice.label}"
    before = total_responses(parse(client.get(url)))
    assert len(judged) == (0 if judging_end(choice) is None else 1)
    factories.pulse_response(seeded, centre_key="van-quan", level=2)
    assert total_responses(parse(client.get(url))) == before + 1
    assert len(judged) == (0 if judging_end(choice) is None else 1)


def test_a_failed_warm_up_is_tried_again(
    app: Flask, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    # Workers starting together on SQLite: all but one may find the database locked.
    outcomes: list[object] = [OperationalError("INSERT", {}, Exception("database is locked"))]

    def warm(_app: Flask, _today: date | None) -> dict[str, float]:
        if outcomes:
            raise outcomes.pop()  # type: ignore[misc]
        return {"2026-10 vi": 1.0}

    monkeypatch.setattr(warming, "warm_pages", warm)
    assert warming.warm_with_retries(app, attempts=3, pause=0.0) is True
    assert "failed (OperationalError); trying again" in caplog.text
    assert "Traceback" not in caplog.text

    def always_fails(_app: Flask, _today: date | None) -> dict[str, float]:
        raise RuntimeError("no database")

    monkeypatch.setattr(warming, "warm_pages", always_fails)
    assert warming.warm_with_retries(app, attempts=2, pause=0.0) is False
