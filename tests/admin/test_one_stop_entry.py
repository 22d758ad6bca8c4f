"""Staff entry of a day's one-stop figures: scoped, CSRF-protected, replacing the day."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from survey_app.core.clock import today_local
from survey_app.models import OneStopDay
from tests.admin.conftest import OTHER_CENTRE
from tests.html import parse, text_of

URL = "/quan-ly/ho-so/van-quan/mot-cua"


def day_form(**changes: str) -> dict[str, str]:
    return {
        "day": (today_local() - timedelta(days=1)).isoformat(),
        "received": "35",
        "on_time": "28",
        "late": "3",
        "late_apologised": "2",
        "supplemented_repeatedly": "1",
        **changes,
    }


def stored(session: Session) -> list[OneStopDay]:
    session.expire_all()
    return list(session.scalars(select(OneStopDay)))


def test_a_manager_enters_then_corrects_a_day(manager_client: FlaskClient, seeded: Session) -> None:
    first = manager_client.post(URL, data=day_form())
    assert first.status_code == 303
    again = manager_client.post(URL, data=day_form(late="4"), follow_redirects=True)
    assert "Đã sửa số liệu một cửa" in again.get_data(as_text=True)
    [row] = stored(seeded)
    assert (row.received, row.late, row.source) == (35, 4, "staff")
    page = parse(manager_client.get(f"{URL}?ngay={row.day.isoformat()}"))
    assert page.select_one("input[name=late]")["value"] == "4"
    assert "35" in text_of(page, "table.one-stop-days tbody tr:nth-child(2)")


def test_broken_figures_are_explained_and_not_stored(
    manager_client: FlaskClient, seeded: Session
) -> None:
    response = manager_client.post(URL, data=day_form(late_apologised="9"))
    assert response.status_code == 400
    assert "không được lớn hơn số kết quả trễ hạn" in text_of(parse(response), ".problems")
    assert stored(seeded) == []


def test_another_centres_page_is_not_found(manager_client: FlaskClient, seeded: Session) -> None:
    url = f"/quan-ly/ho-so/{OTHER_CENTRE}/mot-cua"
    assert manager_client.get(url).status_code == 404
    assert manager_client.post(url, data=day_form()).status_code == 404
    assert stored(seeded) == []


def test_a_post_without_its_token_is_refused(
    app: Flask, manager_client: FlaskClient, seeded: Session
) -> None:
    app.config["WTF_CSRF_ENABLED"] = True
    response = manager_client.post(URL, data=day_form())
    assert response.status_code == 400
    assert stored(seeded) == []
    page = parse(manager_client.get(URL))
    token = page.select_one("input[name=csrf_token]")["value"]
    assert manager_client.post(URL, data={**day_form(), "csrf_token": token}).status_code == 303
