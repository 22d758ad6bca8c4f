"""The survey indices this service measures itself, as estimates for survey-derived criteria.

The ministry sets the points of the survey-derived criteria from its own survey; the
tracker forecasts them from this service's answers for the year so far: the SIPAS survey's
index, service index and factor indices (``analysis.sipas_indices``, as the SIPAS report
computes them) and the visit ratings' overall satisfaction (the province row the public
page shows), each with its n and 95 % interval. Indices of the ministry's survey of
leaders and of impact are not measured here: those criteria stay assumed.

The SIPAS indices take a bootstrap (a few hundred milliseconds on a year of answers), and
the overview asks for them on every load; so each process keeps the estimates it made,
keyed on the data they come from: the year, the last day counted, and the number and
newest id of the responses stored in the year (responses are never edited or deleted,
only added, as ``manage.cache`` relies on too). Any new response changes the key, on
every app server alike: nothing is shared between processes, nothing can go stale.
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from analysis import SipasMethod, sipas_indices
from analysis.par_index import IndexEstimate
from survey_app.core.periods import year
from survey_app.models import Response
from survey_app.reporting import (
    AnswerFilter,
    fetch_answer_counts,
    fetch_answer_patterns,
    fetch_items,
)
from survey_app.reporting.public_figures import build_public_figures

# The SIPAS questionnaire's key (the survey feature's SURVEY_KEY; features do not import
# each other, so the key is named here as the data names it).
SIPAS_KEY = "sipas_survey"
VISIT_INDEX = "visit_overall"
# Bootstrap replicates for the composite intervals: fewer than the report's 1000, same seed.
REPLICATES = 200
SEED = 2026
MAX_ENTRIES = 8

_lock = threading.Lock()
_made: OrderedDict[tuple[object, ...], dict[str, IndexEstimate]] = OrderedDict()


def _estimate(index: float, low: float, high: float, n: int) -> IndexEstimate | None:
    if any(math.isnan(x) for x in (index, low, high)) or n <= 0:
        return None
    low, high = min(low, index), max(high, index)
    return IndexEstimate(float(index), float(low), float(high), n=int(n))


def _sipas(session: Session, number: int) -> dict[str, IndexEstimate]:
    period = year(number)
    survey = AnswerFilter(instrument_key=SIPAS_KEY, start=period.start_utc, end=period.end_utc)
    counts = fetch_answer_counts(session, survey)
    if counts.empty:
        return {}
    frame = sipas_indices(
        counts,
        fetch_items(session, SIPAS_KEY),
        method=SipasMethod(),
        replicates=REPLICATES,
        rng=SEED,
        patterns=fetch_answer_patterns(session, survey),
    )
    found: dict[str, IndexEstimate] = {}
    for row in frame[frame["level"] != "item"].to_dict("records"):
        if bool(row["too_few"]):
            continue
        level = str(row["level"])
        key = f"factor:{row['component']}" if level == "factor" else level
        estimate = _estimate(
            float(row["index"]), float(row["ci_low"]), float(row["ci_high"]), int(row["n"])
        )
        if estimate is not None:
            found[key] = estimate
    return found


def data_version(session: Session, number: int, last: date) -> tuple[object, ...]:
    """What the estimates of year ``number`` up to ``last`` are made from, as a key."""
    period = year(number)
    responses = session.execute(
        select(func.count(Response.id), func.max(Response.id)).where(
            Response.submitted_at >= period.start_utc, Response.submitted_at < period.end_utc
        )
    ).one()
    return (number, last, *responses)


def forget_survey_estimates() -> None:
    """Drop this process's estimates (a benchmark's "before"; tests)."""
    with _lock:
        _made.clear()


def _compute(session: Session, number: int, first: date, last: date) -> dict[str, IndexEstimate]:
    found = _sipas(session, number)
    if first <= last:
        province = build_public_figures(session, first, last, "province").province
        if province.index is not None and province.ci_low is not None:
            estimate = _estimate(
                province.index, province.ci_low, province.ci_high or province.index, province.n
            )
            if estimate is not None:
                found[VISIT_INDEX] = estimate
    return found


def survey_estimates(session: Session, number: int, today: date) -> dict[str, IndexEstimate]:
    """{survey index name: its estimate} for the year ``number`` up to ``today``."""
    first, last = date(number, 1, 1), min(today, date(number, 12, 31))
    key = data_version(session, number, last)
    with _lock:
        if key in _made:
            _made.move_to_end(key)
            return dict(_made[key])
    found = _compute(session, number, first, last)
    with _lock:
        _made[key] = found
        while len(_made) > MAX_ENTRIES:
            _made.popitem(last=False)
    return dict(found)
