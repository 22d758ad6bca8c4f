"""Dossier figures pushed by 20 concurrent calls, through a real threaded server.

Run on SQLite by default and on PostgreSQL with ``tests/with_postgres.sh`` (serially).
"""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
from collections import Counter
from datetime import timedelta

from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from survey_app.core.clock import today_local
from survey_app.models import ApiIdempotency, OneStopDay
from tests import live
from tests.api.keys import api_key, bearer

PATH = "/api/v1/centres/van-quan/dossier-figures"
CALLS = 20


def figures(received: int) -> dict[str, object]:
    yesterday = today_local() - timedelta(days=1)
    return {
        "days": [
            {
                "day": yesterday.isoformat(),
                "received": received,
                "on_time": 30,
                "late": 4,
                "late_apologised": 3,
                "supplemented_repeatedly": 2,
            }
        ]
    }


def post(url: str, body: object, headers: dict[str, str]) -> tuple[int, str, bool]:
    """Status, body text and whether the answer was a replay."""
    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode(),
        method="POST",
        headers={**headers, "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            replayed = response.headers.get("Idempotent-Replayed") == "true"
            return response.status, response.read().decode(), replayed
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.read().decode(), False


def race(base: str, calls: list[tuple[object, dict[str, str]]]) -> list[tuple[int, str, bool]]:
    """Every (body, headers) posted by its own thread, all released at once."""
    barrier = threading.Barrier(len(calls))
    answers: list[tuple[int, str, bool]] = []
    lock = threading.Lock()

    def call(body: object, headers: dict[str, str]) -> None:
        barrier.wait()
        answer = post(base + PATH, body, headers)
        with lock:
            answers.append(answer)

    threads = [threading.Thread(target=call, args=pair) for pair in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return answers


def stored_days(session: Session) -> list[OneStopDay]:
    session.expire_all()
    return list(session.scalars(select(OneStopDay)))


def test_twenty_concurrent_retries_with_one_key_store_one_set_and_one_answer(
    app: Flask, seeded: Session
) -> None:
    headers = {**bearer(api_key(seeded)), "Idempotency-Key": "night-2026-12-01"}
    with live.serve(app) as base:
        answers = race(base, [(figures(40), headers)] * CALLS)
    assert {status for status, _, _ in answers} == {200}
    assert len({body for _, body, _ in answers}) == 1
    [body] = {body for _, body, _ in answers}
    assert json.loads(body)["created"] == 1  # the answer of the call that wrote
    assert sum(replayed for _, _, replayed in answers) == CALLS - 1
    [day] = stored_days(seeded)
    assert (day.received, day.on_time, day.late) == (40, 30, 4)
    assert seeded.scalar(select(func.count()).select_from(ApiIdempotency)) == 1


def test_twenty_concurrent_corrections_leave_one_of_them_never_a_sum(
    app: Flask, seeded: Session
) -> None:
    key = bearer(api_key(seeded))
    calls = [(figures(40 + i), {**key, "Idempotency-Key": f"fix-{i}"}) for i in range(CALLS)]
    with live.serve(app) as base:
        answers = race(base, calls)
    assert [status for status, _, _ in answers] == [200] * CALLS
    changes = Counter(json.loads(body)["days"][0]["change"] for _, body, _ in answers)
    # Every correction differs from the others: one creates the day, each other replaces it.
    assert changes == {"created": 1, "replaced": CALLS - 1}
    [day] = stored_days(seeded)
    assert day.received in range(40, 40 + CALLS)
    assert (day.on_time, day.late, day.late_apologised) == (30, 4, 3)
    assert seeded.scalar(select(func.count()).select_from(ApiIdempotency)) == CALLS
