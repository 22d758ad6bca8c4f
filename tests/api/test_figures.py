"""Figures out: what the public page publishes, and the managers' figures with a key."""

from __future__ import annotations

from datetime import UTC, datetime

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from survey_app.models import ApiScope
from survey_app.reporting.public_figures import build_public_view
from tests import factories
from tests.api.keys import api_key, bearer

NOVEMBER = datetime(2026, 11, 10, 3, tzinfo=UTC)


def rate(session: Session, centre_key: str, times: int, level: int) -> None:
    for _ in range(times):
        factories.pulse_response(session, centre_key=centre_key, level=level, submitted_at=NOVEMBER)


def test_the_open_indices_are_the_public_pages_figures(
    client: FlaskClient, seeded: Session
) -> None:
    reply = client.get("/api/v1/indices").json
    view = build_public_view(seeded)
    assert reply["first_day"] == view.first_day.isoformat()
    assert [(r["name"], r["n"], r["index"]) for r in reply["rows"]] == [
        (r.name, r.n, r.index) for r in view.rows
    ]


def test_a_month_publishes_n_and_interval_and_hides_small_n(
    client: FlaskClient, seeded: Session
) -> None:
    rate(seeded, "van-quan", 40, 5)
    rate(seeded, "cao-loc", 3, 5)
    reply = client.get("/api/v1/indices?period=2026-11&level=centre").json
    rows = {r["code"]: r for r in reply["rows"]}
    assert rows["van-quan"]["n"] == 40
    assert rows["van-quan"]["index"] == 100.0
    assert rows["van-quan"]["ci_low"] < rows["van-quan"]["index"]
    assert rows["cao-loc"]["n"] == 3
    assert rows["cao-loc"]["suppressed"] is True
    assert rows["cao-loc"]["index"] is None
    province = client.get("/api/v1/indices?period=2026-11&level=province").json
    assert province["province"]["n"] == 43
    assert province["rows"] == []
    communes = client.get("/api/v1/indices?period=2026-11&level=commune").json
    assert sum(r["n"] for r in communes["rows"]) == 43


def test_the_managers_figures_need_the_scope_and_the_centre(
    client: FlaskClient, seeded: Session
) -> None:
    rate(seeded, "van-quan", 35, 4)
    key = api_key(seeded, scopes=(ApiScope.READ_INDICES,))
    reply = client.get("/api/v1/centres/van-quan/figures?period=2026-11", headers=bearer(key))
    assert reply.status_code == 200
    factors = {f["key"]: f for f in reply.json["factors"]}
    assert factors["overall"]["n"] == 35
    assert reply.json["complaints"]["resolved"] == 0
    minting = api_key(seeded, scopes=(ApiScope.MINT_CODES,))
    url = "/api/v1/centres/van-quan/figures"
    assert client.get(url, headers=bearer(minting)).status_code == 403
    assert client.get("/api/v1/centres/nowhere/figures", headers=bearer(key)).status_code == 404


def test_the_managers_figures_carry_the_week_pages_warnings(
    client: FlaskClient, seeded: Session
) -> None:
    rate(seeded, "van-quan", 40, 1)
    rate(seeded, "binh-gia", 40, 5)
    key = api_key(seeded, centre_keys=("van-quan", "binh-gia"), scopes=(ApiScope.READ_INDICES,))
    reply = client.get("/api/v1/centres/van-quan/figures?period=2026-11", headers=bearer(key))
    assert reply.json["judged_on"] == "month"
    at_risk = [w for w in reply.json["warnings"] if w["severity"] == "at_risk"]
    assert at_risk, reply.json["warnings"]
    assert {w["reason"] for w in at_risk} == {"below_target"}
    assert all(w["n"] == 40 and w["current"] < w["upper_bound"] < 80 for w in at_risk)
    happy = client.get("/api/v1/centres/binh-gia/figures?period=2026-11", headers=bearer(key))
    assert happy.json["warnings"] == []
