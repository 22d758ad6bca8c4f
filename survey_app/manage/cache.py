"""Pages about closed periods, kept in memory until the counts behind them change.

A closed week's answers change only when a late response (a paper slip typed in the
next week) is written into it, and that write deletes the week's stored counts
(survey_app.core.rollup). So a page computed from closed weeks stays right for as long as the
same stored weeks, with the same build times, are in the weekly table: that is the key.
Any process can rebuild a week; every process then sees a new key, so the cache is safe
with several workers. Days of the open week are keyed by the responses stored in them.
The active centres (names, communes) and the newest questionnaire are in the key too, so
a page stays right however long it is kept: it can be computed ahead, when a week closes
(survey_app.manage.warming), and still be served hours later.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from datetime import date, timedelta
from typing import TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from survey_app.core.rollup import ensure_weeks
from survey_app.core.weeks import current_monday, local_midnight_utc, monday_of
from survey_app.models import Instrument, Response, WeekRollup
from survey_app.reporting.centres import active_centre_names

T = TypeVar("T")
MAX_ENTRIES = 48
# Everything a page reads is in its key; the age limit only bounds what an unforeseen
# write (outside the app) could leave standing.
MAX_AGE_SECONDS = 7 * 24 * 3600.0

# How long a reader waits for the same page being built by another thread.
BUILD_WAIT_SECONDS = 60.0

_lock = threading.Lock()
_entries: OrderedDict[Hashable, tuple[float, object]] = OrderedDict()
_building: dict[Hashable, threading.Event] = {}
_builds = 0  # pages built in this process, to tell a warm-up that found them all kept


def closed_state(session: Session, start: date, end: date) -> tuple[object, ...]:
    """A key for what a page reads of ``[start, end)``: the stored weeks and the responses.

    Every closed week is counted first, so that a later write into one of them (which
    deletes its counts) and the recount that follows give a different key. The days of
    the open week are covered by the count and newest id of the responses in the span:
    any new response there gives a different key too (responses are never deleted).
    """
    open_monday = current_monday()
    weeks = []
    monday = monday_of(start)
    while monday < min(end, open_monday):
        weeks.append(monday)
        monday += timedelta(weeks=1)
    ensure_weeks(session, weeks)
    built = session.execute(
        select(WeekRollup.week_start, WeekRollup.built_at).where(WeekRollup.week_start.in_(weeks))
    ).all()
    # How many responses, and the newest id: a guard against any bulk write that did not
    # drop the stored counts (an index range count, a few milliseconds).
    responses = session.execute(
        select(func.count(Response.id), func.max(Response.id)).where(
            Response.submitted_at >= local_midnight_utc(monday_of(start)),
            Response.submitted_at < local_midnight_utc(end),
        )
    ).one()
    return (
        open_monday,
        tuple(responses),
        reference_state(session),
        *sorted((w, b.isoformat()) for w, b in built),
    )


def reference_state(session: Session) -> tuple[object, ...]:
    """What a page reads besides the answers: the active centres as named (with their
    communes), and the newest questionnaire version (its questions are the page's items)."""
    newest = session.scalar(select(func.max(Instrument.id)))
    return (newest, tuple(active_centre_names(session).items()))


def remember(key: Hashable, state: tuple[object, ...], build: Callable[[], T]) -> T:
    """``build()``, or what it gave before for the same key and state.

    One build at a time per key and state in a process: a thread that asks while another
    builds the same page (a reader while the worker computes it ahead) waits for it."""
    global _builds  # noqa: PLW0603
    full_key = (key, state)
    with _lock:
        found = _fresh(full_key)
        if found is not None:
            return found[1]  # type: ignore[return-value]
        building = _building.get(full_key)
        if building is None:
            _building[full_key] = threading.Event()
    if building is not None:
        building.wait(BUILD_WAIT_SECONDS)
        with _lock:
            found = _fresh(full_key)
        if found is not None:
            return found[1]  # type: ignore[return-value]
        # The other build failed or is too slow: build here too (nothing is registered).
        return build()
    try:
        value = build()
        with _lock:
            _builds += 1
            _entries[full_key] = (time.monotonic(), value)
            _entries.move_to_end(full_key)
            while len(_entries) > MAX_ENTRIES:
                _entries.popitem(last=False)
        return value
    finally:
        with _lock:
            _building.pop(full_key).set()


def _fresh(full_key: Hashable) -> tuple[float, object] | None:
    """The kept entry if it is young enough, marked as just used (call with the lock held)."""
    found = _entries.get(full_key)
    if found is None or time.monotonic() - found[0] >= MAX_AGE_SECONDS:
        return None
    _entries.move_to_end(full_key)
    return found


def build_count() -> int:
    """How many pages this process has built (and kept) so far."""
    with _lock:
        return _builds


def forget_all() -> None:
    """Empty the cache (tests; a deploy restarts the process anyway)."""
    with _lock:
        _entries.clear()
