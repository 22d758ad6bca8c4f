"""Writing an ExportTable as CSV or as an Excel workbook, and naming the file."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, time

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from survey_app.admin.exports import ExportTable

MIMETYPES = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
_BOLD = Font(bold=True)
DATE_FORMAT = "%d/%m/%Y"
EXCEL_DATE = "DD/MM/YYYY"


def table_csv(table: ExportTable) -> bytes:
    """UTF-8 with a byte-order mark: without it, Excel shows Vietnamese as mojibake."""
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(table.headers)
    for row in table.rows:
        writer.writerow(["" if v is None else _safe_text(_csv_value(v)) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _csv_value(value: object) -> object:
    """Dates as Vietnamese write them (dd/mm/yyyy), which Excel in Vietnam reads as dates."""
    return value.strftime(DATE_FORMAT) if isinstance(value, date) else value


def table_xlsx(table: ExportTable) -> bytes:
    """A workbook: the table on the first sheet (bold, frozen header), notes on the second.

    Write-only mode streams rows into the file instead of holding a cell object for
    each of up to a few million cells.
    """
    book = Workbook(write_only=True)
    sheet = book.create_sheet(table.title[:31])
    sheet.freeze_panes = "A2"
    _header(sheet, table.headers)
    for row in table.rows:
        sheet.append([_xlsx_cell(sheet, v) for v in row])
    notes = book.create_sheet("Ghi chú")
    _header(notes, ["Mục", "Nội dung"])
    for label, text in table.notes:
        notes.append([label, _safe_text(text)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _xlsx_cell(sheet: WriteOnlyWorksheet, value: object) -> object:
    """A date as a real date cell shown dd/mm/yyyy; text kept from being run as a formula."""
    if isinstance(value, date):
        moment = value if isinstance(value, datetime) else datetime.combine(value, time())
        cell = WriteOnlyCell(sheet, value=moment)
        cell.number_format = EXCEL_DATE
        return cell
    return _safe_text(value)


def _header(sheet: WriteOnlyWorksheet, headers: list[str]) -> None:
    cells = []
    for text in headers:
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = _BOLD
        cells.append(cell)
    sheet.append(cells)


def _safe_text(value: object) -> object:
    """Text that Excel would run as a formula (``=``, ``+``, ``-``, ``@``) is kept as text.

    A citizen's comment is untrusted input; opened in Excel, from the workbook or from
    the CSV, it must stay words.
    """
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def file_name(kind: str, start: date, end: date, extension: str) -> str:
    """``hailong-phieu-2026-10-01-2026-10-31.xlsx``: ASCII, as every browser accepts."""
    return f"hailong-{kind}-{start.isoformat()}-{end.isoformat()}.{extension}"
