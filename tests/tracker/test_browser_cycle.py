"""The tracker's monthly cycle end to end, in headless Chromium, with CSRF on.

Justice's user reports on criterion 2.1.1 through the menus (a measured rate and a real PDF
as evidence); the Department returns it with a comment; Justice corrects the rate in a new
version and sends it again; the Department accepts it and it is locked. The overview's
forecast moves only at acceptance, by what the rule gives: 95 % earns 0.75 of 1.5 points.
Nobody types an address after signing in. The key pages are photographed at 1280×900 and
360×740 (in pytest's tmp dir, and in ``$HAILONG_SCREENSHOTS`` when set); at 360 no page may
be wider than the screen.

Each step is a function of the ``Cycle``, called in order by the test at the bottom; a
later step (the People's Committee's workbook and PDF, say) is one more function after the
last and one more line in the test.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from flask import Flask
from openpyxl import load_workbook
from playwright.sync_api import Page, expect
from sqlalchemy.orm import Session

from survey_app.core.clock import today_local
from tests import live
from tests.browser import chromium
from tests.tools import require_tool
from tests.tracker.browser_cycle import (
    CODE,
    Shots,
    Standing,
    World,
    beside_its_label,
    build_world,
    evidence_pdf,
    menu,
    read_overview,
    row,
    sign_in,
)

pytestmark = pytest.mark.browser

# The rule of 2.1.1: ≥ 100 % → 1.5 points, ≥ 90 % → 0.75, below → 0.
FIRST_RATE, CORRECTED_RATE, CORRECTED_POINTS, MAXIMUM = "80", "95", 0.75, 1.5
COMMENT = "Danh mục còn thiếu 2 văn bản: xin bổ sung và tính lại tỷ lệ."
REPORTS = "Chỉ số CCHC: báo cáo tháng"
REVIEW = "Chỉ số CCHC: duyệt báo cáo"


@dataclass
class Cycle:
    """The two signed-in browsers, the world, the photographs, what was read on the way."""

    world: World
    agency: Page
    department: Page
    shots: Shots
    evidence: Path
    standings: dict[str, Standing] = field(default_factory=dict)


def open_my_criterion(page: Page) -> None:
    """From anywhere: the menu, then the criterion's line in the month's list."""
    menu(page, REPORTS)
    page.locator(f"{row('my-criteria')} td:nth-child(2) a").click()
    page.wait_for_load_state()


def open_waiting_report(page: Page) -> None:
    """The criterion's report in the review queue."""
    page.locator(f"{row('review-queue')} a").click()
    page.wait_for_load_state()


def the_forecast_is_read_before_the_month(cycle: Cycle) -> None:
    cycle.standings["before"] = read_overview(cycle.department)
    cycle.shots.take(cycle.department, "overview-before")


def the_agency_reports_with_evidence(cycle: Cycle) -> None:
    page = cycle.agency
    menu(page, REPORTS)
    expect(page.locator(f"{row('my-criteria')} td.status")).to_have_text("Chưa báo cáo")
    cycle.shots.take(page, "my-reports")
    open_my_criterion(page)
    page.select_option("#progress", "behind")
    page.fill("#value_number", FIRST_RATE)
    page.fill("#explanation", "Đã ban hành 8 trên 10 văn bản theo kế hoạch.")
    page.set_input_files("#evidence", cycle.evidence)
    page.check("#send")
    assert beside_its_label(page, "send")
    cycle.shots.take(page, "report-form")
    page.get_by_role("button", name="Lưu báo cáo").click()
    page.wait_for_load_state()
    expect(page.locator(".flash")).to_contain_text("Đã gửi báo cáo tới Sở Nội vụ.")
    expect(page.locator("#report-status")).to_contain_text("Đã gửi, chờ duyệt")
    expect(page.locator(".evidence-files")).to_contain_text(cycle.evidence.name)
    size = f"{cycle.evidence.stat().st_size:,}".replace(",", ".")  # 1.434 in Vietnamese
    expect(page.locator(".evidence-files")).to_contain_text(f"{size} byte")
    assert page.locator("#report-form").count() == 0


