"""The Committee's report as an Excel workbook: a sheet per section, real numbers and dates.

Each sheet: the title (row 1), the criterion set with the draft mark (row 2), the
section's heading (row 3), the column names (row 4, frozen, repeated on every printed
page), then the rows; a plain sentence under the column names when a section is empty,
the section's note under its rows. Numbers are number cells (points with two decimals),
dates are date cells shown dd/mm/yyyy.
"""

from __future__ import annotations

from datetime import date
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from survey_app.tracker.pc_report import PROVINCE, PcReport
from survey_app.tracker.pc_report_tables import Cell, Table, report_tables

HEADER_ROW = 4
DATE_FORMAT = "dd/mm/yyyy"
POINTS_FORMAT = "0.00"
COUNT_FORMAT = "0"
# A column at least this wide holds prose: its cells wrap instead of running on.
WRAP_WIDTH = 24
HEADER_FILL = PatternFill("solid", fgColor="E8EEF4")
DRAFT_FONT = Font(bold=True, color="9A3412")


def _write_cell(sheet: Worksheet, row: int, column: int, value: Cell, wrap: bool) -> None:
    cell = sheet.cell(row, column, value)
    if isinstance(value, date):
        cell.number_format = DATE_FORMAT
    elif isinstance(value, bool):
        pass
    elif isinstance(value, int):
        cell.number_format = COUNT_FORMAT
    elif isinstance(value, float):
        cell.number_format = POINTS_FORMAT
    cell.alignment = Alignment(vertical="top", wrap_text=wrap and isinstance(value, str))


def _heading(sheet: Worksheet, report: PcReport, table: Table) -> None:
    sheet.cell(1, 1, f"{PROVINCE} — {report.title()}").font = Font(bold=True, size=13)
    line = sheet.cell(2, 1, report.set_line())
    if report.is_draft:
        line.font = DRAFT_FONT
    sheet.cell(3, 1, table.heading).font = Font(bold=True, size=12)


def _write_table(sheet: Worksheet, report: PcReport, table: Table) -> None:
    _heading(sheet, report, table)
    for column, (header, width) in enumerate(zip(table.headers, table.widths, strict=True), 1):
        cell = sheet.cell(HEADER_ROW, column, header)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(vertical="top", wrap_text=True)
        sheet.column_dimensions[get_column_letter(column)].width = width
    row = HEADER_ROW
    for index, values in enumerate(table.rows):
        row = HEADER_ROW + 1 + index
        for column, value in enumerate(values, 1):
            _write_cell(sheet, row, column, value, table.widths[column - 1] >= WRAP_WIDTH)
            if index in table.bold_rows:
                sheet.cell(row, column).font = Font(bold=True)
    if not table.rows:
        row = HEADER_ROW + 1
        sheet.cell(row, 1, table.empty).font = Font(italic=True)
    if table.note:
        sheet.cell(row + 2, 1, table.note).font = Font(italic=True, color="555555")
    sheet.freeze_panes = sheet.cell(HEADER_ROW + 1, 1).coordinate
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if sum(table.widths) > 110 else "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)


def write_pc_workbook(report: PcReport) -> bytes:
    """The report as .xlsx bytes."""
    workbook = Workbook()
    workbook.remove(workbook.worksheets[0])
    for table in report_tables(report):
        _write_table(workbook.create_sheet(table.sheet), report, table)
    workbook.properties.creator = "HàiLòng"
    workbook.properties.title = report.title()
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
