"""Page primitives for the QR PDFs: embedded fonts, vector QR symbols, text, grids.

Text is set in DejaVu Sans, taken from matplotlib's data folder (a pinned dependency)
and embedded, because the PDF base fonts have no Vietnamese letters.
"""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path

import matplotlib
from reportlab.lib.colors import Color, HexColor, black
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import cm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from survey_app.core.qr.images import QUIET_ZONE, qr_matrix

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 1.5 * cm
INK = HexColor("#1a1a1a")
ACCENT = HexColor("#0b4f8a")
MUTED = HexColor("#555555")
CUT_LINE = HexColor("#b0b0b0")

SANS, SANS_BOLD, MONO_BOLD = "HaiLong-Sans", "HaiLong-Sans-Bold", "HaiLong-Mono-Bold"
FONT_FILES = {
    SANS: "DejaVuSans.ttf",
    SANS_BOLD: "DejaVuSans-Bold.ttf",
    MONO_BOLD: "DejaVuSansMono-Bold.ttf",
}


@dataclass(frozen=True, slots=True)
class Cell:
    """A rectangle on the page in points, (x, y) its lower-left corner."""

    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True, slots=True)
class TextLine:
    """A line of text as it will be set."""

    text: str
    font: str
    size: float
    colour: Color = INK


@functools.cache
def register_fonts() -> None:
    """Register the embedded fonts with reportlab, once, on first use."""
    folder = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    for name, file_name in FONT_FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(folder / file_name)))


def new_canvas(title: str) -> tuple[Canvas, io.BytesIO]:
    """An A4 canvas writing to a buffer, with the fonts registered."""
    register_fonts()
    buffer = io.BytesIO()
    # invariant: no timestamps or random ids, so the same input gives the same bytes.
    # types-reportlab types initialFontName as a number; it is the font's name.
    canvas = Canvas(
        buffer,
        pagesize=A4,
        invariant=1,
        lang="vi",
        initialFontName=SANS,  # type: ignore[arg-type]
    )
    canvas.setTitle(title)
    canvas.setAuthor("Sở Nội vụ tỉnh Lạng Sơn")
    canvas.setCreator("HàiLòng")
    return canvas, buffer


def finish(canvas: Canvas, buffer: io.BytesIO) -> bytes:
    """Close the document and return its bytes."""
    canvas.save()
    return buffer.getvalue()


def sheet_cells(
    columns: int, rows: int, *, footer: float = 0.0, margin: float = MARGIN
) -> list[Cell]:
    """The cells of an A4 sheet inside the margins, row by row from the top left.

    ``footer`` is the height kept free at the bottom for a page line.
    """
    if columns < 1 or rows < 1:
        raise ValueError("columns and rows must be at least 1")
    width = (PAGE_WIDTH - 2 * margin) / columns
    height = (PAGE_HEIGHT - 2 * margin - footer) / rows
    return [
        Cell(margin + column * width, PAGE_HEIGHT - margin - (row + 1) * height, width, height)
        for row in range(rows)
        for column in range(columns)
    ]


def draw_qr(canvas: Canvas, url: str, x: float, y: float, side: float) -> None:
    """Draw the URL's symbol as one vector path, lower-left corner at (x, y).

    One path for all modules, not a square each, so viewers leave no hairline
    seams between neighbouring modules that a scanner could read as light.
    """
    matrix = qr_matrix(url)
    module = side / len(matrix)
    path = canvas.beginPath()
    for row_index, row in enumerate(matrix):
        column = 0
        bottom = y + (len(matrix) - 1 - row_index) * module
        for dark, run in groupby(row):
            length = len(list(run))
            if dark:
                path.rect(x + column * module, bottom, length * module, module)
            column += length
    canvas.setFillColor(black)
    canvas.drawPath(path, stroke=0, fill=1)


def quiet_zone(side: float, url: str) -> float:
    """The width of the white margin a symbol ``side`` wide needs around it."""
    return side / len(qr_matrix(url)) * QUIET_ZONE


def fitted(text: str, font: str, size: float, width: float) -> float:
    """The largest size up to ``size`` at which ``text`` fits on one line of ``width``."""
    return min(size, size * width / max(pdfmetrics.stringWidth(text, font, size), 1e-6))


def fit_line(text: str, font: str, size: float, width: float, colour: Color = INK) -> TextLine:
    """``text`` at ``size``, or smaller when that is what it takes to fit ``width``."""
    return TextLine(text, font, fitted(text, font, size, width), colour)


def balanced_lines(text: str, font: str, size: float, width: float) -> list[str]:
    """``text`` wrapped to ``width``; two lines are made about equal.

    A greedy wrap strands a short word on the last line ("… Lương Văn / Tri"),
    which reads badly in a heading.
    """
    lines = simpleSplit(text, font, size, width)
    if len(lines) != 2:
        return lines
    words = text.split()
    splits = [(" ".join(words[:i]), " ".join(words[i:])) for i in range(1, len(words))]
    fitting = [
        pair
        for pair in splits
        if max(pdfmetrics.stringWidth(part, font, size) for part in pair) <= width
    ]
    if not fitting:
        return lines
    best = min(fitting, key=lambda pair: max(pdfmetrics.stringWidth(p, font, size) for p in pair))
    return list(best)


def draw_text(canvas: Canvas, line: TextLine, x: float, y: float, *, centred: bool = True) -> None:
    """One line of text at baseline ``y``, centred on ``x`` or starting at it."""
    canvas.setFillColor(line.colour)
    canvas.setFont(line.font, line.size)
    if centred:
        canvas.drawCentredString(x, y, line.text)
    else:
        canvas.drawString(x, y, line.text)


def cut_box(canvas: Canvas, cell: Cell) -> None:
    """A dashed grey outline to cut along."""
    canvas.saveState()
    canvas.setStrokeColor(CUT_LINE)
    canvas.setLineWidth(0.5)
    canvas.setDash(3, 3)
    canvas.rect(cell.x, cell.y, cell.width, cell.height, stroke=1, fill=0)
    canvas.restoreState()


def rule(canvas: Canvas, y: float, *, colour: Color = CUT_LINE, thickness: float = 0.5) -> None:
    """A horizontal line across the page between the margins."""
    canvas.setFillColor(colour)
    canvas.rect(MARGIN, y, PAGE_WIDTH - 2 * MARGIN, thickness, stroke=0, fill=1)
