"""Print-ready PDFs: A4 posters, sticker sheets and sheets of one-time receipt codes.

QR symbols are drawn as vector squares from the module matrix, so they print sharp
on any printer, and every symbol keeps its four-module quiet zone clear of text.
Stickers and receipt codes are slips laid out by :mod:`survey_app.core.qr.slips`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib.units import cm
from reportlab.pdfgen.canvas import Canvas

from survey_app.core.qr.drawing import (
    ACCENT,
    MARGIN,
    MONO_BOLD,
    MUTED,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    SANS,
    SANS_BOLD,
    Cell,
    TextLine,
    balanced_lines,
    cut_box,
    draw_qr,
    draw_text,
    finish,
    fit_line,
    new_canvas,
    rule,
    sheet_cells,
)
from survey_app.core.qr.slips import SlipLayout, draw_slip, slip_layout, text_width
from survey_app.models.reference import CENTRE_NAME_START
from survey_app.models.reference import short_centre_name as models_short_name

# The poster's QR sits at a fixed place so every centre's posters look alike; 10 cm
# scans from a couple of metres, the distance between a queue and a counter's wall.
POSTER_QR_SIDE = 10 * cm
POSTER_QR_X = (PAGE_WIDTH - POSTER_QR_SIDE) / 2
POSTER_QR_Y = 6.6 * cm
# Stickers and receipt codes: 3 × 3 slips an A4 sheet, inside margins of 8 mm (office
# printers print to 5 mm of the edge), so each slip is 6.5 cm wide and its 4.9 cm
# symbol has its quiet zone inside it (see survey_app.core.qr.slips).
SLIP_COLUMNS, SLIP_ROWS = 3, 3
SLIP_MARGIN = 0.8 * cm
RECEIPT_FOOTER = 0.6 * cm

CALL_TO_ACTION = "Quét mã QR để đánh giá sự phục vụ"
REASSURANCE = "Chưa đến 1 phút · Không cần ghi tên · Ẩn danh"
TYPE_INSTEAD = "Hoặc gõ địa chỉ này vào trình duyệt:"
FOOTER = "Sở Nội vụ tỉnh Lạng Sơn · HàiLòng"
STICKER_CALL = "Quét mã để đánh giá"
ONE_TIME = "Mã chỉ dùng một lần để đánh giá hồ sơ này"
CUT_HINT = "Cắt theo đường chấm"


@dataclass(frozen=True, slots=True)
class PosterSheet:
    """What one poster or sticker shows: the place, and the URL its QR carries."""

    centre_name: str
    place_label: str | None
    url: str
    short_url_text: str


@dataclass(frozen=True, slots=True)
class ReceiptSheetEntry:
    """One cut-out receipt code; ``short_url_text`` is printed for typing when given."""

    code: str
    url: str
    centre_name: str
    field_name: str | None
    short_url_text: str | None = None


def short_centre_name(name: str) -> str:
    """``"Xã Văn Quan"`` for ``"Trung tâm Phục vụ hành chính công xã Văn Quan"``."""
    short = models_short_name(name)
    return short[:1].upper() + short[1:]


def group_code(code: str) -> str:
    """A receipt code split in two halves for reading aloud: ``K7M2Q-X4B9A``."""
    half = (len(code) + 1) // 2
    return f"{code[:half]}-{code[half:]}" if len(code) > 6 else code


def poster_pdf(posters: Sequence[PosterSheet]) -> bytes:
    """One A4 portrait poster per sheet, with its QR :data:`POSTER_QR_SIDE` wide."""
    canvas, buffer = new_canvas("Áp phích mã QR đánh giá")
    for poster in posters:
        _draw_poster(canvas, poster)
        canvas.showPage()
    return finish(canvas, buffer)


def sticker_sheet_pdf(
    posters: Sequence[PosterSheet], *, columns: int = SLIP_COLUMNS, rows: int = SLIP_ROWS
) -> bytes:
    """A4 sheets of ``columns`` × ``rows`` stickers (:func:`sticker_cells`) to cut out."""
    cells = sticker_cells(columns, rows)
    canvas, buffer = new_canvas("Nhãn dán mã QR đánh giá")
    for start in range(0, len(posters), len(cells)):
        for cell, poster in zip(cells, posters[start : start + len(cells)], strict=False):
            cut_box(canvas, cell)
            draw_slip(canvas, sticker_layout(poster, cell), poster.url)
        canvas.showPage()
    return finish(canvas, buffer)


def sticker_cells(columns: int = SLIP_COLUMNS, rows: int = SLIP_ROWS) -> list[Cell]:
    """Where each sticker of a sheet goes; ValueError when a QR would not fit."""
    cells = sheet_cells(columns, rows, margin=SLIP_MARGIN)
    if cells[0].width < 4 * cm or cells[0].height < 5 * cm:
        raise ValueError(f"{columns} × {rows} stickers leave no room for a scannable QR")
    return cells


def receipt_sheet_pdf(codes: Sequence[ReceiptSheetEntry]) -> bytes:
    """A4 sheets of one-time receipt codes to cut out, in :func:`receipt_cells`."""
    canvas, buffer = new_canvas("Mã đánh giá một lần")
    cells = receipt_cells()
    pages = max(1, -(-len(codes) // len(cells)))
    for page in range(pages):
        entries = codes[page * len(cells) : (page + 1) * len(cells)]
        for cell, entry in zip(cells, entries, strict=False):
            cut_box(canvas, cell)
            draw_slip(canvas, receipt_layout(entry, cell), entry.url)
        footer = f"HàiLòng · {CUT_HINT} · Trang {page + 1}/{pages}"
        draw_text(canvas, TextLine(footer, SANS, 8, MUTED), PAGE_WIDTH / 2, SLIP_MARGIN + 0.15 * cm)
        canvas.showPage()
    return finish(canvas, buffer)


def receipt_cells() -> list[Cell]:
    """Where each receipt code of a page goes, 9 a page."""
    return sheet_cells(SLIP_COLUMNS, SLIP_ROWS, footer=RECEIPT_FOOTER, margin=SLIP_MARGIN)


def sticker_layout(poster: PosterSheet, cell: Cell) -> SlipLayout:
    """A sticker: the call to scan, the symbol, then the place and the address."""
    width = text_width(cell)
    heading = fit_line(STICKER_CALL, SANS_BOLD, 11, width, ACCENT)
    lines = [fit_line(short_centre_name(poster.centre_name), SANS_BOLD, 10.5, width)]
    if poster.place_label:
        lines.append(fit_line(poster.place_label, SANS_BOLD, 10.5, width, ACCENT))
    lines.append(fit_line(poster.short_url_text, SANS, 9, width))
    return slip_layout(cell, poster.url, [heading], lines)


def receipt_layout(entry: ReceiptSheetEntry, cell: Cell) -> SlipLayout:
    """A receipt code: the symbol, the code to type, the address, the place, the rule."""
    width = text_width(cell)
    lines = [fit_line(group_code(entry.code), MONO_BOLD, 16, width)]
    if entry.short_url_text:
        lines.append(fit_line(entry.short_url_text, SANS, 7.5, width, MUTED))
    place = short_centre_name(entry.centre_name)
    if entry.field_name:
        place = f"{place} · {entry.field_name}"
    lines.append(fit_line(place, SANS_BOLD, 8.5, width))
    lines += [TextLine(text, SANS, 7, MUTED) for text in balanced_lines(ONE_TIME, SANS, 7, width)]
    return slip_layout(cell, entry.url, [], lines)


def _name_lines(name: str, prefix_size: float, place_size: float, width: float) -> list[TextLine]:
    """A centre's name, broken after "Trung tâm Phục vụ hành chính công".

    The generic half goes smaller and the place name larger on a line of its own:
    it is the part a citizen looks for, and it is never split.
    """
    rest = name.removeprefix(CENTRE_NAME_START)
    if rest == name:
        return [
            TextLine(line, SANS_BOLD, place_size)
            for line in balanced_lines(name, SANS_BOLD, place_size, width)
        ]
    return [
        fit_line(CENTRE_NAME_START.strip(), SANS_BOLD, prefix_size, width),
        fit_line(rest, SANS_BOLD, place_size, width),
    ]


def _draw_stack(
    canvas: Canvas, lines: list[TextLine], x: float, top: float, *, centred: bool = True
) -> float:
    """Set ``lines`` one under the other from ``top`` down; return where they end."""
    for line in lines:
        top -= line.size * 1.4
        draw_text(canvas, line, x, top + line.size * 0.3, centred=centred)
    return top


def _stack_height(lines: list[TextLine]) -> float:
    return sum(line.size * 1.4 for line in lines)


def _draw_poster(canvas: Canvas, poster: PosterSheet) -> None:
    centre_x = PAGE_WIDTH / 2
    width = PAGE_WIDTH - 2 * MARGIN - 1 * cm
    rule(canvas, PAGE_HEIGHT - MARGIN - 0.25 * cm, colour=ACCENT, thickness=0.25 * cm)

    lines = _name_lines(poster.centre_name, 22, 30, width)
    if poster.place_label:
        lines.append(fit_line(poster.place_label, SANS_BOLD, 34, width, ACCENT))
    # The place block is centred in the band between the top rule and the call to action.
    band_top, band_bottom = PAGE_HEIGHT - MARGIN - 0.5 * cm, 21.0 * cm
    _draw_stack(canvas, lines, centre_x, (band_top + band_bottom + _stack_height(lines)) / 2)

    call = fit_line(CALL_TO_ACTION, SANS_BOLD, 26, width, ACCENT)
    draw_text(canvas, call, centre_x, 19.6 * cm)
    draw_text(canvas, TextLine(REASSURANCE, SANS, 16, MUTED), centre_x, 18.6 * cm)

    draw_qr(canvas, poster.url, POSTER_QR_X, POSTER_QR_Y, POSTER_QR_SIDE)

    draw_text(canvas, TextLine(TYPE_INSTEAD, SANS, 13, MUTED), centre_x, 4.6 * cm)
    draw_text(canvas, fit_line(poster.short_url_text, SANS_BOLD, 26, width), centre_x, 3.5 * cm)

    rule(canvas, 2.1 * cm)
    draw_text(canvas, TextLine(FOOTER, SANS, 10, MUTED), centre_x, 1.4 * cm)
