"""Minting under concurrent calls, and Idempotency-Key replay (IETF draft semantics)."""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
from collections import Counter

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from survey_app.models import ApiIdempotency, ReceiptCode
from tests import live
from tests.api.keys import api_key, bearer

URL = "/api/v1/receipt-codes"
DOSSIER = {"centre": "van-quan", "dossier_ref": "000.00.31.H40-261125-0042"}


def post_json(url: str, body: dict[str, str], headers: dict[str, str]) -> tuple[int, dict]:
    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode(),
        method="POST",
        headers={**headers, "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        with error:
            return error.code, json.loads(error.read())


def count(session: Session, model: type) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(model)) or 0


def race(base: str, headers: dict[str, str], calls: int = 20) -> list[tuple[int, dict]]:
    """``calls`` threads POST the same dossier at once, released together by a barrier."""
    barrier = threading.Barrier(calls)
    replies: list[tuple[int, dict]] = []
    lock = threading.Lock()

    def call() -> None:
        barrier.wait()
        reply = post_json(base + URL, DOSSIER, headers)
        with lock:
            replies.append(reply)

    threads = [threading.Thread(target=call) for _ in range(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return replies


def test_twenty_concurrent_calls_for_one_dossier_store_one_code(
    app: Flask, seeded: Session
) -> None:
    key = api_key(seeded)
    with live.serve(app) as base:
        replies = race(base, bearer(key))
    statuses = Counter(status for status, _ in replies)
    assert statuses == {201: 1, 200: 19}
    assert len({body["code"] for _, body in replies}) == 1
    assert count(seeded, ReceiptCode) == 1


def test_twenty_concurrent_retries_with_one_idempotency_key_store_one_reply(
    app: Flask, seeded: Session
) -> None:
    key = api_key(seeded)
    with live.serve(app) as base:
        replies = race(base, {**bearer(key), "Idempotency-Key": "retry-7"})
    assert {status for status, _ in replies} <= {200, 201}
    assert len({body["code"] for _, body in replies}) == 1
    assert count(seeded, ReceiptCode) == 1
    assert count(seeded, ApiIdempotency) == 1


def test_a_retry_with_the_same_key_and_body_replays_the_first_answer(
    client: FlaskClient, seeded: Session
) -> None:
    headers = {**bearer(api_key(seeded)), "Idempotency-Key": "a1"}
    first = client.post(URL, json=DOSSIER, headers=headers)
    again = client.post(URL, json=DOSSIER, headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.json == first.json
    assert again.headers["Idempotent-Replayed"] == "true"


def test_the_same_idempotency_key_with_another_body_is_refused(
    client: FlaskClient, seeded: Session
) -> None:
    headers = {**bearer(api_key(seeded)), "Idempotency-Key": "a1"}
    client.post(URL, json=DOSSIER, headers=headers)
    other = client.post(URL, json={**DOSSIER, "dossier_ref": "other"}, headers=headers)
    assert other.status_code == 422
    assert other.json["type"].endswith("idempotency-key-reused")
    assert count(seeded, ReceiptCode) == 1


def test_idempotency_keys_are_per_api_key(client: FlaskClient, seeded: Session) -> None:
    one = {**bearer(api_key(seeded)), "Idempotency-Key": "same"}
    two = {**bearer(api_key(seeded)), "Idempotency-Key": "same"}
    client.post(URL, json=DOSSIER, headers=one)
    reply = client.post(URL, json={**DOSSIER, "dossier_ref": "B"}, headers=two)
    assert reply.status_code == 201
    assert count(seeded, ApiIdempotency) == 2
