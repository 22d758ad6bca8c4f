"""Printed QR codes survive a poor phone photo, and a sheet photographed whole.

The degradation is a cheap phone's view of a printed sheet: the page rendered at
150 dpi (pdftoppm's default), scaled to 40 %, blurred (Gaussian, radius 1.2) and saved
as JPEG quality 25. zbar must still read every code on it, each to the right URL, as a
phone aimed at one slip does. zbar reading a whole sheet of nine symbols at once misses
one now and then (about 1 code in 30 on random sheets, before these layouts as after,
sharp or degraded); a symbol it misses there decodes from the same image cropped to its
slip, or enlarged. So the whole degraded sheet may miss one code; the sharp sheet of
these fixed codes must give every one.
"""

from __future__ import annotations

import subprocess
from collections.abc import Sequence
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from PIL import Image, ImageFilter
from reportlab.lib.units import mm
from sqlalchemy import select
from sqlalchemy.orm import Session

from survey_app.core.qr.codes import public_url
from survey_app.core.qr.drawing import Cell
from survey_app.core.qr.images import error_level, qr_matrix, qr_modes
from survey_app.core.qr.pdf import (
    PosterSheet,
    ReceiptSheetEntry,
    poster_pdf,
    receipt_cells,
    receipt_layout,
    receipt_sheet_pdf,
    sticker_cells,
    sticker_layout,
    sticker_sheet_pdf,
)
from survey_app.core.qr.service import mint_receipt_codes, receipt_sheet_entries, short_url_text
from survey_app.models import Centre
from tests.tools import require_tool

BASE_URL = "https://hailong.langson.gov.vn"
DPI = 150
CENTRE = "Trung tâm Phục vụ hành chính công xã Văn Quan"
LONG_CENTRE = "Trung tâm Phục vụ hành chính công phường Tam Thanh, thành phố Lạng Sơn"
RECEIPT_CODES = [f"{head}{tail}" for head in ("K7M2QX", "ZZ9W8V") for tail in ("4B9A", "XU2H")]
RECEIPT_CODES += ["ABCDEFGHJK", "2345678923", "QRSTUVWXYZ", "HJKMNPQRST", "X4B9AK7M2Q"]
POSTER_CODES = ["K7M2QX", "ABCDEF", "XYZ234", "9W8V7U", "HJKMNP", "23456A", "QQQQQ2", "M2M2M2"]
POSTER_CODES += ["ZXCV89"]


def receipts() -> list[ReceiptSheetEntry]:
    return [
        ReceiptSheetEntry(
            code,
            public_url(BASE_URL, "R", code),
            CENTRE,
            "Hộ tịch",
            short_url_text(BASE_URL, "R", code),
        )
        for code in RECEIPT_CODES
    ]


def stickers() -> list[PosterSheet]:
    return [
        PosterSheet(
            LONG_CENTRE if index % 2 else CENTRE,
            f"Quầy {index + 1} · Tư pháp - Hộ tịch" if index % 3 else None,
            public_url(BASE_URL, "Q", code),
            short_url_text(BASE_URL, "Q", code),
        )
        for index, code in enumerate(POSTER_CODES)
    ]


def render(pdf: bytes, tmp_path: Path) -> list[Path]:
    """Each page at :data:`DPI`, as PNG files in order."""
    source = tmp_path / "sheet.pdf"
    source.write_bytes(pdf)
    pdftoppm = require_tool("pdftoppm")
    subprocess.run(
        [pdftoppm, "-r", str(DPI), "-png", str(source), str(tmp_path / "page")], check=True
    )
    return sorted(tmp_path.glob("page*.png"))


def degrade(page: Path, scale: float = 0.4) -> Path:
    """The page as a poor phone photo sees it; see the module's docstring."""
    with Image.open(page) as image:
        small = image.convert("RGB").resize(
            (round(image.width * scale), round(image.height * scale)), Image.LANCZOS
        )
    out = page.with_suffix(".jpg")
    small.filter(ImageFilter.GaussianBlur(1.2)).save(out, "JPEG", quality=25)
    return out


def decode(image: Path) -> list[str]:
    """Every QR symbol zbarimg reads in the image (exit 4 means none: not an error)."""
    command = [require_tool("zbarimg"), "--raw", "-q", str(image)]
    return subprocess.run(command, capture_output=True, text=True, check=False).stdout.split()


def crop(image: Path, cell: Cell, scale: float, out: Path) -> Path:
    """The cell (PDF points, origin bottom left) cut out of a page rendered at ``scale``."""
    factor = DPI / 72 * scale
    with Image.open(image) as page:
        top = page.height - (cell.y + cell.height) * factor
        box = (cell.x * factor, top, (cell.x + cell.width) * factor, top + cell.height * factor)
        page.crop(tuple(round(v) for v in box)).save(out)
    return out


def each_cell_decodes(page: Path, cells: Sequence[Cell], urls: Sequence[str], scale: float) -> int:
    decoded = 0
    for index, (cell, url) in enumerate(zip(cells, urls, strict=False)):
        decoded += decode(crop(page, cell, scale, page.parent / f"cell{index}.png")) == [url]
    return decoded


def test_receipt_codes_decode_from_a_poor_photo_of_the_sheet(tmp_path: Path) -> None:
    entries = receipts()
    urls = [entry.url for entry in entries]
    (page,) = render(receipt_sheet_pdf(entries), tmp_path)
    photo = degrade(page)
    assert each_cell_decodes(photo, receipt_cells(), urls, 0.4) == len(urls)
    # Photographed whole, too: zbar reads the symbols of the sheet at once.
    assert sorted(decode(page)) == sorted(urls)
    assert set(decode(photo)) <= set(urls)
    assert len(set(decode(photo))) >= len(urls) - 1


