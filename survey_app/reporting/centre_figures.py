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
from survey_app.reporting.patterns import fetch_answer_patterns
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


@dataclass(frozen=True, slots=True)
class Change:
    """One index from one span to the next: the difference, and whether it is more than
    chance would give (None: under the minimum n on a side, so not tested)."""

    key: str
    difference: float | None
    significant: bool
    n_previous: int
    n_current: int

    @property
    def direction(self) -> str:
        """ "up" or "down" for a significant change, "noise" for one chance explains,
        "untested" where there are too few answers on either side."""
        if self.difference is None:
            return "untested"
        if not self.significant:
            return "noise"
        return "up" if self.difference > 0 else "down"


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


def span_changes(
    session: Session,
    centre: Centre,
    previous: tuple[date, date],
    current: tuple[date, date],
    *,
    alpha: float = 0.05,
) -> dict[str, Change]:
    """Each index of the page (overall satisfaction, the service index, the five factors)
    from the ``previous`` span of days to the ``current`` one, tested for change.

    The test is ``analysis.period_change`` with the answer patterns of both spans, so
    the variance of a composite counts one person's answers together; the
    Benjamini–Hochberg correction runs over just these seven rows, the ones a reader sees.
    """
    counts, patterns = [], []
    for label, (first, last) in (("1-previous", previous), ("2-current", current)):
        answer_filter = AnswerFilter(
            centre_ids=[centre.id],
            start=local_midnight_utc(first),
            end=local_midnight_utc(last + timedelta(days=1)),
        )
        counts.append(
            fetch_answer_counts(session, answer_filter, by=["centre"]).assign(period=label)
        )
        found = fetch_answer_patterns(session, answer_filter, by=["centre"])
        patterns.append(found.assign(period=label))
    both = pd.concat(counts, ignore_index=True)
    if both.empty or both["period"].nunique() < 2:
        return {}
    tests = analysis.period_change(
        both,
        fetch_items(session),
        unit="centre",
        period="period",
        levels=("item", "factor", "index"),
        patterns=pd.concat(patterns, ignore_index=True),
    )
    tests = tests.assign(
        key=tests["component"].map(lambda c: "overall" if c == "overall.visit" else c)
    )
    shown = tests[
        # The factors' and the index's own rows, and the overall question (an item).
        (tests["key"].isin(PULSE_ORDER) & (tests["level"] != "item")) | (tests["key"] == "overall")
    ]
    tested = shown[shown["tested"].astype(bool)]
    adjusted = dict(
        zip(tested["key"], analysis.benjamini_hochberg(tested["p_value"].to_numpy()), strict=True)
    )
    return {
        str(row.key): Change(
            str(row.key),
            float(row.difference) if row.key in adjusted else None,
            bool(adjusted.get(row.key, 1.0) < alpha),
            int(row.n_previous),
            int(row.n_current),
        )
        for row in rows_of(shown)
    }
