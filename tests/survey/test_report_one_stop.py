"""The SIPAS workbook's one-stop sheet: each centre's dossier figures, or words when none."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import load_workbook
from sqlalchemy.orm import Session

from survey_app.core.one_stop import DayFigures, FigureSource, replace_days_figures
from survey_app.survey.report import write_sipas_workbook
from survey_app.survey.report_data import build_sipas_report
from tests import factories
from tests.survey.test_report import rows


def workbook(session: Session, tmp_path: Path) -> object:
    report = build_sipas_report(session, "2026-Q4", replicates=20)
    return load_workbook(write_sipas_workbook(report, tmp_path / "sipas.xlsx"))


def test_the_one_stop_sheet_has_a_row_per_centre(seeded: Session, tmp_path: Path) -> None:
    centre = factories.centre(seeded)
    replace_days_figures(
        seeded,
        centre.id,
        {
            date(2026, 11, 16): DayFigures(60, 50, 6, 4, 3),
            date(2026, 12, 1): DayFigures(40, 30, 4, 2, 1),
        },
        FigureSource.api_key(1),
    )
    book = workbook(seeded, tmp_path)
    table = {r["Trung tâm"]: r for r in rows(book["Hệ thống một cửa"], "Trung tâm")}
    mine = table[centre.name]
    assert (mine["Số ngày có số liệu"], mine["Hồ sơ tiếp nhận"], mine["Kết quả trễ hạn"]) == (
        2,
        100,
        10,
    )
    assert mine["Tỉ lệ đúng hạn (%)"] == 88.89
    assert mine["Tỉ lệ xin lỗi (%)"] == 60.0
    others = [r for name, r in table.items() if name != centre.name]
    assert others
    assert all(r["Số ngày có số liệu"] == "Chưa có số liệu từ hệ thống một cửa" for r in others)


def test_a_period_without_one_stop_figures_says_so(seeded: Session, tmp_path: Path) -> None:
    sheet = workbook(seeded, tmp_path)["Hệ thống một cửa"]
    texts = [c.value for c in sheet["A"] if c.value]
    assert "Chưa có số liệu từ hệ thống một cửa cho kỳ này." in texts
