"""Demo one-stop figures: most centres every working day, decliners worse, a few none."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from survey_app.models import Centre, OneStopDay
from survey_app.seeding.demo_one_stop import WITHOUT_FIGURES, seed_one_stop

DECLINING = ("nhat-hoa", "loi-bac", "thien-tan", "huu-lien")


def late_share(session: Session, keys: tuple[str, ...], *, inside: bool) -> float:
    ids = select(Centre.id).where(Centre.key.in_(keys))
    where = OneStopDay.centre_id.in_(ids) if inside else OneStopDay.centre_id.not_in(ids)
    late, results = session.execute(
        select(func.sum(OneStopDay.late), func.sum(OneStopDay.on_time + OneStopDay.late)).where(
            where, OneStopDay.day >= date(2026, 11, 9)
        )
    ).one()
    return late / results


def test_demo_figures_are_plausible_and_decliners_worse(seeded: Session) -> None:
    added = seed_one_stop(seeded, weeks=10, seed=2026, declining=DECLINING, end=date(2026, 12, 2))
    centres = seeded.scalar(select(func.count()).select_from(Centre))
    reporting = seeded.scalar(select(func.count(func.distinct(OneStopDay.centre_id))))
    assert reporting == centres - WITHOUT_FIGURES
    assert added == seeded.scalar(select(func.count()).select_from(OneStopDay))
    sundays = seeded.scalars(select(OneStopDay.day)).all()
    assert all(day.weekday() != 6 for day in sundays)
    assert max(sundays) == date(2026, 12, 1)
    assert late_share(seeded, DECLINING, inside=True) > 2 * late_share(
        seeded, DECLINING, inside=False
    )
    broken = seeded.scalar(select(func.count()).where(OneStopDay.late_apologised > OneStopDay.late))
    assert broken == 0
    assert seed_one_stop(seeded, weeks=10, seed=2026, declining=DECLINING) == 0
