"""Where a small QR and its text go on a cut-out slip: a sticker or a receipt code.

A slip is scanned on its own, once cut, and also as part of a whole sheet photographed
at once. Both need the symbol's full four-module quiet zone inside the slip, clear of
text and of the cut line, and text that stays away from the cut line, so a slightly
crooked cut takes no letters. The layout is computed first (:func:`slip_layout`) and
drawn after, so tests can check every position against the cell.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from survey_app.core.qr.drawing import Cell, TextLine, draw_qr, draw_text
from survey_app.core.qr.images import QUIET_ZONE, qr_matrix

# Measured with zbar on sheets rendered at 150 dpi, scaled to 40 %, blurred (radius 1.2)
# and saved as JPEG quality 25: 4.6 cm symbols of 29 modules (1.6 mm each) decoded
# every slip, the 3.2 cm (1.1 mm) receipt symbols this replaces none of 12; 4.9 cm
# (1.7 mm) leaves a margin for a worse photo (still every slip at 35 % or blur 1.5).
SLIP_QR_SIDE = 4.9 * cm
TEXT_INSET = 0.3 * cm  # text keeps this far from the cut line on every side
QUIET_GAP = 0.05 * cm  # and the quiet zone this far, so the grey cut line is not in it
# Above a line's baseline, capitals with Vietnamese stacked marks (Ấ, Ữ) reach 1.07 em
# in DejaVu Sans; below it, descenders reach 0.23 em. A line's height holds both.
ASCENT, DESCENT = 1.15, 0.25
LEADING = ASCENT + DESCENT


@dataclass(frozen=True, slots=True)
class PlacedLine:
    """A line of text centred on ``x`` with its baseline at ``y``."""

    line: TextLine
    x: float
    y: float

    def box(self) -> Cell:
        """The rectangle the line's letters can cover, accents and descenders included."""
        width = pdfmetrics.stringWidth(self.line.text, self.line.font, self.line.size)
        bottom = self.y - DESCENT * self.line.size
        height = (ASCENT + DESCENT) * self.line.size
        return Cell(self.x - width / 2, bottom, width, height)


@dataclass(frozen=True, slots=True)
class SlipLayout:
    """The symbol (``qr``, without its quiet zone), the zone around it, and the text."""

    qr: Cell
    quiet: float
    lines: tuple[PlacedLine, ...]

    def quiet_box(self) -> Cell:
        """The symbol with its quiet zone: nothing else may be drawn in it."""
        q = self.quiet
        return Cell(self.qr.x - q, self.qr.y - q, self.qr.width + 2 * q, self.qr.height + 2 * q)


def text_width(cell: Cell) -> float:
    """How wide a line of text may be on a slip in ``cell``."""
    return cell.width - 2 * TEXT_INSET


def _height(lines: list[TextLine]) -> float:
    return sum(line.size * LEADING for line in lines)


def slip_layout(cell: Cell, url: str, above: list[TextLine], below: list[TextLine]) -> SlipLayout:
    """Text ``above`` the symbol and ``below`` it, the whole block centred in ``cell``.

    The symbol is :data:`SLIP_QR_SIDE` wide, or smaller when the cell is too small
    to hold it with its quiet zone and the text; ValueError when nothing scannable fits.
    Lines must already fit :func:`text_width` (``fit_line`` does that).
    """
    ratio = 1 + 2 * QUIET_ZONE / len(qr_matrix(url))  # the symbol's box with its quiet zone
    text = _height(above) + _height(below)
    height = cell.height - 2 * TEXT_INSET - text
    side = min(SLIP_QR_SIDE, (cell.width - 2 * QUIET_GAP) / ratio, height / ratio)
    if side < 2 * cm:
        raise ValueError("the slip leaves no room for a scannable QR")
    quiet = (ratio - 1) / 2 * side
    block = text + side * ratio
    top = cell.y + (cell.height + block) / 2
    centre = cell.x + cell.width / 2
    placed: list[PlacedLine] = []
    for line in above:
        top -= line.size * LEADING
        placed.append(PlacedLine(line, centre, top + DESCENT * line.size))
    qr = Cell(centre - side / 2, top - quiet - side, side, side)
    top = qr.y - quiet
    for line in below:
        top -= line.size * LEADING
        placed.append(PlacedLine(line, centre, top + DESCENT * line.size))
    return SlipLayout(qr, quiet, tuple(placed))


def draw_slip(canvas: Canvas, layout: SlipLayout, url: str) -> None:
    """Draw the symbol and the text where :func:`slip_layout` put them."""
    draw_qr(canvas, url, layout.qr.x, layout.qr.y, layout.qr.width)
    for placed in layout.lines:
        draw_text(canvas, placed.line, placed.x, placed.y)
