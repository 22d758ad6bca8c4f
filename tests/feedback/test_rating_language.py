"""Switching language on the rating form keeps the answers; the error summary's wording."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from survey_app.core.responses.tokens import KIOSK_COOKIE, issue_kiosk_cookie
from survey_app.models import PosterCode, Response
from tests import factories
from tests.feedback.test_rating import GOOD_ANSWERS, post_answers
from tests.html import parse, submission_token, text_of


@pytest.fixture
def poster(seeded: Session) -> PosterCode:
    return factories.poster(seeded, counter_number=2)


def stored_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Response)) or 0


def test_the_language_switch_on_the_error_page_posts_the_answers_back(
    client: FlaskClient, poster: PosterCode
) -> None:
    page = parse(post_answers(client, f"/q/{poster.code}", **{"staff-general": None}))
    switch = page.select_one("nav.lang button[name=lang]")
    assert switch is not None, "the language switch is a link that would lose the answers"
    assert switch["value"] == "en"
    assert switch["form"] == "rate"
    assert switch["formaction"] == "?lang=en"
    assert switch.has_attr("formnovalidate")
    assert page.select_one(f"form#{switch['form']}[method=post]") is not None
    assert text_of(page, "nav.lang") == "English"


def test_switching_language_shows_the_answers_again_and_saves_nothing(
    client: FlaskClient, poster: PosterCode, seeded: Session
) -> None:
    url = f"/q/{poster.code}"
    token = submission_token(client, url)
    partial = {"access-general": "4", "comment": "Cán bộ tận tình", "submission": token}
    switched = client.post(f"{url}?lang=en", data={**partial, "lang": "en"})
    assert switched.status_code == 200
    page = parse(switched)
    assert page.html["lang"] == "en"
    assert page.select_one("#access-general-4").has_attr("checked")
    assert text_of(page, "textarea#comment") == "Cán bộ tận tình"
    assert page.select_one("input[name=submission]")["value"] == token
    assert page.select_one(".error-summary") is None
    assert text_of(page, "nav.lang button") == "Tiếng Việt"
    assert stored_count(seeded) == 0
    # Sending from the English page stores the rating once, with the same submission id.
    sent = client.post(f"{url}?lang=en", data={**GOOD_ANSWERS, "submission": token})
    assert sent.status_code == 303
    assert stored_count(seeded) == 1


def test_switching_language_with_every_answer_given_does_not_send(
    client: FlaskClient, poster: PosterCode, seeded: Session
) -> None:
    url = f"/q/{poster.code}"
    data = {**GOOD_ANSWERS, "submission": submission_token(client, url), "lang": "en"}
    assert client.post(f"{url}?lang=en", data=data).status_code == 200
    assert stored_count(seeded) == 0


def test_the_kiosk_switch_keeps_the_answers_without_remembering_the_language(
    client: FlaskClient, poster: PosterCode
) -> None:
    client.set_cookie(KIOSK_COOKIE, issue_kiosk_cookie(poster.code))
    token = submission_token(client, "/kiosk")
    page = parse(
        client.post(
            "/kiosk?lang=en", data={"access-general": "2", "submission": token, "lang": "en"}
        )
    )
    assert page.html["lang"] == "en"
    assert page.select_one("#access-general-2").has_attr("checked")
    assert parse(client.get("/kiosk")).html["lang"] == "vi"


def test_a_completely_empty_send_does_not_speak_of_other_answers_kept(
    client: FlaskClient, poster: PosterCode
) -> None:
    url = f"/q/{poster.code}"
    response = client.post(url, data={"submission": submission_token(client, url)})
    assert response.status_code == 400
    summary = text_of(parse(response), ".error-summary")
    assert "vẫn được giữ nguyên" not in summary
    assert "Ông/Bà chưa trả lời câu nào" in summary
    english = client.post(f"{url}?lang=en", data={"submission": submission_token(client, url)})
    assert "You have not answered any question yet" in text_of(parse(english), ".error-summary")


def test_a_partly_answered_send_still_says_the_other_answers_are_kept(
    client: FlaskClient, poster: PosterCode
) -> None:
    response = post_answers(client, f"/q/{poster.code}", **{"staff-general": None})
    assert "Các câu trả lời khác vẫn được giữ nguyên" in text_of(parse(response), ".error-summary")
