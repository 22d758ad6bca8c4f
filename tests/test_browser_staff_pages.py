"""Every staff page, reached through the navigation alone, fits a phone's width.

Each role signs in on demo-like data (12 weeks of visits, complaints at every step, an
open survey round) and follows the links of the staff area from its home, as a person
would, without typing a URL; the Department reaches every task of its menu that way, and
no page of system administration (staff accounts, API keys). At 360×740 no page may be
wider than the screen (a wide table scrolls in its own labelled box instead); at 1280×900
the same pages are photographed. One URL per endpoint is enough: the layout is the template's.
"""

from __future__ import annotations

from collections import deque
from datetime import date
from urllib.parse import urlsplit

import pytest
from flask import Flask
from playwright.sync_api import BrowserContext
from sqlalchemy.orm import Session
from werkzeug.exceptions import HTTPException

from survey_app.models import PROVINCE_ROLES, Role
from survey_app.navigation import menu_for
from survey_app.seeding.demo import seed_demo
from tests import factories, live
from tests.browser import PHONE, chromium, screenshot_path
from tests.survey.conftest import sampled_campaign, set_populations

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}
CENTRES = ("tinh", "van-quan", "tam-thanh")
# Pages that are files (posters, charts, exports) or leave the staff area are not walked.
HTML = "text/html"
# Tables that scroll inside a box on this page, with no visible hint saying so nearby.
HIDDEN_COLUMNS = """() => [...document.querySelectorAll('main table')].filter(table => {
  let box = table.parentElement;
  while (box && !['auto', 'scroll'].includes(getComputedStyle(box).overflowX)) {
    box = box.parentElement;
  }
  if (!box || box.scrollWidth <= box.clientWidth + 1) return false;
  const hint = box.closest('section, main').querySelector('.scroll-hint');
  return !hint || hint.offsetParent === null;
}).map(table => (table.closest('section') || {}).id || table.className)"""


def _sign_in(context: BrowserContext, base: str, username: str) -> None:
    page = context.new_page()
    page.goto(f"{base}/dang-nhap")
    page.fill("#username", username)
    page.fill("#password", factories.PASSWORD)
    page.click("button.send")
    page.wait_for_url(lambda url: "/dang-nhap" not in url)
    page.close()


def _walk(app: Flask, context: BrowserContext, base: str) -> dict[str, str]:
    """One URL per endpoint of the staff area, found by following links from its home."""
    adapter = app.url_map.bind("localhost")
    found: dict[str, str] = {}
    queue = deque(["/quan-ly/"])
    seen = set(queue)
    page = context.new_page()
    while queue:
        path = queue.popleft()
        split = urlsplit(path)
        try:
            endpoint, _args = adapter.match(split.path)
        except HTTPException:
            continue
        if endpoint in found:
            continue
        answer = context.request.get(base + path)
        if not answer.ok or HTML not in answer.headers.get("content-type", ""):
            continue
        found[endpoint] = path
        page.goto(base + path)
        links = page.eval_on_selector_all(
            "main a[href^='/quan-ly'], nav a[href^='/quan-ly'], header a[href^='/quan-ly']",
            "links => links.map(a => a.getAttribute('href'))",
        )
        for link in links:
            if link not in seen:
                seen.add(link)
                queue.append(link)
    page.close()
    return found


@pytest.mark.parametrize(
    ("role", "lang"),
    [
        (Role.ADMIN, "vi"),
        (Role.DEPARTMENT, "vi"),
        (Role.MANAGER, "vi"),
        (Role.HANDLER, "vi"),
        (Role.VIEWER, "vi"),
        # English words are longer in places (the accounts list): one walk in English.
        (Role.ADMIN, "en"),
    ],
)
def test_every_staff_page_fits_a_phone(app: Flask, seeded: Session, role: Role, lang: str) -> None:
    seed_demo(seeded, weeks=4, seed=8, end=date.today())
    set_populations(seeded)
    sampled_campaign(seeded, keys=("van-quan", "tam-thanh", "chi-lang"))
    keys = () if role in PROVINCE_ROLES else CENTRES
    account = factories.user(seeded, username=f"u-{role.value}", role=role, centre_keys=keys)
    too_wide: list[str] = []
    with live.serve(app) as base, chromium() as browser:
        desktop = browser.new_context(viewport=DESKTOP, locale="vi-VN")
        _sign_in(desktop, base, account.username)
        desktop.request.get(f"{base}/quan-ly/?lang={lang}")  # remembered for the session
        pages = _walk(app, desktop, base)
        phone = browser.new_context(viewport=PHONE, locale="vi-VN")
        phone.add_cookies(desktop.cookies())
        view = phone.new_page()
        wide = desktop.new_page()
        for endpoint, path in sorted(pages.items()):
            name = f"staff-{role.value}-{lang}-{endpoint.replace('.', '-')}"
            view.goto(base + path)
            view.wait_for_load_state("networkidle")
            view.screenshot(path=screenshot_path(f"{name}-360.png"), full_page=True)
            width = view.evaluate("document.documentElement.scrollWidth")
            if width > PHONE["width"]:
                too_wide.append(f"{path} ({endpoint}) is {width}px wide")
            too_wide += [f"{path}: {t} scrolls with no hint" for t in view.evaluate(HIDDEN_COLUMNS)]
            wide.goto(base + path)
            wide.screenshot(path=screenshot_path(f"{name}-1280.png"), full_page=True)
    assert len(pages) >= 3, pages
    assert not too_wide, "\n".join(too_wide)
    if role is Role.DEPARTMENT:
        tasks = {entry.endpoint for entry in menu_for(role)}
        assert sorted(tasks - set(pages)) == []
        assert {"manage.show_province", "manage.show_centre_week"} <= set(pages)
        assert not {e for e in pages if e.startswith(("api_keys.", "admin.list_users"))}
