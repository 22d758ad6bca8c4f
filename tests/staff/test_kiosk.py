"""Kiosk mode: a tablet at the centre, one person after another."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from survey_app.core.responses.tokens import KIOSK_COOKIE, RATED_COOKIE, issue_kiosk_cookie
from survey_app.i18n import LANG_COOKIE
from survey_app.models import Channel, PosterCode, Response
from tests import factories
from tests.feedback.test_rating import GOOD_ANSWERS
from tests.html import parse, text_of


@pytest.fixture
def kiosk(client: FlaskClient, seeded: Session) -> PosterCode:
    poster = factories.poster(seeded)
    client.set_cookie(KIOSK_COOKIE, issue_kiosk_cookie(poster.code))
    return poster


def send(client: FlaskClient, **changes: str) -> object:
    token = parse(client.get("/kiosk")).select_one("input[name=submission]")["value"]
    return client.post("/kiosk", data={**GOOD_ANSWERS, "submission": token, **changes})


def test_a_browser_that_is_not_a_kiosk_is_refused(client: FlaskClient, seeded: Session) -> None:
    assert client.get("/kiosk").status_code == 403
    client.set_cookie(KIOSK_COOKIE, "forged")
    assert client.get("/kiosk").status_code == 403


def test_kiosk_saves_with_its_channel_and_returns_to_a_fresh_form(
    client: FlaskClient, kiosk: PosterCode, seeded: Session
) -> None:
    response = send(client)
    assert response.status_code == 303
    thanks = parse(client.get(response.headers["Location"]))
    refresh = thanks.select_one("meta[http-equiv=refresh]")["content"]
    assert refresh.endswith("url=/kiosk")
    assert text_of(thanks, "a.button") == "Người tiếp theo"
    fresh = parse(client.get("/kiosk"))
    assert not fresh.select("input[type=radio][checked]")
    assert fresh.select_one("textarea#comment").get_text() == ""
    (saved,) = seeded.scalars(select(Response)).all()
    assert saved.channel is Channel.KIOSK


def test_one_person_after_another_is_not_flagged_as_a_repeat(
    client: FlaskClient, kiosk: PosterCode, seeded: Session
) -> None:
    assert send(client).status_code == 303
    assert send(client).status_code == 303
    assert not any(r.is_suspect for r in seeded.scalars(select(Response)))
    assert client.get_cookie(RATED_COOKIE) is None


def test_one_persons_language_does_not_stick_for_the_next(
    client: FlaskClient, kiosk: PosterCode
) -> None:
    assert parse(client.get("/kiosk?lang=en")).html["lang"] == "en"
    assert client.get_cookie(LANG_COOKIE) is None
    assert parse(client.get("/kiosk")).html["lang"] == "vi"


@pytest.mark.parametrize(
    ("method", "path"), [("GET", "/kiosk"), ("POST", "/kiosk"), ("GET", "/kiosk/cam-on")]
)
def test_a_tablet_that_is_not_set_up_asks_the_citizen_to_fetch_staff(
    client: FlaskClient, seeded: Session, method: str, path: str
) -> None:
    response = client.open(path, method=method, data={})
    assert response.status_code == 403
    page = parse(response)
    assert text_of(page, "h1") == "Máy này chưa sẵn sàng nhận đánh giá"
    assert "cán bộ Trung tâm" in text_of(page, "main")
    assert "Tài khoản" not in text_of(page, "main")
    english = parse(client.open(f"{path}?lang=en", method=method, data={}))
    assert text_of(english, "h1") == "This tablet is not ready to take ratings"