def the_department_returns_it_with_a_comment(cycle: Cycle) -> None:
    page = cycle.department
    menu(page, REVIEW)
    cycle.shots.take(page, "review-queue")
    open_waiting_report(page)
    values = page.locator("#report-values")
    expect(values).to_contain_text(cycle.world.agency_name)
    expect(values).to_contain_text(FIRST_RATE)
    # The file the agency chose is, byte for byte, the file the Department downloads.
    with page.expect_download() as download:
        page.locator(".evidence-files a").click()
    assert Path(download.value.path()).read_bytes() == cycle.evidence.read_bytes()
    assert beside_its_label(page, "decision-0")
    assert beside_its_label(page, "decision-1")
    page.get_by_label("Trả lại để bổ sung").check()
    page.fill("#comment", COMMENT)
    cycle.shots.take(page, "review")
    page.get_by_role("button", name="Ghi quyết định").click()
    page.wait_for_load_state()
    expect(page.locator(".flash")).to_contain_text("Đã trả lại báo cáo.")
    assert page.locator("#review-queue").count() == 0


def the_agency_corrects_and_resubmits(cycle: Cycle) -> None:
    page = cycle.agency
    menu(page, REPORTS)
    expect(page.locator(f"{row('my-criteria')} td.status")).to_have_text("Bị trả lại")
    open_my_criterion(page)
    expect(page.locator("#review-comment")).to_have_text(COMMENT)
    cycle.shots.take(page, "report-returned")
    page.get_by_role("button", name="Tạo phiên bản mới để sửa").click()
    page.wait_for_load_state()
    expect(page.locator("#report-status")).to_contain_text("phiên bản 2")
    # The new version starts from what was sent: only the rate changes.
    assert float(page.input_value("#value_number")) == float(FIRST_RATE)
    page.fill("#value_number", CORRECTED_RATE)
    page.fill("#explanation", "Đã ban hành bổ sung; 19 trên 20 văn bản đúng kế hoạch.")
    page.check("#send")
    page.get_by_role("button", name="Lưu báo cáo").click()
    page.wait_for_load_state()
    expect(page.locator("#report-status")).to_contain_text("Đã gửi, chờ duyệt")


def the_forecast_waits_for_acceptance(cycle: Cycle) -> None:
    # A sent or returned report is not a result: the forecast reads accepted values only.
    assert read_overview(cycle.department) == cycle.standings["before"]


def the_department_accepts_and_the_report_is_locked(cycle: Cycle) -> None:
    page = cycle.department
    menu(page, REVIEW)
    open_waiting_report(page)
    values = page.locator("#report-values")
    expect(values).to_contain_text(CORRECTED_RATE)
    expect(values.locator("dd").nth(2)).to_have_text("2")  # the version
    page.get_by_label("Chấp nhận", exact=True).check()
    page.get_by_role("button", name="Ghi quyết định").click()
    page.wait_for_load_state()
    expect(page.locator(".flash")).to_contain_text("Đã chấp nhận báo cáo.")
    agency = cycle.agency
    menu(agency, REPORTS)
    status = agency.locator(f"{row('my-criteria')} td.status")
    expect(status).to_have_text("Đã chấp nhận (phiên bản 2)")
    open_my_criterion(agency)
    expect(agency.locator("#report-status")).to_contain_text("Đã chấp nhận")
    assert agency.locator("#report-form").count() == 0
    assert agency.locator("#value_number").count() == 0
    cycle.shots.take(agency, "report-accepted")


def the_forecast_and_the_warnings_change(cycle: Cycle) -> None:
    before = cycle.standings["before"]
    after = read_overview(cycle.department)
    cycle.shots.take(cycle.department, "overview-after")
    # Before: nothing reported, no result last year: 0 of 1.5 points, all of it at risk.
    assert before.at_risk == MAXIMUM
    assert "chưa báo cáo" in before.reason
    # After: 95 % falls in the 90 % band, 0.75 points; the other 0.75 is still at risk.
    assert after.at_risk == pytest.approx(MAXIMUM - CORRECTED_POINTS)
    assert "theo số liệu đã duyệt" in after.reason
    assert after.total == pytest.approx(before.total + CORRECTED_POINTS)
    assert after.field_at_risk == pytest.approx(before.field_at_risk - CORRECTED_POINTS)


