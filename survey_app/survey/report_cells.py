"""The SIPAS workbook's cells: a figure with its n and interval, titles, tables, empty sheets."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd
from flask_babel import force_locale
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from survey_app.core.formatting import period_words
from survey_app.survey.report_data import SipasReport

FREEZE_LIMIT = 5  # no pane frozen below row 5
FIGURE_HEADERS = ("n", "Giá trị (%)", "KTC 95% — cận dưới", "KTC 95% — cận trên")
TOO_FEW = "Quá ít câu trả lời (n < {min_n})"


def figure(row: Any, report: SipasReport, value: str = "index") -> list[Any]:
    """n, the value and its interval, two decimals; "too few answers" as text."""
    if bool(row.too_few) or pd.isna(getattr(row, value)):
        return [int(row.n), TOO_FEW.format(min_n=report.method.min_n), None, None]
    low, high = row.ci_low, row.ci_high
    return [
        int(row.n),
        round(float(getattr(row, value)), 2),
        None if pd.isna(low) else round(float(low), 2),
        None if pd.isna(high) else round(float(high), 2),
    ]


def period_vi(report: SipasReport) -> str:
    """The report's period as the province writes it: "Quý III/2026", "Tháng 11/2026"."""
    with force_locale("vi"):
        return period_words(report.period)


def empty_sheet(sheet: Worksheet, report: SipasReport, sentence: str) -> None:
    """A sheet with nothing to show says why, in a plain sentence, under its name."""
    title(sheet, report, sheet.title)
    sheet["A4"] = sentence.format(period=period_vi(report))
    sheet.column_dimensions["A"].width = 100


def title(sheet: Worksheet, report: SipasReport, heading: str, note: str = "") -> int:
    sheet["A1"] = f"{heading} — {period_vi(report)}"
    sheet["A1"].font = Font(bold=True, size=13)
    if note:
        sheet["A2"] = note
        sheet["A2"].alignment = Alignment(wrap_text=False)
    return 4


def table(sheet: Worksheet, top: int, headers: Sequence[str], rows: Iterable[list[Any]]) -> int:
    """A header row in bold, then the rows; returns the next free row."""
    for col, header in enumerate(headers, start=1):
        cell = sheet.cell(top, col, header)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    row_no = top
    for row_no, values in enumerate(rows, start=top + 1):
        for col, value in enumerate(values, start=1):
            cell = sheet.cell(row_no, col, value)
            if isinstance(value, float):
                cell.number_format = "0.00"
    if sheet.freeze_panes is None and top <= FREEZE_LIMIT:
        # The first table's header only: a pane frozen further down hides what is below it.
        sheet.freeze_panes = sheet.cell(top + 1, 1).coordinate
    for col, header in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(col)].width = max(12, min(48, len(header) + 4))
    return row_no + 2


def number(value: float) -> float | str:
    return "—" if pd.isna(value) else round(float(value), 2)
