"""The one-stop system's daily figures summed per centre and period, with rates and intervals.

Three rates, each with its n and a 95 % Wilson interval (``analysis.wilson_interval``,
which keeps to [0, 1] and near nominal coverage when a rate is close to 100 % or n is
small, as on-time rates of a small centre are):

- on-time rate: results returned on time among results returned in the period
  (n = on time + late);
- apology rate: late results with a written apology among late results (n = late);
  the decree asks for one for every late result, so anything short of 100 % is a gap;
- share supplemented more than once: dossiers asked a second or later time for papers
  among dossiers received in the period (n = received). The two counts are events of
  the same days, not the same dossiers (a dossier asked again this week may have come
  in last week), so over a week or longer the share is a close reading, not an exact
  one; it is left out (None) when more were asked again than were received.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from analysis import wilson_interval
from survey_app.core.periods import Period
from survey_app.core.weeks import monday_of
from survey_app.models import Centre, Commune, OneStopDay


@dataclass(frozen=True, slots=True)
class Rate:
    """A proportion with its n and 95 % Wilson interval, all in percent."""

    k: int
    n: int
    value: float | None
    low: float | None
    high: float | None


@dataclass(frozen=True, slots=True)
class OneStopTotals:
    """One centre's one-stop figures summed over a period, with the days they cover."""

    centre_id: int
    days: int
    received: int
    on_time: int
    late: int
    late_apologised: int
    supplemented_repeatedly: int

    @property
    def results(self) -> int:
        """Results returned in the period, on time or late."""
        return self.on_time + self.late

    @property
    def on_time_rate(self) -> Rate:
        """Results returned on time among all results returned."""
        return rate(self.on_time, self.results)

    @property
    def apology_rate(self) -> Rate:
        """Late results with a written apology among late results."""
        return rate(self.late_apologised, self.late)

    @property
    def supplemented_share(self) -> Rate:
        """Dossiers asked to supplement more than once, among dossiers received."""
        if self.supplemented_repeatedly > self.received:
            return Rate(self.supplemented_repeatedly, self.received, None, None, None)
        return rate(self.supplemented_repeatedly, self.received)


def rate(k: int, n: int) -> Rate:
    """``k`` of ``n`` in percent with its Wilson interval; no value when ``n`` is 0."""
    if n <= 0:
        return Rate(k, n, None, None, None)
    interval = wilson_interval(k, n)
    low, high = float(interval.low), float(interval.high)
    if math.isnan(low) or math.isnan(high):
        return Rate(k, n, 100.0 * k / n, None, None)
    return Rate(k, n, 100.0 * k / n, 100.0 * low, 100.0 * high)


def fetch_one_stop_totals(
    session: Session, centre_ids: Iterable[int], start: date, end: date
) -> dict[int, OneStopTotals]:
    """Sums per centre over local days ``start`` ≤ day < ``end``; centres without figures absent.

    A centre absent from the answer has no figures from the one-stop system for the
    period: not zero dossiers, so no page may show it as zero.
    """
    ids = list(centre_ids)
    if not ids:
        return {}
    rows = session.execute(
        select(
            OneStopDay.centre_id,
            func.count(),
            func.sum(OneStopDay.received),
            func.sum(OneStopDay.on_time),
            func.sum(OneStopDay.late),
            func.sum(OneStopDay.late_apologised),
            func.sum(OneStopDay.supplemented_repeatedly),
        )
        .where(OneStopDay.centre_id.in_(ids), OneStopDay.day >= start, OneStopDay.day < end)
        .group_by(OneStopDay.centre_id)
    ).all()
    return {row[0]: OneStopTotals(row[0], *(int(value or 0) for value in row[1:])) for row in rows}


def fetch_period_totals(
    session: Session, centre_ids: Iterable[int], period: Period
) -> dict[int, OneStopTotals]:
    """Sums per centre over a week, month, quarter or year (``core.periods``)."""
    return fetch_one_stop_totals(session, centre_ids, period.start_local, period.end_local)


def fetch_weekly_received(
    session: Session, centre_ids: Iterable[int], weeks: Iterable[date]
) -> dict[tuple[int, date], tuple[int, int]]:
    """Dossiers received and days reported per ``(centre_id, monday)``; weeks without any absent."""
    ids, mondays = list(centre_ids), sorted(weeks)
    if not ids or not mondays:
        return {}
    rows = session.execute(
        select(OneStopDay.centre_id, OneStopDay.day, OneStopDay.received).where(
            OneStopDay.centre_id.in_(ids),
            OneStopDay.day >= mondays[0],
            OneStopDay.day < date.fromordinal(mondays[-1].toordinal() + 7),
        )
    ).all()
    wanted = set(mondays)
    found: dict[tuple[int, date], tuple[int, int]] = {}
    for centre_id, day, received in rows:
        monday = monday_of(day)
        if monday in wanted:
            total, days = found.get((centre_id, monday), (0, 0))
            found[(centre_id, monday)] = (total + received, days + 1)
    return found


TABLE_COLUMNS = [
    "centre_id",
    "days",
    "received",
    "on_time",
    "late",
    "late_apologised",
    "supplemented_repeatedly",
    "on_time_rate",
    "on_time_low",
    "on_time_high",
    "apology_rate",
    "supplemented_share",
]


def one_stop_table(totals: Iterable[OneStopTotals]) -> pd.DataFrame:
    """A tidy table of totals and rates (percent), one row per centre, for exports."""
    rows = [
        {
            "centre_id": t.centre_id,
            "days": t.days,
            "received": t.received,
            "on_time": t.on_time,
            "late": t.late,
            "late_apologised": t.late_apologised,
            "supplemented_repeatedly": t.supplemented_repeatedly,
            "on_time_rate": t.on_time_rate.value,
            "on_time_low": t.on_time_rate.low,
            "on_time_high": t.on_time_rate.high,
            "apology_rate": t.apology_rate.value,
            "supplemented_share": t.supplemented_share.value,
        }
        for t in totals
    ]
    return pd.DataFrame(rows, columns=TABLE_COLUMNS)


@dataclass(frozen=True, slots=True)
class CentreOneStop:
    """A centre by name with its one-stop totals for a period; ``totals`` None when it has none."""

    key: str
    name: str
    commune: str
    totals: OneStopTotals | None


def fetch_centres_one_stop(session: Session, period: Period) -> list[CentreOneStop]:
    """Every active centre with its one-stop totals for ``period``, in commune-name order."""
    centres = session.execute(
        select(Centre.id, Centre.key, Centre.name, Commune.name)
        .join(Commune)
        .where(Centre.active)
        .order_by(Commune.name)
    ).all()
    totals = fetch_period_totals(session, [row[0] for row in centres], period)
    return [
        CentreOneStop(key=key, name=name, commune=commune, totals=totals.get(centre_id))
        for centre_id, key, name, commune in centres
    ]
