"""The managers' figures of a centre over a span of days: what the week page shows.

Overall satisfaction, the service index and its factors with n and 95 % intervals; the
integrity shares (the share of answers reporting each problem); complaints resolved
on time. The week page (manage/) and the API read the same functions.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd
from sqlalchemy.orm import Session

import analysis
from survey_app.core.indicator_labels import INDICATORS, PULSE_ORDER, component_label
from survey_app.core.weeks import local_midnight_utc
from survey_app.models import Centre
from survey_app.reporting.complaints import OnTimeRate, on_time_rates
from survey_app.reporting.counts import fetch_answer_counts, fetch_items
from survey_app.reporting.filters import AnswerFilter
from survey_app.reporting.rows import rows_of


@dataclass(frozen=True, slots=True)
class Figure:
    """One index or share with its n and interval; None where too few answers."""

    key: str
    label: str
    n: int
    value: float | None
    ci_low: float | None
    ci_high: float | None


@dataclass(frozen=True, slots=True)
class CentreSpan:
    """A centre's figures from ``first_day`` to ``last_day``."""

    first_day: date
    last_day: date
    factors: list[Figure]
    integrity: list[Figure]
    complaints: OnTimeRate | None


def pulse_table(counts: pd.DataFrame, items: pd.DataFrame) -> pd.DataFrame:
    """Index, interval and n per period for overall satisfaction, the service index and factors."""
    columns = ["centre", "period", "component", "n", "index", "ci_low", "ci_high"]
    if counts.empty:
        return pd.DataFrame(columns=columns)
    composites = analysis.composite_indices(counts, items, by=["centre", "period"], rng=0)
    overall = analysis.item_indices(
        counts[counts["question"] == "overall.visit"], by=["centre", "period"]
    ).assign(component="overall")
    table = pd.concat([composites[columns], overall[columns]], ignore_index=True)
    return table.assign(period=table["period"].astype(str))


def build_centre_span(
    session: Session, centre: Centre, first_day: date, last_day: date
) -> CentreSpan:
    """The centre's factors, integrity shares and complaints on time over the span."""
    start = local_midnight_utc(first_day)
    end = local_midnight_utc(last_day + timedelta(days=1))
    counts = fetch_answer_counts(
        session, AnswerFilter(centre_ids=[centre.id], start=start, end=end), by=["centre"]
    )
    table = pulse_table(counts.assign(period="all"), fetch_items(session))
    factors = [_figure(table, key) for key in PULSE_ORDER]
    rates = on_time_rates(session, start, end, [centre.id])
    return CentreSpan(first_day, last_day, factors, _integrity(counts), next(iter(rates), None))


def _number(value: object) -> float | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return float(value)  # type: ignore[arg-type]


def _figure(table: pd.DataFrame, key: str) -> Figure:
    match = table[table["component"] == key]
    if match.empty:
        return Figure(key, component_label(key), 0, None, None, None)
    row = match.iloc[0]
    return Figure(
        key,
        component_label(key),
        int(row["n"]),
        _number(row["index"]),
        _number(row["ci_low"]),
        _number(row["ci_high"]),
    )


def _integrity(counts: pd.DataFrame) -> list[Figure]:
    if counts.empty:
        return []
    shares = analysis.integrity_shares(counts, by=["centre"])
    return [
        Figure(
            row.indicator,
            str(INDICATORS.get(row.indicator, row.indicator)),
            int(row.n),
            None if row.too_few else float(row.share),
            None if row.too_few else float(row.ci_low),
            None if row.too_few else float(row.ci_high),
        )
        for row in rows_of(shares)
    ]
