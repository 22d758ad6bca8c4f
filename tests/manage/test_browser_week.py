"""A centre manager signs in and reads the week page in a real browser."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from flask import Flask
from sqlalchemy.orm import Session

import analysis
from survey_app.core.formatting import pct
from survey_app.core.weeks import local_midnight_utc
from survey_app.reporting import AnswerFilter, fetch_answer_counts
from survey_app.seeding.demo import seed_demo
from tests import factories, live
from tests.browser import chromium, screenshot_path

pytestmark = pytest.mark.browser
WEEK = date(2026, 11, 16)


def test_manager_reads_the_week_page_and_its_figures_match_the_analysis(
    app: Flask, seeded: Session
) -> None:
    seed_demo(seeded, weeks=3, seed=8, end=date(2026, 11, 25))
    manager = factories.user(seeded, centre_keys=("tinh",))
    centre = factories.centre(seeded, "tinh")
    counts = fetch_answer_counts(
        seeded,
        AnswerFilter(
            centre_ids=[centre.id],
            start=local_midnight_utc(WEEK),
            end=local_midnight_utc(WEEK + timedelta(weeks=1)),
            questions=["overall.visit"],
        ),
        by=["centre"],
    )
    expected = analysis.item_indices(counts, by="centre").iloc[0]
    with app.test_request_context(), live.serve(app) as base, chromium() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="vi-VN")
        page.goto(f"{base}/dang-nhap")
        page.fill("#username", manager.username)
        page.fill("#password", factories.PASSWORD)
        page.click("button.send")
        page.goto(f"{base}/quan-ly/trung-tam/tinh?tuan={WEEK}")
        row = page.locator("table.data tbody tr").filter(has_text="Hài lòng chung").first
        cells = row.locator("td").all_inner_texts()
        assert cells[0] == pct(expected["index"])
        assert cells[1] == f"{pct(expected['ci_low'])}–{pct(expected['ci_high'])}"
        assert cells[2] == str(int(expected["n"]))
        page.wait_for_load_state("networkidle")
        widths = page.eval_on_selector_all(".charts img", "imgs => imgs.map(i => i.naturalWidth)")
        assert widths
        assert all(w > 0 for w in widths)
        page.screenshot(path=screenshot_path("manager-week-vi.png"), full_page=True)
        phone = browser.new_page(viewport={"width": 360, "height": 740})
        phone.context.add_cookies(page.context.cookies())
        phone.goto(f"{base}/quan-ly/trung-tam/tinh?tuan={WEEK}")
        phone.screenshot(path=screenshot_path("manager-week-phone-vi.png"), full_page=True)