def the_workbook_and_the_pdf_report_are_produced(cycle: Cycle) -> None:
    """The Department downloads the People's Committee report for this month, both ways."""
    page = cycle.department
    menu(page, "Chỉ số CCHC: tổng quan")
    month = today_local().strftime("%Y-%m")
    page.select_option("#pc-report-period", month)
    page.get_by_role("button", name="Tạo Excel").click()  # a job: its page, then the file
    with page.expect_download(timeout=60_000) as workbook_download:
        page.get_by_role("link", name="Tải về").click(timeout=60_000)
    workbook = cycle.shots.folder / "bao-cao-ubnd.xlsx"
    workbook_download.value.save_as(workbook)
    book = load_workbook(workbook)
    reviewed = [r for r in book["Báo cáo đã xét"].iter_rows(values_only=True) if r[1] == CODE]
    # The return (version 1) and the acceptance (version 2) of 2.1.1, this month.
    assert sorted((r[4], r[5]) for r in reviewed) == [(1, "Trả lại"), (2, "Đã duyệt")]
    at_risk = [r for r in book["Nguy cơ mất điểm"].iter_rows(values_only=True) if r[0] == CODE]
    assert at_risk, "2.1.1 keeps 0.75 of its 1.5 points at risk"
    menu(page, "Chỉ số CCHC: tổng quan")
    page.select_option("#pc-report-period", month)
    page.get_by_role("button", name="Tạo PDF").click()
    with page.expect_download(timeout=60_000) as pdf_download:
        page.get_by_role("link", name="Tải về").click(timeout=60_000)
    pdf = cycle.shots.folder / "bao-cao-ubnd.pdf"
    pdf_download.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    text = subprocess.run(
        [require_tool("pdftotext"), "-layout", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "Báo cáo kết quả theo dõi Chỉ số CCHC" in text
    assert f"Tháng {today_local().month}/{today_local().year}" in text
    # The first page as a picture, beside the screenshots, to be looked at.
    subprocess.run(
        [
            require_tool("pdftoppm"),
            "-png",
            "-r",
            "60",
            "-f",
            "1",
            "-l",
            "1",
            str(pdf),
            str(cycle.shots.folder / "bao-cao-ubnd"),
        ],
        check=True,
    )
    if cycle.shots.copy_to is not None:
        for picture in cycle.shots.folder.glob("bao-cao-ubnd*.png"):
            shutil.copy(picture, cycle.shots.copy_to / picture.name)


def test_the_monthly_cycle_end_to_end(app: Flask, seeded: Session, tmp_path: Path) -> None:
    app.config["WTF_CSRF_ENABLED"] = True  # the browser sends the forms' tokens, as in use
    world = build_world(seeded)
    copy_to = os.environ.get("HAILONG_SCREENSHOTS")
    shots = Shots(tmp_path, Path(copy_to) if copy_to else None)
    with live.serve(app) as base, chromium() as browser:
        cycle = Cycle(
            world,
            agency=sign_in(browser, base, world.agency),
            department=sign_in(browser, base, world.department),
            shots=shots,
            evidence=evidence_pdf(tmp_path),
        )
        the_forecast_is_read_before_the_month(cycle)
        the_agency_reports_with_evidence(cycle)
        the_department_returns_it_with_a_comment(cycle)
        the_agency_corrects_and_resubmits(cycle)
        the_forecast_waits_for_acceptance(cycle)
        the_department_accepts_and_the_report_is_locked(cycle)
        the_forecast_and_the_warnings_change(cycle)
        the_workbook_and_the_pdf_report_are_produced(cycle)
    assert len(shots.taken) == 16
    assert not shots.problems, "\n".join(shots.problems)