def test_stickers_decode_from_a_poor_photo_of_the_sheet(tmp_path: Path) -> None:
    sheets = stickers()
    urls = [sheet.url for sheet in sheets]
    (page,) = render(sticker_sheet_pdf(sheets), tmp_path)
    photo = degrade(page)
    assert each_cell_decodes(photo, sticker_cells(), urls, 0.4) == len(urls)
    assert sorted(decode(page)) == sorted(urls)
    assert set(decode(photo)) <= set(urls)
    assert len(set(decode(photo))) >= len(urls) - 1


def test_posters_decode_from_a_poor_photo(tmp_path: Path) -> None:
    sheets = stickers()[:2]
    pages = render(poster_pdf(sheets), tmp_path)
    assert [decode(degrade(page)) for page in pages] == [[sheet.url] for sheet in sheets]


def test_receipt_symbols_are_coarse_alphanumeric_and_as_strong_as_their_size_allows() -> None:
    url = public_url(BASE_URL, "R", "K7M2QX4B9A")
    assert url == "HTTPS://HAILONG.LANGSON.GOV.VN/R/K7M2QX4B9A"
    assert qr_modes(url) == ["alphanumeric"]
    assert len(qr_matrix(url)) == 29  # version 3
    assert error_level(url) == "Q"  # level Q fits version 3; H would need version 4
    assert error_level(public_url("http://127.0.0.1:5101", "R", "K7M2QX4B9A")) == "M"


def white_band(page: Path, cell: Cell, near: float, far: float) -> float:
    """The darkest pixel (0–255) between ``near`` and ``far`` points inside the cut line."""
    factor = DPI / 72
    with Image.open(page) as image:
        grey = image.convert("L")
        top = grey.height - (cell.y + cell.height) * factor
        left, right = cell.x * factor, (cell.x + cell.width) * factor
        bottom = top + cell.height * factor
        a, b = near * factor, far * factor
        bands = [
            (left + a, top + a, right - a, top + b),  # along the top edge
            (left + a, bottom - b, right - a, bottom - a),  # the bottom edge
            (left + a, top + a, left + b, bottom - a),  # the left edge
            (right - b, top + a, right - a, bottom - a),  # the right edge
        ]
        return min(grey.crop(tuple(round(v) for v in band)).getextrema()[0] for band in bands)


@pytest.mark.parametrize("kind", ["receipts", "stickers"])
def test_nothing_is_printed_near_a_cut_line(kind: str, tmp_path: Path) -> None:
    if kind == "receipts":
        (page,) = render(receipt_sheet_pdf(receipts()), tmp_path)
        cells = receipt_cells()
    else:
        (page,) = render(sticker_sheet_pdf(stickers()), tmp_path)
        cells = sticker_cells()
    # From just inside the dashed line (0.5 pt wide) to 2 mm in, the paper stays white.
    assert [white_band(page, cell, 1.5, 2 * mm) for cell in cells] == [255] * len(cells)


def inside(inner: Cell, outer: Cell, margin: float = 0.0) -> bool:
    return (
        inner.x >= outer.x + margin
        and inner.y >= outer.y + margin
        and inner.x + inner.width <= outer.x + outer.width - margin
        and inner.y + inner.height <= outer.y + outer.height - margin
    )


def overlap(a: Cell, b: Cell) -> bool:
    """Whether two rectangles share more than an edge (to a hundredth of a point)."""
    e = 0.01
    return not (
        a.x + a.width <= b.x + e
        or b.x + b.width <= a.x + e
        or a.y + a.height <= b.y + e
        or b.y + b.height <= a.y + e
    )


def test_slip_text_stays_in_its_cell_and_out_of_the_quiet_zone() -> None:
    layouts = [
        receipt_layout(entry, cell) for entry, cell in zip(receipts(), receipt_cells(), strict=True)
    ]
    layouts += [
        sticker_layout(sheet, cell) for sheet, cell in zip(stickers(), sticker_cells(), strict=True)
    ]
    cells = receipt_cells() + sticker_cells()
    for layout, cell in zip(layouts, cells, strict=True):
        assert inside(layout.quiet_box(), cell)
        assert layout.qr.width >= 4.5 * 10 * mm  # at least 4.5 cm, 1.55 mm a module
        for placed in layout.lines:
            assert inside(placed.box(), cell, margin=2 * mm), placed.line.text
            assert not overlap(placed.box(), layout.quiet_box()), placed.line.text
        boxes = [placed.box() for placed in layout.lines]
        assert not any(overlap(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1 :])


def test_a_printed_receipt_url_opens_the_rating_form(
    seeded: Session, client: FlaskClient, tmp_path: Path
) -> None:
    centre = seeded.scalar(select(Centre).filter_by(key="van-quan"))
    batch = mint_receipt_codes(seeded, centre, 2)
    entries = receipt_sheet_entries(batch, BASE_URL)
    (page,) = render(receipt_sheet_pdf(entries), tmp_path)
    photo = degrade(page)
    read = [decode(crop(photo, cell, 0.4, tmp_path / "c.png")) for cell in receipt_cells()[:2]]
    assert read == [[entry.url] for entry in entries]
    for (url,) in read:
        # The symbol carries the upper-case path; the app answers it as it does /r/.
        path = url.removeprefix(BASE_URL.upper())
        assert path.startswith("/R/")
        response = client.get(path)
        assert response.status_code == 200
        assert client.get(path.lower()[:3] + path[3:]).status_code == 200
