"""The rate limit counts per key: one key spent does not stop another."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tests.api.keys import api_key, bearer
from tests.ratelimits import rate_limits_on

URL = "/api/v1/receipt-codes"
DOSSIER = {"centre": "van-quan", "dossier_ref": "HS-9"}


def test_a_key_over_its_limit_gets_429_with_retry_after_and_others_go_on(
    app: Flask, client: FlaskClient, seeded: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    busy, quiet = api_key(seeded), api_key(seeded)
    with rate_limits_on(app, monkeypatch, API_RATE_LIMIT="3 per minute") as clock:
        statuses = [
            client.post(URL, json=DOSSIER, headers=bearer(busy)).status_code for _ in range(4)
        ]
        assert statuses == [201, 200, 200, 429]
        refused = client.post(URL, json=DOSSIER, headers=bearer(busy))
        assert refused.mimetype == "application/problem+json"
        assert refused.json["type"].endswith("rate-limited")
        assert 1 <= int(refused.headers["Retry-After"]) <= 61
        assert client.post(URL, json=DOSSIER, headers=bearer(quiet)).status_code == 200
        clock.advance(61)
        assert client.post(URL, json=DOSSIER, headers=bearer(busy)).status_code == 200
