"""Citizen pages in a real browser without JavaScript: no failed request, no sideways
scrolling on a phone, and the language switch on the error page keeps the answers."""

from __future__ import annotations

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, Response
from sqlalchemy.orm import Session

from tests import factories, live
from tests.browser import PHONE, chromium, screenshot_path
from tests.feedback.test_browser_feedback import CHOICES

pytestmark = pytest.mark.browser

VIEWPORTS = {
    "360": PHONE,
    "320": {"width": 320, "height": 640},
    "1280": {"width": 1280, "height": 900},
}


def open_page(browser: Browser, viewport: dict[str, int]) -> tuple[Page, list[str]]:
    """A page without JavaScript, and the list its failed requests are written to."""
    context = browser.new_context(viewport=viewport, java_script_enabled=False, locale="vi-VN")
    page = context.new_page()
    failed: list[str] = []

    def note(response: Response) -> None:
        if response.status >= 400 and response.request.resource_type != "document":
            failed.append(f"{response.status} {response.url}")

    page.on("response", note)
    return page, failed


def test_citizen_pages_load_whole_on_phones_and_desktops(app: Flask, seeded: Session) -> None:
    poster = factories.poster(seeded, counter_number=2)
    problems: list[str] = []
    with live.serve(app) as base, chromium() as browser:
        paths = {
            "home": "/",
            "code-entry": "/nhap-ma",
            "kiosk-not-set-up": "/kiosk",
            "form": f"/q/{poster.code}",
        }
        for size, viewport in VIEWPORTS.items():
            for name, path in paths.items():
                page, failed = open_page(browser, viewport)
                page.goto(base + path)
                # Chromium asks for /favicon.ico after the page; wait until it has answered.
                page.wait_for_load_state("networkidle")
                page.screenshot(path=screenshot_path(f"page-{name}-{size}.png"), full_page=True)
                if page.evaluate("document.documentElement.scrollWidth > window.innerWidth"):
                    problems.append(f"{name} at {size}px scrolls sideways")
                problems += [f"{name} at {size}px: {f}" for f in failed]
                page.context.close()
    assert problems == []


def test_the_error_page_switches_language_and_keeps_the_answers(
    app: Flask, seeded: Session
) -> None:
    poster = factories.poster(seeded)
    with live.serve(app) as base, chromium() as browser:
        context = browser.new_context(viewport=PHONE, locale="vi-VN")
        page = context.new_page()
        page.goto(f"{base}/q/{poster.code}")
        # The browser's own check of required answers would stop the send; switch it off
        # to reach the server's error page, as a browser without that check would.
        page.eval_on_selector("form.rate", "form => { form.noValidate = true; }")
        page.locator("label[for='access-general-4']").click()
        page.locator("textarea#comment").fill("Cán bộ tận tình")
        page.locator("button.send").click()
        assert page.locator(".error-summary h2").inner_text() == "Chưa gửi được"
        page.screenshot(path=screenshot_path("form-error-before-switch.png"), full_page=True)
        page.locator("nav.lang button").click()
        page.wait_for_selector("html[lang=en]")
        assert page.locator("#access-general-4").is_checked()
        assert page.locator("textarea#comment").input_value() == "Cán bộ tận tình"
        assert page.locator("nav.lang button").inner_text() == "Tiếng Việt"
        page.screenshot(path=screenshot_path("form-after-switch-en.png"), full_page=True)
        context.close()


def test_after_rating_with_the_box_ticked_the_complaint_page_says_it_was_saved(
    app: Flask, seeded: Session
) -> None:
    poster = factories.poster(seeded)
    with live.serve(app) as base, chromium() as browser:
        for size in ("360", "320"):
            page, failed = open_page(browser, VIEWPORTS[size])
            page.goto(f"{base}/q/{poster.code}")
            for name, value in CHOICES.items():
                page.locator(f"label[for='{name}-{value}']").click()
            page.locator("label[for=complaint]").click()
            page.locator("button.send").click()
            status = page.locator("[role=status]")
            assert "Đánh giá của Ông/Bà đã được lưu" in status.inner_text()
            page.screenshot(
                path=screenshot_path(f"complaint-after-rating-{size}.png"), full_page=True
            )
            assert failed == []
            page.context.close()
