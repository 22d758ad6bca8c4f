"""QR codes on paper: symbols, posters, sticker and receipt sheets, minting, commands."""

from __future__ import annotations

import csv
import re
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest
from flask.testing import FlaskCliRunner
from PIL import Image
from reportlab.lib.units import cm
from sqlalchemy import select
from sqlalchemy.orm import Session

from survey_app.core.qr import service
from survey_app.core.qr.cli import posters_cli, receipts_cli
from survey_app.core.qr.codes import ALPHABET, RECEIPT_CODE_LENGTH, hash_receipt_code, public_url
from survey_app.core.qr.drawing import Cell
from survey_app.core.qr.images import qr_modes, qr_png, qr_svg, qr_version
from survey_app.core.qr.pdf import (
    CALL_TO_ACTION,
    POSTER_QR_SIDE,
    POSTER_QR_X,
    POSTER_QR_Y,
    REASSURANCE,
    PosterSheet,
    ReceiptSheetEntry,
    group_code,
    poster_pdf,
    receipt_cells,
    receipt_sheet_pdf,
    short_centre_name,
    sticker_cells,
    sticker_sheet_pdf,
)
from survey_app.core.qr.service import (
    ensure_poster_codes,
    mint_receipt_codes,
    poster_sheets,
    short_url_text,
    write_receipt_csv,
)
from survey_app.models import Centre, Counter, PosterCode, ReceiptCode, ServiceField
from tests.tools import require_tool

BASE_URL = "https://hailong.langson.gov.vn"
URL = "HTTPS://HAILONG.LANGSON.GOV.VN/Q/K7M2QX"
DPI = 150
VAN_QUAN = "Trung tâm Phục vụ hành chính công xã Văn Quan"


def run(*command: str) -> str:
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def decode(png: Path) -> list[str]:
    """Every QR symbol zbarimg reads in the image."""
    # zbarimg exits with 4 when it finds nothing: that is an answer, not an error.
    command = [require_tool("zbarimg"), "--raw", "-q", str(png)]
    return subprocess.run(command, capture_output=True, text=True, check=False).stdout.split()


def render(pdf: bytes, tmp_path: Path, dpi: int = DPI) -> list[Path]:
    """Each page of the PDF as a PNG, in order."""
    source = tmp_path / "sheet.pdf"
    source.write_bytes(pdf)
    run(require_tool("pdftoppm"), "-r", str(dpi), "-png", str(source), str(tmp_path / "page"))
    return sorted(tmp_path.glob("page*.png"))


def pdf_pages(pdf: bytes, tmp_path: Path) -> list[str]:
    """The size line pdfinfo prints for each page."""
    source = tmp_path / "info.pdf"
    source.write_bytes(pdf)
    info = run(require_tool("pdfinfo"), "-f", "1", "-l", "9999", str(source))
    return re.findall(r"Page +\d+ size: +(.*)", info)


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    """The PDF's text with runs of whitespace made single spaces."""
    source = tmp_path / "text.pdf"
    source.write_bytes(pdf)
    return " ".join(run(require_tool("pdftotext"), str(source), "-").split())


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def crop_points(page: Path, cell: Cell, out: Path) -> Path:
    """Cut a rectangle given in PDF points (origin bottom left) out of a rendered page."""
    scale = DPI / 72
    with Image.open(page) as image:
        top = image.height - (cell.y + cell.height) * scale
        right, bottom = (cell.x + cell.width) * scale, top + cell.height * scale
        image.crop((round(cell.x * scale), round(top), round(right), round(bottom))).save(out)
    return out


@pytest.fixture
def van_quan(seeded: Session) -> Centre:
    """Văn Quan's centre with three counters, the third closed."""
    centre = seeded.scalar(select(Centre).filter_by(key="van-quan"))
    centre.counters = [
        Counter(number=1, name="Quầy 1"),
        Counter(number=2, name="Tư pháp - Hộ tịch"),
        Counter(number=3, name="Quầy 3", active=False),
    ]
    seeded.commit()
    return centre


FakeCodes = Callable[[str, list[str]], None]


@pytest.fixture
def fake_codes(monkeypatch: pytest.MonkeyPatch) -> FakeCodes:
    """Make a code generator of the service module hand out the given codes first."""

    def fake(name: str, first: list[str]) -> None:
        real = getattr(service, name)
        queue = list(first)
        monkeypatch.setattr(service, name, lambda: queue.pop(0) if queue else real())

    return fake


def test_png_decodes_back_to_exactly_the_url(tmp_path: Path) -> None:
    png = tmp_path / "qr.png"
    png.write_bytes(qr_png(URL))
    assert decode(png) == [URL]


