"""The demo key for ``make run``: printed by the demo seed, working, replaced on a re-seed."""

from __future__ import annotations

from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy.orm import Session

from survey_app.seeding.demo_accounts import create_demo_accounts
from survey_app.seeding.demo_api import create_demo_api_key
from tests.api.keys import bearer


def demo_key(output: str) -> str:
    return next(line.split("=", 1)[1] for line in output.splitlines() if "HAILONG_KEY=" in line)


def test_the_demo_seed_prints_a_working_key(
    runner: FlaskCliRunner, client: FlaskClient, seeded: Session
) -> None:
    plain = demo_key(runner.invoke(args=["seed", "demo", "--weeks", "1"]).output)
    reply = client.get("/api/v1/centres/van-quan/figures", headers=bearer(plain))
    assert reply.status_code == 200
    assert reply.json["centre"] == "van-quan"


def test_a_new_demo_key_revokes_the_last(client: FlaskClient, seeded: Session) -> None:
    create_demo_accounts(seeded)
    first = create_demo_api_key(seeded)
    second = create_demo_api_key(seeded)
    assert first is not None
    assert second is not None
    assert client.get("/api/v1/centres/van-quan/figures", headers=bearer(first)).status_code == 401
    assert client.get("/api/v1/centres/van-quan/figures", headers=bearer(second)).status_code == 200
