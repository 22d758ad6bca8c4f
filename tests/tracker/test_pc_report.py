"""The Committee's report: the workbook's sheets, figures, dates, frozen header, empty sections."""

from __future__ import annotations

from datetime import date, datetime
from io import BytesIO

import pytest
from flask import Flask
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy.orm import Session

from survey_app.core.periods import parse_period
from survey_app.tracker.pc_report import build_pc_report, months_of, period_choices
from survey_app.tracker.pc_report_xlsx import write_pc_workbook
from survey_app.tracker.periods import open_period
from survey_app.tracker.standing import set_standing
from tests.tracker.conftest import Tracker
from tests.tracker.pc_report_world import TODAY, report_world

SHEETS = [
    "Thông tin chung",
    "Theo lĩnh vực",
    "Nguy cơ mất điểm",
    "Điều tra xã hội học",
    "Chậm báo cáo",
    "Việc quá hạn",
    "Báo cáo đã xét",
    "Việc đã hoàn thành",
]


def workbook(seeded: Session, tracker: Tracker, label: str) -> dict[str, Worksheet]:
    report = build_pc_report(seeded, tracker.par, parse_period(label), TODAY)
    book = load_workbook(BytesIO(write_pc_workbook(report)))
    return {sheet.title: sheet for sheet in book.worksheets}


def rows(sheet: Worksheet) -> list[list[object]]:
    """The rows under the column names (row 4), up to the first empty one."""
    found = []
    for row in sheet.iter_rows(min_row=5, values_only=True):
        if all(v is None for v in row):
            break
        found.append(list(row))
    return found


def column(sheet: Worksheet, name: str) -> int:
    headers = [c.value for c in sheet[4]]
    return headers.index(name)


@pytest.fixture
def world(app: Flask, seeded: Session, tracker: Tracker) -> Tracker:
    report_world(seeded, tracker)
    return tracker


def test_sheets_carry_vietnamese_names_and_the_heading(
    app: Flask, seeded: Session, world: Tracker
) -> None:
    with app.test_request_context():
        sheets = workbook(seeded, world, "2026-Q2")
    assert list(sheets) == SHEETS
    for sheet in sheets.values():
        assert "Quý II/2026" in str(sheet["A1"].value)
        assert "Tỉnh Lạng Sơn" in str(sheet["A1"].value)
        assert "Bản dự thảo — không phải phụ lục chính thức" in str(sheet["A2"].value)
        # Only the column names are frozen, never a pane below row 5.
        assert sheet.freeze_panes == "A5"
        assert sheet["A4"].font.bold
        widths = [
            sheet.column_dimensions[get_column_letter(i)].width
            for i in range(1, sheet.max_column + 1)
        ]
        assert min(widths) >= 6, sheet.title
        assert max(widths) >= 30, sheet.title
    facts = {row[0]: row[1] for row in rows(sheets["Thông tin chung"])}
    assert facts["Kỳ báo cáo"] == "Quý II/2026"
    assert facts["Tình trạng bộ tiêu chí"] == "Bản dự thảo — không phải phụ lục chính thức"


def test_figures_are_the_standings_as_numbers(app: Flask, seeded: Session, world: Tracker) -> None:
    with app.test_request_context():
        sheets = workbook(seeded, world, "2026-Q2")
        standing = set_standing(seeded, world.par, TODAY)
    fields = rows(sheets["Theo lĩnh vực"])
    expected = [*standing.totals.fields, standing.totals.province]
    assert len(fields) == len(expected) == 9
    for row, total in zip(fields, expected, strict=True):
        assert row[1] == pytest.approx(total.maximum)
        assert row[2] == pytest.approx(total.points)
        assert row[5] == pytest.approx(total.maximum - total.points)
    assert fields[-1][0] == "Toàn tỉnh"
    assert fields[-1][2] == pytest.approx(1.75)
    total_cell = sheets["Theo lĩnh vực"].cell(5 + 8, 3)
    assert isinstance(total_cell.value, float)
    assert total_cell.number_format == "0.00"
    facts = {row[0]: row[1] for row in rows(sheets["Thông tin chung"])}
    assert facts["Tổng điểm dự báo"] == pytest.approx(standing.totals.province.points)
    assert facts["Nhóm dự báo"] == "dưới C"
    risks = rows(sheets["Nguy cơ mất điểm"])
    at_risk = [r[4] for r in risks]
    assert at_risk == sorted(at_risk, reverse=True)
    assert [r[0] for r in risks] == [i.criterion.code for i in standing.at_risk]
    justice = next(r for r in risks if r[0] == "2.1.1")
    assert (justice[3], justice[4], justice[6]) == (0.75, 0.75, "Sở Tư pháp")
    assert "Dự báo" in str(justice[5])
    survey = rows(sheets["Điều tra xã hội học"])
    assert {r[0] for r in survey} == {
        i.criterion.code for i in standing.items if i.criterion.source.value == "survey"
    }


