"""The Committee's report as a printable PDF: A4 landscape, DejaVu embedded, page numbers.

The same tables as the workbook (``pc_report_tables``), each cell set as a paragraph so a
long criterion name or reason wraps inside its column; column names repeat on each page.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date
from typing import Any
from xml.sax.saxutils import escape

from flask_babel import format_decimal
from flask_babel import gettext as _
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase.pdfmetrics import registerFontFamily
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.flowables import KeepTogether

from survey_app.core.qr.drawing import ACCENT, INK, MUTED, SANS, SANS_BOLD, register_fonts
from survey_app.tracker.pc_report import PROVINCE, PcReport
from survey_app.tracker.pc_report_tables import Cell, report_tables
from survey_app.tracker.pc_report_tables import Table as ReportTable

PAGE = landscape(A4)
MARGIN = 1.5 * cm
WIDTH = PAGE[0] - 2 * MARGIN
FOOTER = "Sở Nội vụ tỉnh Lạng Sơn · HàiLòng"
DRAFT_RED = colors.HexColor("#9a3412")
HEADER_FILL = colors.HexColor("#e8eef4")
RULE = colors.HexColor("#b0b8c0")

BODY = ParagraphStyle("body", fontName=SANS, fontSize=9.5, leading=12.5, textColor=INK)
SMALL = ParagraphStyle("small", parent=BODY, fontSize=8, leading=10)
NUMBER = ParagraphStyle("number", parent=SMALL, alignment=TA_RIGHT)
HEAD = ParagraphStyle("head", parent=SMALL, fontName=SANS_BOLD)
HEAD_NUMBER = ParagraphStyle("head_number", parent=HEAD, alignment=TA_RIGHT)
NOTE = ParagraphStyle("note", parent=SMALL, textColor=MUTED, spaceAfter=4)
TITLE = ParagraphStyle(
    "title", parent=BODY, fontName=SANS_BOLD, fontSize=15, leading=19, textColor=ACCENT
)
SECTION = ParagraphStyle(
    "section",
    parent=BODY,
    fontName=SANS_BOLD,
    fontSize=11,
    leading=14,
    spaceBefore=10,
    spaceAfter=3,
    textColor=ACCENT,
)
DRAFT = ParagraphStyle(
    "draft",
    parent=BODY,
    fontName=SANS_BOLD,
    textColor=DRAFT_RED,
    borderColor=DRAFT_RED,
    borderWidth=1,
    borderPadding=4,
    spaceBefore=6,
    spaceAfter=8,
)


def _footer(total: int | None) -> Callable[[Canvas, BaseDocTemplate], None]:
    """A page's footer: who made it, and "Trang x/y" once the count is known."""

    def draw(canvas: Canvas, _document: BaseDocTemplate) -> None:
        canvas.saveState()
        canvas.setFont(SANS, 7.5)
        canvas.setFillColor(MUTED)
        canvas.drawString(MARGIN, MARGIN / 2, FOOTER)
        page = canvas.getPageNumber()
        canvas.drawRightString(
            PAGE[0] - MARGIN,
            MARGIN / 2,
            _("Trang %(page)d/%(pages)d", page=page, pages=total or page),
        )
        canvas.restoreState()

    return draw


def _text(value: Cell) -> str:
    if value is None:
        return "—"
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return str(format_decimal(value, format="#,##0"))
    if isinstance(value, float):
        return str(format_decimal(value, format="#,##0.00"))
    return value


def _is_number(value: Cell) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _figure_columns(table: ReportTable) -> set[int]:
    """Columns of figures, set right (a missing figure's dash too); a label–value table
    keeps its values left."""
    if len(table.headers) <= 2:
        return set()
    return {i for row in table.rows for i, value in enumerate(row) if _is_number(value)}


def _table(table: ReportTable) -> list[Flowable]:
    found: list[Flowable] = [Paragraph(escape(table.heading), SECTION)]
    if table.note:
        found.append(Paragraph(escape(table.note), NOTE))
    if not table.rows:
        found.append(Paragraph(escape(table.empty), BODY))
        return found
    scale = WIDTH / sum(table.widths)
    data = [[Paragraph(escape(h), HEAD) for h in table.headers]]
    figures = _figure_columns(table)
    for index, row in enumerate(table.rows):
        bold = index in table.bold_rows
        text, number = (HEAD, HEAD_NUMBER) if bold else (SMALL, NUMBER)
        data.append(
            [
                Paragraph(escape(_text(value)), number if column in figures else text)
                for column, value in enumerate(row)
            ]
        )
    grid = Table(data, colWidths=[w * scale for w in table.widths], repeatRows=1)
    commands: list[tuple[Any, ...]] = [
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
        ("BOX", (0, 0), (-1, -1), 0.6, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
    ]
    grid.setStyle(TableStyle(commands))
    # The heading stays with the start of its table.
    return [KeepTogether([*found, grid])] if len(data) <= 4 else [*found, grid]


def _heading(report: PcReport) -> list[Flowable]:
    found: list[Flowable] = [
        Paragraph(escape(str(PROVINCE)), NOTE),
        Paragraph(escape(report.title()), TITLE),
        Spacer(1, 4),
        # The draft mark follows in its own box.
        Paragraph(escape(report.set_line(mark=False)), BODY),
        Paragraph(
            escape(
                _(
                    "Từ %(start)s đến %(end)s · Ngày lập báo cáo %(date)s",
                    start=report.first_day.strftime("%d/%m/%Y"),
                    end=report.last_day.strftime("%d/%m/%Y"),
                    date=report.produced.strftime("%d/%m/%Y"),
                )
            ),
            BODY,
        ),
    ]
    if report.is_draft:
        found.append(
            Paragraph(
                escape(
                    _(
                        "Bản dự thảo — không phải phụ lục chính thức: các tiêu chí, điểm tối đa "
                        "và cách chấm được dựng lại để dùng thử; điểm trong báo cáo là dự báo "
                        "trên bộ tiêu chí dự thảo."
                    )
                ),
                DRAFT,
            )
        )
    return found


def write_pc_pdf(report: PcReport) -> bytes:
    """The report as PDF bytes (the same input gives the same bytes)."""
    register_fonts()
    registerFontFamily(SANS, normal=SANS, bold=SANS_BOLD, italic=SANS, boldItalic=SANS_BOLD)
    pages: int | None = None
    # Twice: the first build counts the pages that "Trang x/y" names.
    for _round in range(2):
        buffer = io.BytesIO()
        document = _document(buffer, report)
        story = _heading(report)
        for table in report_tables(report):
            story += _table(table)
        footer = _footer(pages)
        document.build(story, onFirstPage=footer, onLaterPages=footer)
        pages = document.page
    return buffer.getvalue()


def _document(buffer: io.BytesIO, report: PcReport) -> SimpleDocTemplate:
    return SimpleDocTemplate(
        buffer,
        pagesize=PAGE,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=report.title(),
        author="Sở Nội vụ tỉnh Lạng Sơn",
        creator="HàiLòng",
        lang="vi",
        invariant=1,
    )