def test_a_realistic_url_gives_a_small_alphanumeric_symbol() -> None:
    receipt_url = public_url(BASE_URL, "R", "K7M2QX4B9A")
    assert qr_version(URL) <= 3
    assert qr_version(receipt_url) <= 3
    assert qr_modes(URL) == qr_modes(receipt_url) == ["alphanumeric"]


def test_svg_is_well_formed_and_self_contained() -> None:
    root = ET.fromstring(qr_svg(URL))
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    attributes = [name for element in root.iter() for name in element.attrib]
    assert not [name for name in attributes if "href" in name]
    assert {element.tag.split("}")[1] for element in root.iter()} <= {"svg", "rect", "path"}


def test_poster_is_one_a4_page_each_with_the_text_and_a_decodable_qr(
    seeded: Session, van_quan: Centre, tmp_path: Path
) -> None:
    ensure_poster_codes(seeded, van_quan)
    sheets = poster_sheets(seeded, van_quan, BASE_URL)
    pdf = poster_pdf(sheets)

    assert len(sheets) == 3  # the whole centre, counters 1 and 2
    assert all("(A4)" in size for size in pdf_pages(pdf, tmp_path))
    assert len(pdf_pages(pdf, tmp_path)) == 3
    text = pdf_text(pdf, tmp_path)
    assert CALL_TO_ACTION in text
    assert REASSURANCE in text
    assert VAN_QUAN in text
    assert "Quầy 1" in text
    assert "Quầy 2 · Tư pháp - Hộ tịch" in text
    for sheet in sheets:
        assert re.fullmatch(r"hailong\.langson\.gov\.vn/q/[2-9A-Z]{6}", sheet.short_url_text)
        assert sheet.short_url_text in text
    pages = render(pdf, tmp_path)
    assert [decode(page) for page in pages] == [[sheet.url] for sheet in sheets]


def test_poster_qr_is_ten_centimetres_wide_on_the_rendered_page(tmp_path: Path) -> None:
    sheet = PosterSheet(VAN_QUAN, None, URL, "hailong.langson.gov.vn/q/K7M2QX")
    (page,) = render(poster_pdf([sheet]), tmp_path)
    # Cut out the symbol's box with its quiet zone, then measure the dark pixels in it.
    quiet = 1.4 * cm
    box = Cell(POSTER_QR_X - quiet, POSTER_QR_Y - quiet, *(2 * [POSTER_QR_SIDE + 2 * quiet]))
    crop = crop_points(page, box, tmp_path / "qr.png")
    assert decode(crop) == [URL]
    with Image.open(crop) as image:
        left, top, right, bottom = image.convert("L").point(lambda v: v < 128).getbbox()
    width_cm, height_cm = ((right - left) / DPI * 2.54, (bottom - top) / DPI * 2.54)
    assert POSTER_QR_SIDE / cm == 10
    assert width_cm == pytest.approx(10, abs=0.05)
    assert height_cm == pytest.approx(10, abs=0.05)


def test_sticker_sheet_decodes_in_every_cell(tmp_path: Path) -> None:
    urls = [public_url(BASE_URL, "Q", code) for code in ("K7M2QX", "ABCDEF", "XYZ234")]
    stickers = [
        PosterSheet(VAN_QUAN, label, url, short_url_text(BASE_URL, "Q", url[-6:]))
        for label, url in zip([None, "Quầy 1", "Quầy 2 · Hộ tịch"], urls, strict=True)
    ]
    (page,) = render(sticker_sheet_pdf(stickers), tmp_path)
    cells = sticker_cells()
    for index, (cell, url) in enumerate(zip(cells, urls, strict=False)):
        crop = crop_points(page, cell, tmp_path / f"{index}.png")
        assert decode(crop) == [url]
    assert min(cell.width for cell in cells) > 3.5 * cm


def test_sticker_sheet_refuses_cells_too_small_for_the_qr() -> None:
    with pytest.raises(ValueError, match="no room"):
        sticker_sheet_pdf([], columns=6, rows=8)


def test_receipt_sheet_pages_decode_and_show_the_grouped_code(tmp_path: Path) -> None:
    codes = ["K7M2QX4B9A", *(f"ABCDEFGHJ{letter}" for letter in "23456789ABCD")]
    entries = [
        ReceiptSheetEntry(code, public_url(BASE_URL, "R", code), VAN_QUAN, "Hộ tịch")
        for code in codes
    ]
    pdf = receipt_sheet_pdf(entries)
    assert len(pdf_pages(pdf, tmp_path)) == 2  # 13 codes, 9 a page
    text = pdf_text(pdf, tmp_path)
    assert "K7M2Q-X4B9A" in text
    assert "Mã chỉ dùng một lần để đánh giá hồ sơ này" in text
    first_page = render(pdf, tmp_path)[0]
    for index, cell in enumerate(receipt_cells()[:4]):
        crop = crop_points(first_page, cell, tmp_path / "c.png")
        assert decode(crop) == [entries[index].url]


