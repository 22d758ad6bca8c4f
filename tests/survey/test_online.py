"""Answering online: a section a page, progress shown, answers kept, one response stored."""

from __future__ import annotations

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from survey_app.models import (
    Answer,
    CampaignStatus,
    Channel,
    Question,
    Response,
    SurveyCampaign,
    SurveyDraft,
    utcnow,
)
from survey_app.survey.drafts import purge_drafts
from tests.html import html_errors, parse, text_of
from tests.survey.conftest import commune_id, sampled_campaign

PAGES = 13


def url(campaign: SurveyCampaign, page: int | None = None) -> str:
    return f"/khao-sat/{campaign.code}" + (f"/{page}" if page else "")


def every_answer(page: BeautifulSoup, commune: int) -> dict[str, str]:
    """An answer to every question on a page: the first choice, some text, the commune."""
    data: dict[str, str] = {}
    for radio in page.select("form.survey input[type=radio]"):
        data.setdefault(radio["name"], radio["value"])
    for area in page.select("form.survey textarea"):
        data[area["name"]] = "Ý kiến thử"
    for select_ in page.select("form.survey select"):
        data[select_["name"]] = str(commune)
    return data


def test_the_link_opens_page_one_with_its_progress(
    client: FlaskClient, campaign: SurveyCampaign
) -> None:
    response = client.get(url(campaign))
    assert response.status_code == 302
    assert response.headers["Location"].endswith(url(campaign, 1))
    page = parse(client.get(url(campaign, 1)))
    assert text_of(page, ".survey-progress") == f"Trang 1/{PAGES} 1/{PAGES}"
    bar = page.select_one("progress")
    assert (bar["value"], bar["max"]) == ("1", str(PAGES))
    assert page.select_one("h1").get_text() == "Thông tin chung về Ông/Bà"
    offered = {o.get_text() for o in page.select("select#profile-commune option") if o["value"]}
    assert offered == {"Văn Quan", "Tam Thanh", "Chi Lăng"}
    assert page.select_one("button[value=back]") is None
    assert html_errors(client.get(url(campaign, 1)).data) == []


def test_next_and_back_keep_every_answer(
    client: FlaskClient, campaign: SurveyCampaign, seeded: Session
) -> None:
    chosen = commune_id(seeded, "tam-thanh")
    first = {"profile-sex": "2", "profile-commune": str(chosen), "move": "next"}
    response = client.post(url(campaign, 1), data=first)
    assert response.status_code == 303
    assert response.headers["Location"].endswith(url(campaign, 2))
    page = parse(client.get(url(campaign, 2)))
    assert text_of(page, "#progress-label") == f"Trang 2/{PAGES}"
    back = {"perception-interest-economy": "3", "move": "back"}
    assert client.post(url(campaign, 2), data=back).headers["Location"].endswith(url(campaign, 1))

    page = parse(client.get(url(campaign, 1)))
    assert page.select_one("#profile-sex-2").has_attr("checked")
    assert page.select_one(f"#profile-commune option[value='{chosen}']").has_attr("selected")
    page = parse(client.get(url(campaign, 2)))
    assert page.select_one("#perception-interest-economy-3").has_attr("checked")


def test_a_page_with_a_problem_keeps_what_was_entered(
    client: FlaskClient, campaign: SurveyCampaign, seeded: Session
) -> None:
    response = client.post(url(campaign, 1), data={"profile-sex": "1", "profile-age_band": "9"})
    assert response.status_code == 400
    page = parse(response)
    summary = text_of(page, ".error-summary")
    assert "Xã, phường nơi Ông/Bà đang sinh sống" in summary
    assert "Độ tuổi" in summary
    assert "Xin chọn xã, phường nơi Ông/Bà đang sinh sống." in text_of(page, "#q-profile-commune")
    assert page.select_one("#profile-sex-1").has_attr("checked")
    assert seeded.scalar(select(func.count()).select_from(SurveyDraft)) == 0


def test_the_link_resumes_where_this_browser_left_off(
    app: Flask, client: FlaskClient, campaign: SurveyCampaign, seeded: Session
) -> None:
    chosen = commune_id(seeded, "van-quan")
    client.post(url(campaign, 1), data={"profile-commune": str(chosen), "move": "next"})
    client.post(url(campaign, 2), data={"perception-interest-water": "4", "move": "next"})
    assert client.get(url(campaign)).headers["Location"].endswith(url(campaign, 3))
    assert (
        parse(client.get(url(campaign, 2)))
        .select_one("#perception-interest-water-4")
        .has_attr("checked")
    )
    stranger = app.test_client()
    assert stranger.get(url(campaign)).headers["Location"].endswith(url(campaign, 1))
    page = parse(stranger.get(url(campaign, 2)))
    assert page.select("input[checked]") == []


