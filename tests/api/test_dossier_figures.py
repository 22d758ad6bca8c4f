"""Dossier figures pushed through the API: replace, never add; all or nothing; scoped."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from survey_app.core.clock import today_local
from survey_app.core.weeks import last_full_week, local_midnight_utc
from survey_app.models import ApiIdempotency, ApiKey, ApiScope, OneStopDay
from survey_app.models.base import utcnow
from tests import factories
from tests.api.keys import api_key, bearer
from tests.html import parse, text_of

URL = "/api/v1/centres/van-quan/dossier-figures"


def yesterday() -> date:
    return today_local() - timedelta(days=1)


def day(when: date, received: int = 40, **figures: int) -> dict[str, object]:
    values = {"on_time": 30, "late": 4, "late_apologised": 3, "supplemented_repeatedly": 2}
    return {"day": when.isoformat(), "received": received, **values, **figures}


def push(
    client: FlaskClient, key: str, body: object, idem: str | None = "k-1", url: str = URL
) -> object:
    headers = bearer(key) | ({"Idempotency-Key": idem} if idem is not None else {})
    return client.post(url, json=body, headers=headers)


def stored(session: Session) -> list[tuple[date, int, int]]:
    session.expire_all()
    rows = session.execute(
        select(OneStopDay.day, OneStopDay.received, OneStopDay.late).order_by(OneStopDay.day)
    )
    return [tuple(row) for row in rows]


def replies(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(ApiIdempotency)) or 0


def test_a_night_push_creates_the_day(client: FlaskClient, seeded: Session) -> None:
    key = api_key(seeded)
    response = push(client, key, {"days": [day(yesterday())]})
    assert response.status_code == 200
    assert response.json == {
        "centre": "van-quan",
        "days": [{"day": yesterday().isoformat(), "change": "created"}],
        "created": 1,
        "replaced": 0,
        "unchanged": 0,
    }
    assert stored(seeded) == [(yesterday(), 40, 4)]
    row = seeded.scalar(select(OneStopDay))
    assert row is not None
    assert (row.source, row.entered_by_id) == ("api", None)
    assert row.api_key_id == seeded.scalar(select(ApiKey.id))


def test_a_correction_with_another_key_replaces_the_day_never_adds(
    client: FlaskClient, seeded: Session
) -> None:
    key = api_key(seeded)
    push(client, key, {"days": [day(yesterday())]}, idem="night-1")
    again = push(client, key, {"days": [day(yesterday(), received=45)]}, idem="fix-1")
    assert again.json["days"] == [{"day": yesterday().isoformat(), "change": "replaced"}]
    assert stored(seeded) == [(yesterday(), 45, 4)]
    same = push(client, key, {"days": [day(yesterday(), received=45)]}, idem="fix-2")
    assert same.json["unchanged"] == 1


def test_a_batch_reports_each_day_in_date_order(client: FlaskClient, seeded: Session) -> None:
    key = api_key(seeded)
    first, second = yesterday() - timedelta(days=1), yesterday()
    push(client, key, {"days": [day(first)]}, idem="a")
    body = {"days": [day(second), day(first, received=41), day(second - timedelta(days=5))]}
    reply = push(client, key, body, idem="b").json
    assert [(d["day"], d["change"]) for d in reply["days"]] == [
        ((second - timedelta(days=5)).isoformat(), "created"),
        (first.isoformat(), "replaced"),
        (second.isoformat(), "created"),
    ]
    assert (reply["created"], reply["replaced"], reply["unchanged"]) == (2, 1, 0)


def test_a_retry_replays_the_stored_answer(client: FlaskClient, seeded: Session) -> None:
    key = api_key(seeded)
    body = {"days": [day(yesterday())]}
    first = push(client, key, body, idem="retry")
    again = push(client, key, body, idem="retry")
    assert again.status_code == 200
    assert again.json == first.json  # "created", as first answered, not "unchanged"
    assert again.headers["Idempotent-Replayed"] == "true"
    assert replies(seeded) == 1


def test_the_same_idempotency_key_with_another_body_is_refused(
    client: FlaskClient, seeded: Session
) -> None:
    key = api_key(seeded)
    push(client, key, {"days": [day(yesterday())]}, idem="once")
    other = push(client, key, {"days": [day(yesterday(), received=99)]}, idem="once")
    assert other.status_code == 422
    assert other.json["type"].endswith("idempotency-key-reused")
    assert stored(seeded) == [(yesterday(), 40, 4)]


def test_without_an_idempotency_key_nothing_is_stored(client: FlaskClient, seeded: Session) -> None:
    response = push(client, api_key(seeded), {"days": [day(yesterday())]}, idem=None)
    assert response.status_code == 400
    assert response.mimetype == "application/problem+json"
    assert response.json["type"].endswith("idempotency-key-missing")
    assert "Idempotency-Key" in response.json["detail"]
    assert stored(seeded) == []


def test_a_key_for_centre_a_cannot_push_for_centre_b(client: FlaskClient, seeded: Session) -> None:
    key = api_key(seeded, centre_keys=("van-quan",))
    url = "/api/v1/centres/tam-thanh/dossier-figures"
    response = push(client, key, {"days": [day(yesterday())]}, url=url)
    assert response.status_code == 403
    assert response.json["type"].endswith("centre")
    assert stored(seeded) == []
    assert replies(seeded) == 0


def test_a_key_without_the_scope_cannot_push(client: FlaskClient, seeded: Session) -> None:
    key = api_key(seeded, scopes=(ApiScope.MINT_CODES, ApiScope.READ_INDICES))
    response = push(client, key, {"days": [day(yesterday())]})
    assert response.status_code == 403
    assert response.json["type"].endswith("scope")
    assert stored(seeded) == []


def test_a_revoked_key_stops_at_once(client: FlaskClient, seeded: Session) -> None:
    key = api_key(seeded)
    assert push(client, key, {"days": [day(yesterday())]}, idem="before").status_code == 200
    row = seeded.scalar(select(ApiKey))
    assert row is not None
    row.revoked_at = utcnow()
    seeded.commit()
    after = push(client, key, {"days": [day(yesterday(), received=1)]}, idem="after")
    assert after.status_code == 401
    # Not even a replay of what the key stored before: a revoked key gets nothing.
    assert push(client, key, {"days": [day(yesterday())]}, idem="before").status_code == 401
    assert stored(seeded) == [(yesterday(), 40, 4)]


def test_an_unknown_centre_is_not_found(client: FlaskClient, seeded: Session) -> None:
    key = api_key(seeded, all_centres=True)
    url = "/api/v1/centres/nowhere/dossier-figures"
    response = push(client, key, {"days": [day(yesterday())]}, url=url)
    assert response.status_code == 404
    assert replies(seeded) == 0


GOOD = day(date(2026, 11, 2))


@pytest.mark.parametrize(
    "case",
    [
        (b'{"days": [', 400, "bad-json", set()),
        (b'{"days": [{"day": "2026-11-02", "received": "40"}]}', 422, "validation", None),
        (json.dumps({"days": [{**GOOD, "received": 4.0}]}).encode(), 422, "validation", None),
        (json.dumps({"days": [{**GOOD, "late": True}]}).encode(), 422, "validation", None),
        (json.dumps({"days": [{**GOOD, "day": "02/11/2026"}]}).encode(), 422, "validation", None),
        (
            json.dumps({"days": [{**GOOD, "colour": "red"}]}).encode(),
            422,
            "validation",
            {"days.0.colour"},
        ),
        (json.dumps({"days": [GOOD], "centre": "x"}).encode(), 422, "validation", {"centre"}),
        (
            json.dumps({"days": [{**GOOD, "received": -1}]}).encode(),
            422,
            "validation",
            {"days.0.received"},
        ),
        (
            json.dumps(
                {"days": [GOOD, {**GOOD, "day": "2026-11-03", "late_apologised": 5}]}
            ).encode(),
            422,
            "validation",
            {"days.1"},
        ),
        (json.dumps({"days": [GOOD, GOOD]}).encode(), 422, "validation", {"days.1.day"}),
        (json.dumps({"days": []}).encode(), 422, "validation", {"days"}),
        (json.dumps({"days": [GOOD] * 367}).encode(), 422, "validation", {"days"}),
        (json.dumps([GOOD]).encode(), 422, "validation", {"body"}),
        (b'{"days": [' + b" " * 70_000 + b"]}", 413, "body-too-large", set()),
    ],
)
def test_a_bad_body_gets_a_clear_problem_and_stores_nothing(
    client: FlaskClient,
    seeded: Session,
    case: tuple[bytes, int, str, set[str] | None],
) -> None:
    body, status, kind, fields = case
    key = api_key(seeded)
    headers = bearer(key) | {"Content-Type": "application/json", "Idempotency-Key": "bad-1"}
    response = client.post(URL, data=body, headers=headers)
    assert response.status_code == status, response.json
    assert response.mimetype == "application/problem+json"
    problem = response.json
    assert problem["type"].endswith(kind)
    assert problem["detail"]
    if fields is not None:
        assert {e["field"] for e in problem.get("errors", [])} == fields
    assert stored(seeded) == []
    assert replies(seeded) == 0


def test_late_apologies_beyond_the_late_results_name_the_day_in_words(
    client: FlaskClient, seeded: Session
) -> None:
    body = {"days": [day(yesterday(), late=2, late_apologised=3)]}
    problem = push(client, api_key(seeded), body).json
    [error] = problem["errors"]
    assert error["field"] == "days.0"
    assert error["message"].startswith("Số kết quả trễ hạn có văn bản xin lỗi không được lớn")
    english = client.post(
        URL,
        json=body,
        headers=bearer(api_key(seeded)) | {"Idempotency-Key": "x", "Accept-Language": "en"},
    ).json
    assert "apolog" in english["errors"][0]["message"].lower()


def test_a_day_still_to_come_is_refused_with_the_whole_batch(
    client: FlaskClient, seeded: Session
) -> None:
    body = {"days": [day(yesterday()), day(today_local() + timedelta(days=1))]}
    response = push(client, api_key(seeded), body)
    assert response.status_code == 422
    assert [e["field"] for e in response.json["errors"]] == ["days.1"]
    assert stored(seeded) == []


def test_pushed_figures_show_on_the_week_page_and_give_the_response_rate(
    client: FlaskClient, seeded: Session
) -> None:
    monday = last_full_week()
    for i in range(3):
        factories.pulse_response(
            seeded, submitted_at=local_midnight_utc(monday) + timedelta(hours=9 + i)
        )
    key = api_key(seeded)
    week = [day(monday + timedelta(days=i), received=20, late=4) for i in range(5)]
    assert push(client, key, {"days": week}).status_code == 200
    factories.log_in(client, factories.user(seeded))
    page = parse(client.get(f"/quan-ly/trung-tam/van-quan?tuan={monday}"))
    card = text_of(page, ".card.dossiers")
    assert "100 hồ sơ tiếp nhận" in card
    assert "theo hệ thống một cửa" in card
    assert card.startswith("3,0%")  # 3 ratings of 100 dossiers
    rows = {
        row.select_one("th").get_text(strip=True): [td.get_text(strip=True) for td in row("td")]
        for row in page.select("section.one-stop tbody tr")
    }
    assert rows["Hồ sơ tiếp nhận"][0] == "100"
    assert rows["Kết quả trả trễ hạn"][0] == "20"
    # A correction of one day moves the week's figures by the difference, not the sum.
    fix = push(client, key, {"days": [day(monday, received=30, late=4)]}, idem="fix").json
    assert fix["replaced"] == 1
    page = parse(client.get(f"/quan-ly/trung-tam/van-quan?tuan={monday}"))
    assert "110 hồ sơ tiếp nhận" in text_of(page, ".card.dossiers")
