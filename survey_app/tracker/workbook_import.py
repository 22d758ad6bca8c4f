"""Loading a criterion set from the Excel template: everything checked, then all or nothing.

The template (``workbook_export.write_workbook``) has three sheets: the instructions, the
set's particulars (code, year, kind, totals) and one flat sheet of criteria, one row each,
whose ``level`` and ``parent_code`` columns give the tree. A problem anywhere is reported
with its sheet, row and column, and the file loads nothing; a new year of a set loads
beside the old one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import IO, Any
from zipfile import BadZipFile

from flask_babel import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException
from sqlalchemy.orm import Session

from survey_app.models import CriterionSet, SetKind, SetStatus
from survey_app.tracker.criterion_rows import (
    COLUMNS,
    Problem,
    SetHeader,
    SourceRow,
    build_set,
    check_rows,
    set_exists,
)

SET_SHEET = "Bộ tiêu chí"
CRITERIA_SHEET = "Tiêu chí"
# The particulars sheet: one (key, label) per row, the value in column C.
SET_FIELDS = (
    ("code", "Mã bộ tiêu chí"),
    ("name", "Tên bộ tiêu chí"),
    ("year", "Năm áp dụng"),
    ("kind", "Loại (provincial: PAR INDEX cấp tỉnh; internal: chỉ số nội bộ)"),
    ("status", "Trạng thái (draft: dự thảo; official: chính thức)"),
    ("is_draft_annex", "Bản dự thảo, không phải phụ lục chính thức (yes/no)"),
    ("declared_total", "Tổng điểm tối đa"),
    ("survey_total", "Tổng điểm điều tra xã hội học"),
)
YES = ("yes", "có", "1", "true")
NO = ("no", "không", "0", "false")
MAX_ROWS = 2000


@dataclass(frozen=True, slots=True)
class ImportResult:
    """The loaded set, or the problems that kept the file from loading (never both)."""

    criterion_set: CriterionSet | None
    problems: list[Problem]


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _read_header(sheet: Any, problems: list[Problem]) -> SetHeader | None:
    values: dict[str, str] = {}
    rows: dict[str, int] = {}
    for number, row in enumerate(sheet.iter_rows(min_row=1, max_col=3, values_only=True), start=1):
        key = _text(row[0])
        if key in dict(SET_FIELDS):
            values[key] = _text(row[2] if len(row) > 2 else None)
            rows[key] = number
    missing = [
        Problem(SET_SHEET, rows.get(key, 0), key, _("Thiếu thông tin này."))
        for key, _label in SET_FIELDS
        if not values.get(key)
    ]
    if missing:
        problems.extend(missing)
        return None
    return _parse_header(values, rows, problems)


def _parse_header(
    values: dict[str, str], rows: dict[str, int], problems: list[Problem]
) -> SetHeader | None:
    found: list[Problem] = []

    def wrong(key: str, message: str) -> None:
        found.append(Problem(SET_SHEET, rows.get(key, 0), key, message))

    year = values["year"]
    if not year.isdigit() or not 2000 <= int(year) <= 2100:
        wrong("year", _("Năm phải là một số từ 2000 đến 2100."))
    kind = next((k for k in SetKind if k.value == values["kind"]), None)
    if kind is None:
        wrong("kind", _("Loại phải là provincial hoặc internal."))
    status = next((s for s in SetStatus if s.value == values["status"]), None)
    if status is None:
        wrong("status", _("Trạng thái phải là draft hoặc official."))
    draft_flag = values["is_draft_annex"].lower()
    if draft_flag not in YES + NO:
        wrong("is_draft_annex", _("Ghi yes hoặc no."))
    totals: dict[str, float] = {}
    for key in ("declared_total", "survey_total"):
        try:
            totals[key] = float(values[key].replace(",", "."))
        except ValueError:
            wrong(key, _("Phải là một số."))
    if len(values["code"]) > 40 or len(values["name"]) > 300:
        wrong("code", _("Mã tối đa 40 ký tự, tên tối đa 300 ký tự."))
    if found or kind is None or status is None:
        problems.extend(found)
        return None
    return SetHeader(
        code=values["code"],
        name=values["name"],
        year=int(year),
        kind=kind,
        status=status,
        is_draft_annex=draft_flag in YES,
        declared_total=totals["declared_total"],
        survey_total=totals["survey_total"],
    )


def _read_criteria(sheet: Any, problems: list[Problem]) -> list[SourceRow]:
    rows = sheet.iter_rows(values_only=True)
    titles = [_text(v) for v in next(rows, ())]
    missing = [c for c in COLUMNS if c not in titles]
    if missing:
        problems.append(
            Problem(CRITERIA_SHEET, 1, ", ".join(missing), _("Dòng tiêu đề thiếu các cột này."))
        )
        return []
    found: list[SourceRow] = []
    for number, values in enumerate(rows, start=2):
        cells = {t: _text(v) for t, v in zip(titles, values, strict=False) if t in COLUMNS}
        if not any(cells.values()):
            continue
        if len(found) >= MAX_ROWS:
            problems.append(Problem(CRITERIA_SHEET, number, "", _("Tệp có quá nhiều dòng.")))
            break
        found.append(SourceRow(CRITERIA_SHEET, number, cells))
    if not found and not problems:
        problems.append(Problem(CRITERIA_SHEET, 2, "", _("Chưa có tiêu chí nào.")))
    return found


def import_workbook(session: Session, stream: IO[bytes]) -> ImportResult:
    """Check the workbook in ``stream`` and, if nothing is wrong, load it; commits then."""
    problems: list[Problem] = []
    try:
        workbook = load_workbook(stream, read_only=True, data_only=True)
    except (InvalidFileException, BadZipFile, OSError, KeyError, ValueError):
        return ImportResult(
            None, [Problem("", 0, "", _("Tệp không phải là một tệp Excel (.xlsx)."))]
        )
    try:
        for name in (SET_SHEET, CRITERIA_SHEET):
            if name not in workbook.sheetnames:
                problems.append(Problem(name, 0, "", _("Tệp thiếu trang tính này.")))
        if problems:
            return ImportResult(None, problems)
        header = _read_header(workbook[SET_SHEET], problems)
        rows = _read_criteria(workbook[CRITERIA_SHEET], problems)
    finally:
        workbook.close()
    if header is None or problems:
        return ImportResult(None, problems)
    if set_exists(session, header.code, header.year):
        message = _("Bộ tiêu chí %(code)s năm %(year)s đã có.", code=header.code, year=header.year)
        return ImportResult(None, [Problem(SET_SHEET, 0, "code", message)])
    roots, problems = check_rows(header, rows)
    if problems:
        return ImportResult(None, problems)
    criterion_set = build_set(session, header, roots)
    session.commit()
    return ImportResult(criterion_set, [])
