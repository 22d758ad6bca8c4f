"""The whole journey in headless Chromium: rate, complain, a handler answers, the citizen reads.

Saves screenshots (artifacts/screenshots/complaint-*.png) of every citizen page at phone
size and of the handler's page.
"""

from __future__ import annotations

import pytest
from flask import Flask
from playwright.sync_api import Page
from sqlalchemy import select
from sqlalchemy.orm import Session

from survey_app.models import Complaint, ComplaintMessage, ComplaintStatus, MessageStatus, Role
from tests import factories, live
from tests.browser import PHONE, chromium, screenshot_path
from tests.feedback.test_browser_feedback import CHOICES

pytestmark = pytest.mark.browser


def open_step(page: Page, action: str) -> None:
    """Open a step's <details> (it may be open already) without JavaScript."""
    details = page.locator(f"#act-{action}")
    if details.get_attribute("open") is None:
        details.locator("summary").click()


def test_a_complaint_from_the_feedback_form_is_answered_and_the_citizen_reads_it(
    app: Flask, seeded: Session
) -> None:
    poster = factories.poster(seeded, counter_number=2)
    handler = factories.user(seeded, username="xuly", role=Role.HANDLER)
    with live.serve(app) as base, chromium() as browser:
        citizen = browser.new_context(viewport=PHONE, java_script_enabled=False, locale="vi-VN")
        page = citizen.new_page()
        page.goto(f"{base}/q/{poster.code}")
        for name, value in CHOICES.items():
            page.locator(f"label[for='{name}-{value}']").click()
        page.locator("label[for=complaint]").click()
        page.locator("button.send").click()

        page.wait_for_selector("form.complaint")
        assert page.locator("h1").inner_text() == "Gửi phản ánh, kiến nghị"
        assert not page.locator("#consent").is_checked()
        page.screenshot(path=screenshot_path("complaint-form-empty.png"), full_page=True)
        page.locator("#subject").fill("Chờ quá lâu ở quầy số 2")
        page.locator("#body").fill("Tôi chờ hai tiếng, cán bộ không hướng dẫn bổ sung hồ sơ.")
        page.locator("#phone").fill("0912 345 678")
        page.locator("label[for=consent]").click()
        page.screenshot(path=screenshot_path("complaint-form-vi.png"), full_page=True)
        page.locator("button.send").click()

        page.wait_for_selector("#tracking-code")
        code = page.locator("#tracking-code").inner_text()
        pin = page.locator("#pin").inner_text()
        page.screenshot(path=screenshot_path("complaint-receipt-vi.png"), full_page=True)

        staff = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
        desk = staff.new_page()
        desk.goto(f"{base}/dang-nhap")
        desk.locator("#username").fill(handler.username)
        desk.locator("#password").fill(factories.PASSWORD)
        desk.locator("button.send").click()
        desk.goto(f"{base}/quan-ly/phan-anh/")
        desk.locator(f"text={code}").click()
        assert "Rất hài lòng" in desk.locator("table.ratings").inner_text()
        open_step(desk, "classify")
        desk.locator("#act-classify input[value=c_regulation]").check()
        desk.locator("#act-classify button").click()
        open_step(desk, "assign")
        desk.locator("#assign-assignee").select_option(str(handler.id))
        desk.locator("#act-assign button").click()
        open_step(desk, "start")
        desk.locator("#act-start button").click()
        open_step(desk, "answer")
        desk.locator("#answer-answer").fill(
            "Trung tâm đã nhắc nhở cán bộ quầy 2 và bố trí thêm một quầy vào buổi sáng."
        )
        desk.screenshot(path=screenshot_path("complaint-handler.png"), full_page=True)
        desk.locator("#act-answer button").click()
        assert "Đã trả lời" in desk.locator(".status").inner_text()
        staff.close()

        page.goto(f"{base}/phan-anh/tra-cuu")
        page.locator("#code").fill(code)
        page.locator("#pin").fill(pin)
        page.screenshot(path=screenshot_path("complaint-lookup-vi.png"), full_page=True)
        page.locator("button.send").click()
        page.wait_for_selector(".answer")
        assert page.locator(".status strong").inner_text() == "Đã trả lời"
        assert "bố trí thêm một quầy" in page.locator(".answer").inner_text()
        assert "0912" not in page.content()
        page.screenshot(path=screenshot_path("complaint-status-vi.png"), full_page=True)
        page.goto(f"{base}/phan-anh/tra-cuu/{code}?lang=en")
        page.screenshot(path=screenshot_path("complaint-status-en.png"), full_page=True)
        citizen.close()

    seeded.expire_all()
    complaint = seeded.scalar(select(Complaint))
    assert complaint.status is ComplaintStatus.ANSWERED
    assert complaint.response_id is not None
    statuses = [m.status for m in seeded.scalars(select(ComplaintMessage))]
    assert statuses == [MessageStatus.HELD]  # no SMS gateway: kept for staff


def test_the_complaint_form_reads_at_320_px_and_explains_what_to_do(
    app: Flask, seeded: Session
) -> None:
    poster = factories.poster(seeded)
    with live.serve(app) as base, chromium() as browser:
        page = browser.new_page(viewport={"width": 320, "height": 640}, locale="vi-VN")
        page.goto(f"{base}/q/{poster.code}")
        page.locator("label[for=complaint]").scroll_into_view_if_needed()
        page.screenshot(path=screenshot_path("complaint-feedback-checkbox-320.png"))
        page.goto(f"{base}/q/{poster.code}/phan-anh")
        page.locator("#subject").fill("Phí thu cao hơn quy định")
        page.locator("#body").fill("Cán bộ thu thêm 50.000 đồng không có biên lai.")
        page.locator("#phone").fill("0912 345 678")
        page.locator("button.send").click()
        page.wait_for_selector(".error-summary")
        assert "đánh dấu ô đồng ý" in page.locator("#consent-error").inner_text()
        assert page.locator("#phone").input_value() == "0912 345 678"
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 320
        for target in ("#consent", "button.send", "label[for=consent]"):
            box = page.locator(target).bounding_box()
            assert box is not None
            assert box["height"] >= 28 if target == "#consent" else box["height"] >= 44
        page.screenshot(path=screenshot_path("complaint-form-error-320.png"), full_page=True)
    assert seeded.scalar(select(Complaint)) is None