def test_small_helpers_read_well() -> None:
    assert group_code("K7M2QX4B9A") == "K7M2Q-X4B9A"
    assert short_centre_name(VAN_QUAN) == "Xã Văn Quan"
    assert short_url_text("https://HaiLong.LangSon.gov.vn/", "Q", "K7M2QX") == (
        "hailong.langson.gov.vn/q/K7M2QX"
    )
    assert short_url_text("http://127.0.0.1:5000/sub", "R", "AB") == "127.0.0.1:5000/sub/r/AB"


def test_ensure_poster_codes_is_idempotent(seeded: Session, van_quan: Centre) -> None:
    session = seeded
    first = ensure_poster_codes(session, van_quan)
    second = ensure_poster_codes(session, van_quan)
    assert [code.id for code in first] == [code.id for code in second]
    assert [code.counter.number if code.counter else None for code in first] == [None, 1, 2]
    assert len(session.scalars(select(PosterCode)).all()) == 3

    van_quan.counters.append(Counter(number=4, name="Quầy 4"))
    session.commit()
    third = ensure_poster_codes(session, van_quan)
    assert [code.id for code in third[:3]] == [code.id for code in first]
    assert len(third) == 4


def test_ensure_poster_codes_skips_a_code_already_taken(
    seeded: Session, van_quan: Centre, fake_codes: FakeCodes
) -> None:
    session = seeded
    other = session.scalar(select(Centre).filter_by(key="tinh"))
    (taken,) = ensure_poster_codes(session, other)
    fake_codes("new_poster_code", [taken.code, taken.code])
    codes = ensure_poster_codes(session, van_quan)
    assert taken.code not in {code.code for code in codes}
    assert len({code.code for code in codes}) == 3


def test_minting_stores_only_hashes_of_unique_codes(seeded: Session) -> None:
    centre = seeded.scalar(select(Centre).filter_by(key="van-quan"))
    batch = mint_receipt_codes(seeded, centre, 300)

    assert len(set(batch.codes)) == 300
    assert all(
        len(code) == RECEIPT_CODE_LENGTH and set(code) <= set(ALPHABET) for code in batch.codes
    )
    assert re.fullmatch(r"\d{4}-\d\d-\d\d-van-quan-[2-9a-z]{4}", batch.batch_id)
    rows = seeded.scalars(select(ReceiptCode)).all()
    assert {row.code_hash for row in rows} == {hash_receipt_code(code) for code in batch.codes}
    columns = [column.key for column in ReceiptCode.__table__.columns]
    stored = " ".join(str(getattr(row, column)) for row in rows for column in columns).upper()
    assert not [code for code in batch.codes if code in stored]


def test_minting_replaces_a_clashing_code(seeded: Session, fake_codes: FakeCodes) -> None:
    centre = seeded.scalar(select(Centre).filter_by(key="van-quan"))
    (stored,) = mint_receipt_codes(seeded, centre, 1).codes
    fake_codes("new_receipt_code", [stored, "ABCDEFGHJK", "ABCDEFGHJK"])
    batch = mint_receipt_codes(seeded, centre, 3)
    assert stored not in batch.codes
    assert len(set(batch.codes)) == 3
    assert "ABCDEFGHJK" in batch.codes


def test_clashes_found_only_on_insert_are_retried(
    seeded: Session, van_quan: Centre, monkeypatch: pytest.MonkeyPatch, fake_codes: FakeCodes
) -> None:
    # Another process stored the same code between our check and our insert.
    tinh = seeded.scalar(select(Centre).filter_by(key="tinh"))
    (taken,) = ensure_poster_codes(seeded, tinh)
    (minted,) = mint_receipt_codes(seeded, tinh, 1).codes
    real = service._unused_poster_code
    picks = iter([taken.code])
    monkeypatch.setattr(service, "_unused_poster_code", lambda s: next(picks, None) or real(s))
    monkeypatch.setattr(service, "_stored_hashes", lambda session, hashes: set())
    fake_codes("new_receipt_code", [minted])

    posters = ensure_poster_codes(seeded, van_quan)
    batch = mint_receipt_codes(seeded, van_quan, 2)

    assert len({code.code for code in posters} - {taken.code}) == 3
    assert minted not in batch.codes
    assert len(seeded.scalars(select(ReceiptCode)).all()) == 3


