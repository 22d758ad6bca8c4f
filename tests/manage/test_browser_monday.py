"""A manager of three centres on Monday, in a real browser, on a desk and on a phone:
sign in, land on the week, read the to-do list, switch centre and open the month by
clicking, and never get a page wider than the screen."""

from __future__ import annotations

import pytest
from flask import Flask
from playwright.sync_api import Page
from sqlalchemy.orm import Session

from survey_app.core.clock import today_local
from survey_app.seeding.demo import seed_demo
from tests import factories, live
from tests.browser import PHONE, chromium, screenshot_path

pytestmark = pytest.mark.browser
DESKTOP = {"width": 1280, "height": 900}
KEYS = ("van-quan", "binh-gia", "bac-son")


def monday_morning(page: Page, base: str, username: str, size: str) -> list[str]:
    """Walk the manager's Monday; return the pages wider than the viewport."""
    too_wide: list[str] = []

    def check(name: str) -> None:
        page.wait_for_load_state("networkidle")
        page.screenshot(path=screenshot_path(f"monday-{name}-{size}.png"), full_page=True)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > page.viewport_size["width"]:
            too_wide.append(f"{name}: {width}px")

    page.goto(f"{base}/dang-nhap")
    page.fill("#username", username)
    page.fill("#password", factories.PASSWORD)
    page.click("button.send")
    # Lands on the week of the first of the centres, by Vietnamese name: xã Bắc Sơn.
    page.wait_for_url(f"{base}/quan-ly/trung-tam/bac-son")
    assert page.locator("h2#todo").inner_text() == "Việc cần làm tuần này"
    todo = page.locator("#todo ~ ul.todo-list li, #todo ~ p.todo-none")
    assert todo.count() >= 1
    assert todo.first.is_visible()
    check("week")
    page.locator("nav.centre-chooser").get_by_role("link", name="xã Văn Quan").click()
    page.wait_for_url(lambda url: "/quan-ly/trung-tam/van-quan?tuan=" in url)
    current = page.locator("nav.centre-chooser [aria-current=page]").inner_text()
    assert current == "xã Văn Quan"
    check("switched")
    page.locator("nav.view-toggle").get_by_role("link", name="Tháng").click()
    page.wait_for_url(lambda url: "/quan-ly/trung-tam/van-quan/thang?thang=" in url)
    assert page.locator("nav.view-toggle [aria-current=page]").inner_text() == "Tháng"
    assert page.locator("h2#todo").is_visible()
    check("month")
    return too_wide


def test_a_manager_of_three_centres_on_monday(app: Flask, seeded: Session) -> None:
    seed_demo(seeded, weeks=3, seed=8, end=today_local())
    manager = factories.user(seeded, username="ba-trung-tam", centre_keys=KEYS)
    with live.serve(app) as base, chromium() as browser:
        for size, viewport in (("1280", DESKTOP), ("360", PHONE)):
            context = browser.new_context(viewport=viewport, locale="vi-VN")
            too_wide = monday_morning(context.new_page(), base, manager.username, size)
            if size == "360":
                assert not too_wide, too_wide
            context.close()
