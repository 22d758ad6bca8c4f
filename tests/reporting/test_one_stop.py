"""The one-stop figures summed per centre and period, and which dossier count wins."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy.orm import Session

from survey_app.core import periods
from survey_app.core.one_stop import DayFigures, FigureSource, replace_days_figures
from survey_app.models import DossierCount
from survey_app.reporting.dossiers import fetch_handled_dossiers
from survey_app.reporting.one_stop import fetch_period_totals, one_stop_table, rate
from tests import factories

MONDAY = date(2026, 11, 16)


def push(session: Session, centre_id: int, days: dict[date, DayFigures]) -> None:
    replace_days_figures(session, centre_id, days, FigureSource.api_key(1))


def test_a_week_sums_its_days_and_leaves_other_weeks_out(seeded: Session) -> None:
    centre = factories.centre(seeded)
    push(
        seeded,
        centre.id,
        {
            MONDAY: DayFigures(30, 20, 2, 1, 1),
            MONDAY + timedelta(days=4): DayFigures(10, 8, 2, 2, 0),
            MONDAY + timedelta(days=7): DayFigures(99, 99, 9, 9, 9),
        },
    )
    totals = fetch_period_totals(seeded, [centre.id], periods.week(MONDAY))[centre.id]
    assert (totals.days, totals.received, totals.on_time, totals.late) == (2, 40, 28, 4)
    assert totals.on_time_rate.value == pytest.approx(100 * 28 / 32)
    assert totals.on_time_rate.n == 32
    assert totals.apology_rate.value == pytest.approx(75.0)
    assert totals.supplemented_share.value == pytest.approx(2.5)
    month = fetch_period_totals(seeded, [centre.id], periods.month(2026, 11))[centre.id]
    assert month.received == 139


def test_the_on_time_interval_is_wilson(seeded: Session) -> None:
    # 8 of 10: the Wilson 95 % interval is 49.02–94.33 (analysis.wilson_interval's example).
    found = rate(8, 10)
    assert (round(found.low, 2), round(found.high, 2)) == (49.02, 94.33)
    assert rate(0, 0).value is None


def test_a_centre_without_figures_is_absent_not_zero(seeded: Session) -> None:
    centre = factories.centre(seeded)
    assert fetch_period_totals(seeded, [centre.id], periods.week(MONDAY)) == {}


def test_the_one_stop_figures_win_over_a_typed_count(seeded: Session) -> None:
    centre = factories.centre(seeded)
    other = factories.centre(seeded, "trang-dinh")
    seeded.add_all(
        [
            DossierCount(centre_id=centre.id, week_start=MONDAY, dossiers=500),
            DossierCount(centre_id=other.id, week_start=MONDAY, dossiers=70),
        ]
    )
    seeded.commit()
    push(seeded, centre.id, {MONDAY + timedelta(days=1): DayFigures(45, 0, 0, 0, 0)})
    handled = fetch_handled_dossiers(seeded, [centre.id, other.id], [MONDAY])
    assert (handled[(centre.id, MONDAY)].dossiers, handled[(centre.id, MONDAY)].source) == (
        45,
        "one_stop",
    )
    assert (handled[(other.id, MONDAY)].dossiers, handled[(other.id, MONDAY)].source) == (
        70,
        "typed",
    )


def test_more_supplements_than_receipts_gives_no_share(seeded: Session) -> None:
    centre = factories.centre(seeded)
    push(seeded, centre.id, {MONDAY: DayFigures(2, 0, 0, 0, 5)})
    totals = fetch_period_totals(seeded, [centre.id], periods.week(MONDAY))[centre.id]
    assert totals.supplemented_share.value is None
    table = one_stop_table([totals])
    assert list(table["received"]) == [2]
