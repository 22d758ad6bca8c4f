"""QR symbols for a URL: the module matrix, a PNG and a compact SVG.

Every symbol uses error correction level M (15 % of the symbol may be lost: a
scuffed poster or a finger over a corner still scans) and the standard quiet zone of
four modules. The URLs from :func:`survey_app.qr.codes.public_url` are upper-case,
so qrcode's optimiser encodes them in alphanumeric mode and the symbol stays at
version 3 (29 × 29 modules), coarse enough for a cheap phone camera.
"""

from __future__ import annotations

import functools
import io

import qrcode
from qrcode.constants import ERROR_CORRECT_M
from qrcode.image.pil import PilImage
from qrcode.image.svg import SvgPathFillImage

QUIET_ZONE = 4  # modules; the QR specification's minimum, needed by most readers.


def _symbol(url: str, *, border: int = QUIET_ZONE, box_size: int = 10) -> qrcode.QRCode:
    symbol = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=border, box_size=box_size)
    symbol.add_data(url)
    symbol.make(fit=True)
    return symbol


def qr_version(url: str) -> int:
    """The QR version (1–40) the URL needs; each version adds 4 modules a side."""
    return int(_symbol(url).version)


def qr_modes(url: str) -> list[str]:
    """The encoding mode of each data segment: ``numeric``, ``alphanumeric`` or ``byte``."""
    names = {1: "numeric", 2: "alphanumeric", 4: "byte", 8: "kanji"}
    return [names[chunk.mode] for chunk in _symbol(url).data_list]


@functools.lru_cache(maxsize=64)
def qr_matrix(url: str) -> tuple[tuple[bool, ...], ...]:
    """The symbol's modules without the quiet zone, row by row; True is dark.

    PDFs draw these as vector squares, so the symbol stays sharp at any size.
    Cached because a sheet asks for each symbol's size before drawing it.
    """
    return tuple(tuple(row) for row in _symbol(url, border=0).get_matrix())


def qr_png(url: str, *, box_size: int = 10) -> bytes:
    """A black-on-white PNG of the URL's symbol, ``box_size`` pixels a module."""
    if box_size < 1:
        raise ValueError("box_size must be at least 1 pixel")
    image = _symbol(url, box_size=box_size).make_image(image_factory=PilImage)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue()


def qr_svg(url: str) -> bytes:
    """A standalone SVG of the URL's symbol: one path on a white square, no references.

    The white background keeps the quiet zone visible on a dark page.
    """
    image = _symbol(url).make_image(image_factory=SvgPathFillImage)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue()
