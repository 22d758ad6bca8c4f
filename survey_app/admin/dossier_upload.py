"""Dossier counts for many centres and weeks at once, from a CSV or Excel file.

The whole file is read and checked before anything is saved: one wrong row and nothing
is saved, and every problem is reported by row and column, so the person fixes the
file and sends it again. A row may only name a centre in the user's scope.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask_babel import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from sqlalchemy.orm import Session

from survey_app.admin.dossiers import put_dossier_count
from survey_app.models import Centre, User

KEY = "Mã trung tâm"
NAME = "Tên trung tâm"
WEEK = "Tuần từ ngày (thứ Hai)"
COUNT = "Số hồ sơ"
HEADERS = (KEY, NAME, WEEK, COUNT)
MAX_DOSSIERS = 1_000_000
MAX_ROWS = 5_000


class UnreadableFileError(ValueError):
    """The file is neither an Excel workbook nor a UTF-8 CSV with the template's columns."""


@dataclass(frozen=True, slots=True)
class RowProblem:
    """What is wrong in one row (1 is the header row) and column of the file."""

    row: int
    column: str
    message: str


@dataclass(frozen=True, slots=True)
class DossierRow:
    """A checked row, ready to save."""

    row: int
    centre: Centre
    week_start: date
    dossiers: int


def read_table(content: bytes) -> list[tuple[int, dict[str, object]]]:
    """(row number, values by header) for each non-empty row; Excel by content, else CSV."""
    if content.startswith(b"PK"):
        try:
            sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).worksheets[0]
            values = [list(r) for r in sheet.iter_rows(values_only=True)]
        except (zipfile.BadZipFile, KeyError, OSError, ValueError, IndexError) as error:
            raise UnreadableFileError(_("Không đọc được tệp Excel này.")) from error
    else:
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise UnreadableFileError(
                _("Tệp không phải Excel (.xlsx) hay CSV mã hoá UTF-8.")
            ) from error
        delimiter = (
            ";" if text.split("\n", 1)[0].count(";") > text.split("\n", 1)[0].count(",") else ","
        )
        values = [list(r) for r in csv.reader(io.StringIO(text), delimiter=delimiter)]
    if not values:
        raise UnreadableFileError(_("Tệp trống."))
    header = [str(v).strip() if v is not None else "" for v in values[0]]
    missing = [h for h in (KEY, WEEK, COUNT) if h not in header]
    if missing:
        raise UnreadableFileError(
            _("Dòng đầu của tệp thiếu cột: %(columns)s.", columns=", ".join(missing))
        )
    if len(values) - 1 > MAX_ROWS:
        raise UnreadableFileError(_("Tệp có quá %(n)d dòng.", n=MAX_ROWS))
    rows: list[tuple[int, dict[str, object]]] = []
    for number, row in enumerate(values[1:], start=2):
        cells: dict[str, object] = dict(zip(header, row, strict=False))
        if any(str(v).strip() for v in cells.values() if v is not None):
            rows.append((number, cells))
    return rows


def check_rows(
    rows: Iterable[tuple[int, dict[str, object]]], centres: Iterable[Centre], today: date
) -> tuple[list[DossierRow], list[RowProblem]]:
    """Every row checked: centre in scope, a Monday of a week begun, a whole number ≥ 0."""
    by_key = {c.key: c for c in centres}
    checked: list[DossierRow] = []
    problems: list[RowProblem] = []
    seen: dict[tuple[str, date], int] = {}
    for number, cells in rows:
        key = str(cells.get(KEY) or "").strip()
        centre = by_key.get(key)
        if centre is None:
            problems.append(
                RowProblem(
                    number,
                    KEY,
                    _("Không có trung tâm mã «%(key)s» trong phạm vi của bạn.", key=key),
                )
            )
        week = _week(cells.get(WEEK), number, problems, today)
        dossiers = _count(cells.get(COUNT), number, problems)
        if centre is None or week is None or dossiers is None:
            continue
        if (key, week) in seen:
            problems.append(
                RowProblem(
                    number,
                    WEEK,
                    _("Trùng với dòng %(row)d (cùng trung tâm, cùng tuần).", row=seen[(key, week)]),
                )
            )
            continue
        seen[(key, week)] = number
        checked.append(DossierRow(number, centre, week, dossiers))
    return checked, problems


def _week(value: object, number: int, problems: list[RowProblem], today: date) -> date | None:
    day = _day(value)
    if day is None:
        problems.append(RowProblem(number, WEEK, _("Cần một ngày dạng dd/mm/yyyy.")))
        return None
    if day.weekday() != 0:
        problems.append(
            RowProblem(number, WEEK, _("%(day)s không phải thứ Hai.", day=day.strftime("%d/%m/%Y")))
        )
        return None
    if day > today - timedelta(days=today.weekday()):
        problems.append(RowProblem(number, WEEK, _("Tuần này chưa bắt đầu.")))
        return None
    return day


def _day(value: object) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value or "").strip()
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def _count(value: object, number: int, problems: list[RowProblem]) -> int | None:
    text = str(value if value is not None else "").strip().replace(".", "").replace(" ", "")
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))
    if not text.isdigit() or int(text) > MAX_DOSSIERS:
        problems.append(
            RowProblem(number, COUNT, _("Cần một số nguyên từ 0 đến %(max)s.", max="1.000.000"))
        )
        return None
    return int(text)


def save_rows(session: Session, actor: User, rows: Iterable[DossierRow]) -> int:
    """Save every checked row in one transaction (each audited); returns how many."""
    saved = 0
    for row in rows:
        put_dossier_count(session, actor, row.centre, row.week_start, row.dossiers)
        saved += 1
    session.commit()
    return saved


def template_xlsx(centres: Iterable[Centre], week: date) -> bytes:
    """The template: one row per centre of the user, last full week, count left empty."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook has one sheet
    sheet.title = "Số hồ sơ"
    sheet.append(list(HEADERS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for centre in centres:
        sheet.append([centre.key, centre.name, week, None])
        sheet.cell(sheet.max_row, 3).number_format = "DD/MM/YYYY"
    sheet.freeze_panes = "A2"
    for column, width in zip("ABCD", (22, 60, 24, 12), strict=True):
        sheet.column_dimensions[column].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
