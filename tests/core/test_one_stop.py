"""The one-stop system's daily figures: validated, replaced (never added), concurrency-safe."""

from __future__ import annotations

import threading
from datetime import date, timedelta

import pytest
from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from survey_app.core.clock import today_local
from survey_app.core.one_stop import (
    Change,
    DayFigures,
    FigureSource,
    InvalidFiguresError,
    replace_day_figures,
    replace_days_figures,
)
from survey_app.extensions import db
from survey_app.models import AuditEvent, OneStopDay, Role
from tests import factories

FIGURES = DayFigures(received=40, on_time=30, late=4, late_apologised=3, supplemented_repeatedly=2)


def yesterday() -> date:
    return today_local() - timedelta(days=1)


def stored(session: Session) -> list[OneStopDay]:
    session.expire_all()
    return list(session.scalars(select(OneStopDay).order_by(OneStopDay.day)))


def test_a_new_day_is_created(seeded: Session) -> None:
    centre = factories.centre(seeded)
    outcome = replace_day_figures(seeded, centre.id, yesterday(), FIGURES, FigureSource.api_key(7))
    assert outcome.change is Change.CREATED
    [row] = stored(seeded)
    assert (row.received, row.on_time, row.late, row.late_apologised) == (40, 30, 4, 3)
    assert (row.source, row.api_key_id, row.entered_by_id) == ("api", 7, None)


def test_a_correction_replaces_the_day_and_never_adds(seeded: Session) -> None:
    centre = factories.centre(seeded)
    replace_day_figures(seeded, centre.id, yesterday(), FIGURES, FigureSource.api_key(7))
    corrected = DayFigures(
        received=41, on_time=31, late=3, late_apologised=3, supplemented_repeatedly=0
    )
    outcome = replace_day_figures(
        seeded, centre.id, yesterday(), corrected, FigureSource.api_key(7)
    )
    assert outcome.change is Change.REPLACED
    [row] = stored(seeded)
    assert (row.received, row.on_time, row.late, row.supplemented_repeatedly) == (41, 31, 3, 0)


def test_sending_the_same_figures_again_changes_nothing(seeded: Session) -> None:
    centre = factories.centre(seeded)
    replace_day_figures(seeded, centre.id, yesterday(), FIGURES, FigureSource.api_key(7))
    before = stored(seeded)[0].updated_at
    again = replace_day_figures(seeded, centre.id, yesterday(), FIGURES, FigureSource.api_key(7))
    assert again.change is Change.UNCHANGED
    assert stored(seeded)[0].updated_at == before


def test_staff_entries_are_audited_with_their_author(seeded: Session) -> None:
    centre = factories.centre(seeded)
    manager = factories.user(seeded, role=Role.MANAGER)
    replace_day_figures(seeded, centre.id, yesterday(), FIGURES, FigureSource.staff(manager))
    [row] = stored(seeded)
    assert (row.source, row.entered_by_id) == ("staff", manager.id)
    events = seeded.scalars(select(AuditEvent).filter_by(action="one_stop.created")).all()
    assert [e.actor_id for e in events] == [manager.id]


@pytest.mark.parametrize(
    ("figures", "problem"),
    [
        (DayFigures(40, 30, 4, 5, 0), "Số kết quả trễ hạn có văn bản xin lỗi không được lớn"),
        (DayFigures(-1, 0, 0, 0, 0), "Số hồ sơ tiếp nhận không được âm."),
        (DayFigures(1, 0, 0, 0, 100_001), "Số hồ sơ yêu cầu bổ sung quá một lần vượt quá"),
    ],
)
def test_broken_invariants_store_nothing(
    seeded: Session, figures: DayFigures, problem: str
) -> None:
    centre = factories.centre(seeded)
    with pytest.raises(InvalidFiguresError) as raised:
        replace_day_figures(seeded, centre.id, yesterday(), figures, FigureSource.api_key(1))
    assert any(problem in p for p in raised.value.problems), raised.value.problems
    assert stored(seeded) == []


def test_results_may_exceed_the_same_days_receipts(seeded: Session) -> None:
    # Results returned today belong to dossiers received earlier: not an error.
    centre = factories.centre(seeded)
    figures = DayFigures(
        received=2, on_time=30, late=5, late_apologised=5, supplemented_repeatedly=4
    )
    outcome = replace_day_figures(seeded, centre.id, yesterday(), figures, FigureSource.api_key(1))
    assert outcome.change is Change.CREATED


def test_a_day_still_to_come_is_refused(seeded: Session) -> None:
    centre = factories.centre(seeded)
    with pytest.raises(InvalidFiguresError):
        replace_day_figures(
            seeded,
            centre.id,
            today_local() + timedelta(days=1),
            FIGURES,
            FigureSource.api_key(1),
        )


def test_problems_are_translated(app: Flask, seeded: Session) -> None:
    centre = factories.centre(seeded)
    with (
        app.test_request_context("/?lang=en"),
        pytest.raises(InvalidFiguresError) as raised,
    ):
        replace_day_figures(
            seeded, centre.id, yesterday(), DayFigures(1, 1, 1, 2, 0), FigureSource.api_key(1)
        )
    assert "apolog" in raised.value.problems[0].lower(), raised.value.problems


def test_a_batch_with_one_bad_day_stores_none(seeded: Session) -> None:
    centre = factories.centre(seeded)
    days = {yesterday(): FIGURES, yesterday() - timedelta(days=1): DayFigures(1, 1, 0, 1, 0)}
    with pytest.raises(InvalidFiguresError):
        replace_days_figures(seeded, centre.id, days, FigureSource.api_key(1))
    assert stored(seeded) == []


def test_a_batch_reports_each_day(seeded: Session) -> None:
    centre = factories.centre(seeded)
    first = yesterday() - timedelta(days=1)
    replace_day_figures(seeded, centre.id, first, FIGURES, FigureSource.api_key(1))
    outcomes = replace_days_figures(
        seeded, centre.id, {yesterday(): FIGURES, first: FIGURES}, FigureSource.api_key(1)
    )
    assert [(o.day, o.change) for o in outcomes] == [
        (first, Change.UNCHANGED),
        (yesterday(), Change.CREATED),
    ]


def test_twenty_concurrent_pushes_of_one_day_store_one_row(app: Flask, seeded: Session) -> None:
    centre_id = factories.centre(seeded).id
    day = yesterday()
    start = threading.Barrier(20)
    changes: list[Change] = []
    errors: list[BaseException] = []

    def push(received: int) -> None:
        figures = DayFigures(received, 30, 4, 3, 2)
        with app.app_context():
            start.wait()
            try:
                outcome = replace_day_figures(
                    db.session(), centre_id, day, figures, FigureSource.api_key(1)
                )
                changes.append(outcome.change)
            except BaseException as error:
                errors.append(error)
            finally:
                db.session.remove()

    # Ten identical pushes and ten corrections, all at once.
    threads = [threading.Thread(target=push, args=(40 + i % 2,)) for i in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert changes.count(Change.CREATED) == 1
    assert len(changes) == 20
    seeded.expire_all()
    count = seeded.scalar(select(func.count()).select_from(OneStopDay))
    assert count == 1
    assert stored(seeded)[0].received in (40, 41)