def answer_everything(client: FlaskClient, campaign: SurveyCampaign, commune: int) -> int:
    """Walk every page answering every question; returns how many answers were given."""
    given = 0
    for number in range(1, PAGES + 1):
        data = every_answer(parse(client.get(url(campaign, number))), commune)
        given += len(data)
        data["move"] = "send" if number == PAGES else "next"
        response = client.post(url(campaign, number), data=data)
        assert response.status_code == 303, (number, response.status_code)
    return given


def test_sending_stores_one_response_with_every_answer(
    client: FlaskClient, campaign: SurveyCampaign, seeded: Session
) -> None:
    chosen = commune_id(seeded, "chi-lang")
    given = answer_everything(client, campaign, chosen)
    page = parse(client.get(url(campaign), follow_redirects=True))
    assert text_of(page, ".thanks h1") == "Cảm ơn Ông/Bà đã trả lời phiếu khảo sát!"

    saved = seeded.scalars(select(Response)).all()
    assert len(saved) == 1
    response = saved[0]
    assert response.channel is Channel.SURVEY_ONLINE
    assert (response.commune_id, response.centre_id) == (chosen, None)
    stored = seeded.scalar(
        select(func.count()).select_from(Answer).where(Answer.response_id == response.id)
    )
    assert stored == given - 1  # the commune is on the response, not an answer
    texts = seeded.scalars(select(Question.key).join(Answer).where(Answer.text.is_not(None))).all()
    assert set(texts) == {
        "profile.ethnicity_other",
        "perception.channel_used.other_text",
        "comment",
    }


def test_sending_twice_stores_one_response(
    client: FlaskClient, campaign: SurveyCampaign, seeded: Session
) -> None:
    answer_everything(client, campaign, commune_id(seeded, "van-quan"))
    again = client.post(url(campaign, PAGES), data={"move": "send"})
    assert again.status_code == 303
    assert again.headers["Location"].endswith(f"{url(campaign)}/cam-on")
    assert seeded.scalar(select(func.count()).select_from(Response)) == 1


def test_sending_without_a_commune_shows_page_one_marked(
    client: FlaskClient, campaign: SurveyCampaign, seeded: Session
) -> None:
    client.post(url(campaign, 12), data={"needs-digital": "4", "move": "next"})
    response = client.post(url(campaign, PAGES), data={"move": "send"})
    assert response.status_code == 400
    page = parse(response)
    assert text_of(page, "#progress-label") == f"Trang 1/{PAGES}"
    assert page.select_one("form.survey")["action"].endswith(url(campaign, 1))
    assert seeded.scalar(select(func.count()).select_from(Response)) == 0


@pytest.mark.parametrize("status", [CampaignStatus.DRAFT, CampaignStatus.CLOSED])
def test_a_campaign_not_open_takes_no_answers(
    client: FlaskClient, seeded: Session, status: CampaignStatus
) -> None:
    campaign = sampled_campaign(seeded, status=status)
    assert client.get(url(campaign, 1)).status_code == 410
    assert client.post(url(campaign, 1), data={"move": "next"}).status_code == 410
    assert client.get("/khao-sat/NOSUCH/1").status_code == 404


def test_a_stale_page_keeps_its_answers_when_csrf_is_on(
    app: Flask, client: FlaskClient, campaign: SurveyCampaign, seeded: Session
) -> None:
    app.config["WTF_CSRF_ENABLED"] = True
    data = {"profile-sex": "2", "profile-commune": str(commune_id(seeded, "van-quan"))}
    response = client.post(url(campaign, 1), data={**data, "csrf_token": "stale", "move": "next"})
    assert response.status_code == 400
    page = parse(response)
    assert "xin bấm lại nút" in text_of(page, ".error-summary")
    assert page.select_one("#profile-sex-2").has_attr("checked")
    token = page.select_one("input[name=csrf_token]")["value"]
    assert client.post(url(campaign, 1), data={**data, "csrf_token": token}).status_code == 303


def test_old_drafts_are_purged(
    client: FlaskClient, campaign: SurveyCampaign, seeded: Session
) -> None:
    client.post(url(campaign, 1), data={"profile-commune": str(commune_id(seeded, "van-quan"))})
    assert purge_drafts(seeded, 7) == 0
    assert purge_drafts(seeded, 7, now=utcnow() + timedelta(days=8)) == 1
    assert seeded.scalar(select(func.count()).select_from(SurveyDraft)) == 0