def test_dates_are_date_cells_shown_day_month_year(
    app: Flask, seeded: Session, world: Tracker
) -> None:
    with app.test_request_context():
        sheets = workbook(seeded, world, "2026-Q2")
    facts = sheets["Thông tin chung"]
    produced = next(r for r in facts.iter_rows(min_row=5) if r[0].value == "Ngày lập báo cáo")[1]
    assert produced.is_date
    assert produced.value == datetime(2026, 6, 15)
    assert produced.number_format == "dd/mm/yyyy"
    overdue = sheets["Việc quá hạn"]
    deadline = overdue.cell(5, column(overdue, "Hạn") + 1)
    assert deadline.is_date
    assert deadline.number_format == "dd/mm/yyyy"
    assert deadline.value == datetime(2026, 4, 1)
    assert overdue.cell(5, column(overdue, "Số ngày quá hạn") + 1).value == 75
    reviewed = rows(sheets["Báo cáo đã xét"])
    assert [(r[0], r[5], r[6]) for r in reviewed] == [
        ("Tháng 3/2026", "Đã duyệt", datetime(2026, 4, 15)),
        ("Tháng 4/2026", "Trả lại", datetime(2026, 5, 14)),
    ]
    assert reviewed[1][7] == "Thiếu tài liệu kiểm chứng"
    done = rows(sheets["Việc đã hoàn thành"])
    assert [(r[0], r[5]) for r in done] == [("2.1.1", datetime(2026, 5, 20))]


def test_a_quarter_lists_who_was_late_month_by_month(
    app: Flask, seeded: Session, world: Tracker
) -> None:
    with app.test_request_context():
        late = rows(workbook(seeded, world, "2026-Q2")["Chậm báo cáo"])
    assert [(r[0], r[2]) for r in late] == [
        ("Tháng 4/2026", "Sở Tài chính"),
        ("Tháng 4/2026", "Sở Tư pháp"),  # sent on 12/05, after the deadline
        ("Tháng 5/2026", "Tháng 5/2026: chưa mở kỳ báo cáo."),
        ("Tháng 6/2026", "Tháng 6/2026: chưa mở kỳ báo cáo."),
    ]
    assert late[0][1] == datetime(2026, 5, 10)
    assert late[0][4] == "6.1.1"


def test_a_month_with_nothing_done_says_so_in_a_sentence(
    app: Flask, seeded: Session, world: Tracker
) -> None:
    with app.test_request_context():
        sheets = workbook(seeded, world, "2026-03")
    # March's report was sent on time (08/04) and reviewed in April: nothing in March.
    assert [r[2] for r in rows(sheets["Chậm báo cáo"])] == ["Sở Tài chính"]
    assert sheets["Báo cáo đã xét"]["A5"].value == (
        "Trong kỳ không có báo cáo nào được duyệt hoặc trả lại."
    )
    assert sheets["Việc đã hoàn thành"]["A5"].value == (
        "Trong kỳ không có việc khắc phục nào hoàn thành."
    )


def test_a_period_without_reports_still_makes_a_report(
    app: Flask, seeded: Session, tracker: Tracker
) -> None:
    with app.test_request_context():
        sheets = workbook(seeded, tracker, "2026-Q1")
    assert list(sheets) == SHEETS
    assert [r[2] for r in rows(sheets["Chậm báo cáo"])] == [
        f"Tháng {m}/2026: chưa mở kỳ báo cáo." for m in (1, 2, 3)
    ]
    assert sheets["Việc quá hạn"]["A5"].value == "Không có việc khắc phục nào quá hạn."
    assert rows(sheets["Theo lĩnh vực"])[-1][2] == pytest.approx(0.0)


def test_periods_months_and_the_choices(app: Flask, seeded: Session, world: Tracker) -> None:
    assert [p.label for p in months_of(parse_period("2026-Q4"))] == [
        "2026-10",
        "2026-11",
        "2026-12",
    ]
    assert [p.label for p in months_of(parse_period("2026-11"))] == ["2026-11"]
    labels = [p.label for p in period_choices(seeded, world.par, date(2026, 6, 15))]
    assert labels == ["2026-06", "2026-Q2", "2026-04", "2026-03", "2026-Q1"]


def test_a_period_opened_without_any_report_lists_every_lead_agency_late(
    app: Flask, seeded: Session, tracker: Tracker
) -> None:
    open_period(seeded, tracker.admin, tracker.par, date(2026, 5, 1), date(2026, 6, 10))
    with app.test_request_context():
        sheets = workbook(seeded, tracker, "2026-05")
    late = rows(sheets["Chậm báo cáo"])
    assert sorted(r[2] for r in late) == ["Sở Tài chính", "Sở Tư pháp"]
    assert {r[1] for r in late} == {datetime(2026, 6, 10)}
    assert sheets["Báo cáo đã xét"]["A5"].value == (
        "Trong kỳ không có báo cáo nào được duyệt hoặc trả lại."
    )


def test_the_workbook_follows_the_readers_language(
    app: Flask, seeded: Session, world: Tracker
) -> None:
    with app.test_request_context("/?lang=en"):
        sheets = workbook(seeded, world, "2026-Q2")
    assert list(sheets)[:2] == ["General", "By field"]
    assert sheets["General"]["A1"].value == (
        "Lạng Sơn province — PAR index tracking report — Quarter II/2026"
    )
    assert "Draft — not the official annex" in str(sheets["General"]["A2"].value)
