"""The province pages computed ahead: when a worker starts, when a week closes, and
when a late answer changes a closed week.

Computing the province page afresh takes about a second at a million answers (the
warnings judge every centre over thirteen weeks), and a closed week changes the key of
the pages that read it (survey_app.manage.cache). So each worker process keeps the
pages a Monday opens with (the last full week and the last full month, in each
language, and the ranks by month) ready in a background thread. About once a minute it
asks for them: a page whose key has not changed is found in the cache (tens of
milliseconds, mostly the key's queries), one whose key has changed is computed again.
A key changes when a week closes (the periods move on at local Monday midnight) and
when a late answer is written into a closed week (a paper slip typed on Monday), so
within about a minute the next reader finds the page ready. The cache is per process,
so every worker warms its own; the weekly counts they read are shared, and counting a
week twice at once is harmless (survey_app.core.rollup keeps the first).
"""

from __future__ import annotations

import logging
import os
import random
import threading
import time
from datetime import date

from flask import Flask, current_app
from flask_babel import force_locale

from survey_app.core.clock import today_local
from survey_app.core.periods import Period, last_full_month, week
from survey_app.core.weeks import last_full_week
from survey_app.extensions import db
from survey_app.manage import cache
from survey_app.manage.blueprint import bp
from survey_app.manage.province import province_view
from survey_app.manage.rank_months import month_ranks

log = logging.getLogger(__name__)

# How often a worker asks for its pages; each wait is drawn from 75-125 % of it, so
# workers that started together drift apart and do not count a closed week all at once.
POLL_SECONDS = 60.0
CONFIG_KEY = "WARM_PAGES"
# A failed warm-up (workers starting together on SQLite) is tried again this often.
ATTEMPTS = 3
RETRY_SECONDS = 20.0

_started_in: int | None = None  # the process id whose warming thread is running
_start_lock = threading.Lock()


def periods_to_warm(today: date | None = None) -> list[Period]:
    """The periods a Monday's reader opens: the last full week and the last full month."""
    today = today or today_local()
    return [week(last_full_week(today)), last_full_month(today)]


def warm_pages(app: Flask, today: date | None = None) -> dict[str, float]:
    """Compute the province pages of :func:`periods_to_warm` in every language, and the
    ranks by month, into this process's cache; milliseconds taken, by page."""
    taken: dict[str, float] = {}
    with app.app_context():
        try:
            session = db.session()
            for choice in periods_to_warm(today):
                for language in app.config["LANGUAGES"]:
                    started = time.perf_counter()
                    with force_locale(language):
                        province_view(session, choice)
                    taken[f"{choice.label} {language}"] = (time.perf_counter() - started) * 1000
            started = time.perf_counter()
            month_ranks(session)
            taken["ranks by month"] = (time.perf_counter() - started) * 1000
        finally:
            db.session.remove()
    return taken


@bp.before_app_request
def _warm_from_first_request() -> None:
    """A worker starts warming on its first request: after the fork, whatever the server."""
    if _started_in != os.getpid():
        start_warming(current_app._get_current_object())  # type: ignore[attr-defined]


def start_warming(app: Flask) -> bool:
    """Start this process's warming thread unless it runs already (or is switched off)."""
    global _started_in  # noqa: PLW0603
    if not app.config.get(CONFIG_KEY, False):
        return False
    with _start_lock:
        if _started_in == os.getpid():
            return False
        _started_in = os.getpid()  # a forked worker has no thread: it starts its own
    thread = threading.Thread(target=_keep_warm, args=(app,), name="warm-pages", daemon=True)
    thread.start()
    return True


def _keep_warm(app: Flask) -> None:
    while True:
        warm_with_retries(app)
        time.sleep(POLL_SECONDS * random.uniform(0.75, 1.25))  # noqa: S311


def warm_with_retries(
    app: Flask, attempts: int = ATTEMPTS, pause: float = RETRY_SECONDS, today: date | None = None
) -> bool:
    """:func:`warm_pages`, tried again after a pause if it fails; whether it succeeded.

    Workers that start together count the same weeks at once, and on SQLite all but one
    may find the database locked; a moment later the weeks are counted and reading them
    succeeds. A failed warm-up only costs a slower first page, never the worker.
    """
    for attempt in range(1, attempts + 1):
        builds = cache.build_count()
        try:
            taken = warm_pages(app, today)
        except Exception as error:
            if attempt == attempts:
                log.exception("computing the province pages ahead failed %d times", attempts)
                return False
            log.warning(
                "computing the province pages ahead failed (%s); trying again in %.0f s",
                type(error).__name__,
                pause,
            )
            time.sleep(pause)
        else:
            built = cache.build_count() - builds
            if built:  # a pass that found every page kept says nothing
                log.info("province pages computed ahead in %.0f ms", sum(taken.values()))
            return True
    return False
