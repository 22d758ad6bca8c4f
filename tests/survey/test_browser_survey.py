"""Answering the survey on a phone without JavaScript: page by page, back and on."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from survey_app.models import Response, Role, SurveyCampaign
from tests import factories, live
from tests.browser import PHONE, chromium, screenshot_path
from tests.survey.conftest import commune_id

pytestmark = pytest.mark.browser


def test_two_pages_answered_on_a_phone_keep_their_answers(
    app: Flask, seeded: Session, campaign: SurveyCampaign
) -> None:
    chi_lang = str(commune_id(seeded, "chi-lang"))
    admin = factories.user(seeded, username="admin", role=Role.ADMIN, centre_keys=())
    with live.serve(app) as base, chromium() as browser:
        context = browser.new_context(viewport=PHONE, java_script_enabled=False, locale="vi-VN")
        page = context.new_page()
        page.goto(f"{base}/khao-sat/{campaign.code}")
        assert page.locator("#progress-label").inner_text() == "Trang 1/13"
        page.locator("label[for='profile-sex-2']").click()
        page.locator("label[for='profile-age_band-3']").click()
        page.select_option("#profile-commune", chi_lang)
        page.screenshot(path=screenshot_path("survey-page-1.png"), full_page=True)
        page.locator("button[value=next]").click()
        assert page.locator("#progress-label").inner_text() == "Trang 2/13"
        page.locator("label[for='perception-interest-economy-4']").click()
        page.locator("label[for='perception-interest-medical-3']").click()
        page.screenshot(path=screenshot_path("survey-page-2.png"), full_page=True)
        page.locator("button[value=back]").click()
        assert page.locator("#profile-sex-2").is_checked()
        assert page.locator("#profile-commune").input_value() == chi_lang
        page.locator("button[value=next]").click()
        assert page.locator("#perception-interest-economy-4").is_checked()
        page.goto(f"{base}/khao-sat/{campaign.code}/10")
        page.screenshot(path=screenshot_path("survey-page-10.png"), full_page=True)
        page.goto(f"{base}/khao-sat/{campaign.code}/13")
        page.locator("button[value=send]").click()
        page.wait_for_selector(".thanks h1")
        page.screenshot(path=screenshot_path("survey-thank-you.png"), full_page=True)

        page.goto(f"{base}/dang-nhap")
        page.fill("#username", admin.username)
        page.fill("#password", factories.PASSWORD)
        page.locator("button[type=submit]").last.click()
        page.goto(f"{base}/quan-ly/khao-sat/{campaign.id}")
        page.screenshot(path=screenshot_path("survey-campaign.png"), full_page=True)
        page.goto(f"{base}/quan-ly/khao-sat/nhap-phieu")
        page.screenshot(path=screenshot_path("survey-paper-entry.png"), full_page=False)
        context.close()
    assert seeded.scalar(select(func.count()).select_from(Response)) == 1
