"""The periods the Department may download the SIPAS workbook for, newest first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from survey_app.core.periods import Period, parse_period, quarter, year
from survey_app.models import SurveyCampaign

RECENT_QUARTERS = 4


@dataclass(frozen=True, slots=True)
class ReportPeriod:
    """A period to offer, with the survey campaigns held within it (names), if any."""

    period: Period
    campaigns: tuple[str, ...]


def report_periods(session: Session, today: date) -> list[ReportPeriod]:
    """Every campaign's period, the last four quarters and the last two years, newest first.

    A quarter without a campaign is still offered: its visit ratings, integrity and
    one-stop sheets are filled, and its survey sheets say in a sentence why they are empty.
    """
    current = (today.month - 1) // 3 + 1
    wanted: dict[str, Period] = {}
    for back in range(RECENT_QUARTERS):
        number = current - back
        shift = (number - 1) // 4  # floor: 0 this year, -1 the year before
        candidate = quarter(today.year + shift, number - 4 * shift)
        wanted[candidate.label] = candidate
    for number in (today.year, today.year - 1):
        wanted[str(number)] = year(number)
    held: list[tuple[str, Period]] = []
    for name, label in session.execute(select(SurveyCampaign.name, SurveyCampaign.period)):
        try:
            period = parse_period(label, ("M", "Q", "Y"))
        except ValueError:
            continue  # a label typed long ago that names no period
        wanted.setdefault(period.label, period)
        held.append((name, period))
    names: dict[str, list[str]] = {}
    for name, period in held:  # a year's workbook holds the surveys of its quarters too
        for offered in wanted.values():
            if offered.start_local <= period.start_local and period.end_local <= offered.end_local:
                names.setdefault(offered.label, []).append(name)
    ordered = sorted(
        wanted.values(), key=lambda p: (p.start_local, -(p.end_local - p.start_local).days)
    )
    return [ReportPeriod(p, tuple(sorted(names.get(p.label, [])))) for p in reversed(ordered)]