@pytest.mark.parametrize("count", [0, -1, 10_001])
def test_minting_refuses_counts_outside_one_to_ten_thousand(seeded: Session, count: int) -> None:
    centre = seeded.scalar(select(Centre).filter_by(key="van-quan"))
    with pytest.raises(ValueError, match="between 1 and 10,000"):
        mint_receipt_codes(seeded, centre, count)
    assert seeded.scalar(select(ReceiptCode)) is None


def test_receipt_csv_has_the_columns_the_one_stop_system_reads(
    seeded: Session, tmp_path: Path
) -> None:
    centre = seeded.scalar(select(Centre).filter_by(key="van-quan"))
    field = seeded.scalar(select(ServiceField).filter_by(key="ho-tich"))
    batch = mint_receipt_codes(seeded, centre, 2, service_field=field)
    out = tmp_path / "codes.csv"
    with out.open("w", encoding="utf-8", newline="") as handle:
        write_receipt_csv(batch, BASE_URL, handle)
    rows = read_csv(out)
    assert [row["code"] for row in rows] == list(batch.codes)
    assert rows[0] == {
        "code": batch.codes[0],
        "url": f"HTTPS://HAILONG.LANGSON.GOV.VN/R/{batch.codes[0]}",
        "centre_key": "van-quan",
        "service_field_key": "ho-tich",
        "batch": batch.batch_id,
    }


def test_posters_commands_ensure_codes_and_write_pdfs(
    runner: FlaskCliRunner, seeded: Session, van_quan: Centre, tmp_path: Path
) -> None:
    one = runner.invoke(posters_cli, ["ensure", "--centre", "van-quan"])
    assert one.exit_code == 0, one.output
    assert "3 for 1 centre(s), 3 new" in one.output
    every = runner.invoke(posters_cli, ["ensure", "--all"])
    assert "68 for 66 centre(s), 65 new" in every.output
    assert runner.invoke(posters_cli, ["ensure"]).exit_code != 0

    posters, stickers = tmp_path / "posters.pdf", tmp_path / "stickers.pdf"
    made = runner.invoke(posters_cli, ["pdf", "--centre", "van-quan", "--out", str(posters)])
    assert made.exit_code == 0, made.output
    assert len(pdf_pages(posters.read_bytes(), tmp_path)) == 3
    args = ["pdf", "--centre", "van-quan", "--out", str(stickers), "--stickers", "--copies", "5"]
    assert runner.invoke(posters_cli, args).exit_code == 0
    assert len(pdf_pages(stickers.read_bytes(), tmp_path)) == 2  # 15 stickers, 12 a sheet
    assert len(seeded.scalars(select(PosterCode)).all()) == 68


def test_receipts_mint_writes_a_csv_whose_codes_hash_to_the_stored_ones(
    runner: FlaskCliRunner, seeded: Session, tmp_path: Path
) -> None:
    out, sheet = tmp_path / "codes.csv", tmp_path / "codes.pdf"
    args = ["mint", "--centre", "van-quan", "--count", "14", "--field", "ho-tich"]
    result = runner.invoke(receipts_cli, [*args, "--csv", str(out), "--pdf", str(sheet)])
    assert result.exit_code == 0, result.output
    batch_id = re.search(r"batch (\S+): 14 codes", result.output).group(1)

    rows = read_csv(out)
    stored = seeded.scalars(select(ReceiptCode).filter_by(batch=batch_id)).all()
    assert {hash_receipt_code(row["code"]) for row in rows} == {r.code_hash for r in stored}
    assert len(stored) == 14
    assert {row["batch"] for row in rows} == {batch_id}
    assert len(pdf_pages(sheet.read_bytes(), tmp_path)) == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--centre", "van-quam"], "no centre with key 'van-quam'. Did you mean van-quan"),
        (["--centre", "van-quan", "--field", "nope"], "no service field with key 'nope'"),
        (["--centre", "van-quan", "--pdf", "/nonexistent/codes.pdf"], "Cannot write"),
    ],
)
def test_receipts_mint_explains_an_unknown_key(
    runner: FlaskCliRunner, seeded: Session, tmp_path: Path, args: list[str], message: str
) -> None:
    out = tmp_path / "codes.csv"
    result = runner.invoke(receipts_cli, ["mint", *args, "--count", "5", "--csv", str(out)])
    assert result.exit_code == 1
    assert message in result.output
    assert seeded.scalar(select(ReceiptCode)) is None
