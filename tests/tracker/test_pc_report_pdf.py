"""The Committee's report on the web: the PDF's text, who may download, months and quarters."""

from __future__ import annotations

import subprocess
from io import BytesIO
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from openpyxl import load_workbook
from sqlalchemy.orm import Session

from survey_app.tracker import views_overview, views_pc_report
from tests.html import parse
from tests.tools import require_tool
from tests.tracker.conftest import Tracker
from tests.tracker.pc_report_world import TODAY, report_world


@pytest.fixture(autouse=True)
def mid_june(monkeypatch: pytest.MonkeyPatch) -> None:
    """The report and the overview are made on 15/06/2026."""
    monkeypatch.setattr(views_pc_report, "today_local", lambda: TODAY)
    monkeypatch.setattr(views_overview, "today_local", lambda: TODAY)


def url(tracker: Tracker, extension: str, period: str | None) -> str:
    query = f"?ky={period}" if period else ""
    return f"/quan-ly/chi-so-cchc/{tracker.par.id}/bao-cao-ubnd.{extension}{query}"


def pdf_text(content: bytes, tmp_path: Path) -> str:
    pdftotext = require_tool("pdftotext")
    path = tmp_path / "bao-cao.pdf"
    path.write_bytes(content)
    found = subprocess.run(
        [pdftotext, "-layout", str(path), "-"], capture_output=True, check=True, text=True
    )
    return found.stdout


def test_the_pdf_holds_the_headings_and_the_forecast_total(
    admin_client: FlaskClient, seeded: Session, tracker: Tracker, tmp_path: Path
) -> None:
    report_world(seeded, tracker)
    response = admin_client.get(url(tracker, "pdf", "2026-Q2"))
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert "bao-cao-ubnd-par-index-2026-q2.pdf" in response.headers["Content-Disposition"]
    assert response.data.startswith(b"%PDF")
    text = pdf_text(response.data, tmp_path)
    for heading in (
        "Báo cáo kết quả theo dõi Chỉ số CCHC — Quý II/2026",
        "Tỉnh Lạng Sơn",
        "Bản dự thảo — không phải phụ lục chính thức",
        "Ngày lập báo cáo 15/06/2026",
        "Điểm dự báo theo lĩnh vực",
        "Tiêu chí có nguy cơ mất điểm",
        "Tiêu chí điều tra xã hội học",
        "Cơ quan chưa báo cáo đúng hạn",
        "Việc khắc phục quá hạn",
        "Báo cáo đã duyệt hoặc trả lại trong kỳ",
        "Tháng 5/2026: chưa mở kỳ báo cáo.",
        "Trang 1/",
    ):
        assert heading in text, heading
    total = next(line for line in text.splitlines() if "Tổng điểm dự báo" in line)
    assert "1,75" in total
    assert "Thiếu tài liệu kiểm chứng" in text


def test_a_month_and_a_quarter_both_download_as_excel_and_pdf(
    admin_client: FlaskClient, seeded: Session, tracker: Tracker
) -> None:
    report_world(seeded, tracker)
    for period, label in (("2026-04", "Tháng 4/2026"), ("2026-Q2", "Quý II/2026")):
        pdf = admin_client.get(url(tracker, "pdf", period))
        assert pdf.status_code == 200
        assert pdf.data.startswith(b"%PDF")
        xlsx = admin_client.get(url(tracker, "xlsx", period))
        assert xlsx.status_code == 200
        assert xlsx.headers["Cache-Control"] == "no-store"
        book = load_workbook(BytesIO(xlsx.data))
        assert label in str(book["Thông tin chung"]["A1"].value)
    # No period named: this month's report.
    book = load_workbook(BytesIO(admin_client.get(url(tracker, "xlsx", None)).data))
    assert "Tháng 6/2026" in str(book["Thông tin chung"]["A1"].value)


def test_a_period_without_reports_downloads(
    admin_client: FlaskClient, tracker: Tracker, tmp_path: Path
) -> None:
    response = admin_client.get(url(tracker, "pdf", "2026-Q1"))
    assert response.status_code == 200
    text = pdf_text(response.data, tmp_path)
    assert "Tháng 1/2026: chưa mở kỳ báo cáo." in text
    assert "Trong kỳ không có báo cáo nào được duyệt hoặc trả lại." in text


@pytest.mark.parametrize("period", ["2026", "2026-W10", "2026-13", "tháng-11", "2026-Q5"])
def test_a_period_that_is_no_month_or_quarter_is_refused(
    admin_client: FlaskClient, tracker: Tracker, period: str
) -> None:
    assert admin_client.get(url(tracker, "xlsx", period)).status_code == 400


def test_agency_users_get_no_report(
    justice_client: FlaskClient, seeded: Session, tracker: Tracker
) -> None:
    report_world(seeded, tracker)
    for extension in ("xlsx", "pdf"):
        assert justice_client.get(url(tracker, extension, "2026-Q2")).status_code in (403, 404)
    page = parse(justice_client.get(f"/quan-ly/chi-so-cchc/{tracker.par.id}/tong-quan"))
    assert page.select_one("#pc-report") is None
    assert "bao-cao-ubnd" not in str(page)


def test_the_overview_links_the_reports_with_a_period_chooser(
    admin_client: FlaskClient, seeded: Session, tracker: Tracker
) -> None:
    report_world(seeded, tracker)
    page = parse(admin_client.get(f"/quan-ly/chi-so-cchc/{tracker.par.id}/tong-quan"))
    links = [a["href"] for a in page.select("#pc-report-links a")]
    # The last period due is April's: its month and its quarter.
    assert links == [
        url(tracker, "xlsx", "2026-04"),
        url(tracker, "pdf", "2026-04"),
        url(tracker, "xlsx", "2026-Q2"),
        url(tracker, "pdf", "2026-Q2"),
    ]
    form = page.select_one("#pc-report-form")
    assert (
        form["method"] == "post"
    )  # built as a background job (tests/tracker/test_pc_report_job.py)
    assert form["action"] == f"/quan-ly/chi-so-cchc/{tracker.par.id}/bao-cao-ubnd"
    assert [b["value"] for b in form.select("button[name=dang]")] == ["xlsx", "pdf"]
    options = {o["value"]: o.get_text() for o in form.select("select[name=ky] option")}
    assert options["2026-Q2"] == "Quý II/2026"
    assert options["2026-04"] == "Tháng 4/2026"
    assert form.select_one("option[selected]")["value"] == "2026-04"
