"""QR symbols for a URL: the module matrix, a PNG and a compact SVG.

Every symbol keeps the standard quiet zone of four modules. The URLs from
:func:`survey_app.core.qr.codes.public_url` are upper-case, so qrcode's optimiser encodes
them in alphanumeric mode and the symbol stays at version 2 or 3 (25 or 29 modules
a side), coarse enough for a cheap phone camera.

Error correction is at least level M (15 % of the symbol may be lost: a scuffed
poster or a finger over a corner still scans), raised to the strongest level that
fits the same number of modules, which costs nothing in size. Measured on receipt
sheets degraded as a poor phone photo (150 dpi, 40 %, blur 1.2, JPEG 25), a 4.6 cm
symbol at level Q (29 modules) decoded as often as one at level L (25 modules, larger
modules) and more often when blurred further: the extra correction absorbs the
modules that blur and JPEG flip. What makes small print scan is its printed size.
"""

from __future__ import annotations

import functools
import io

import qrcode
from qrcode.constants import ERROR_CORRECT_H, ERROR_CORRECT_L, ERROR_CORRECT_M, ERROR_CORRECT_Q
from qrcode.image.pil import PilImage
from qrcode.image.svg import SvgPathFillImage

QUIET_ZONE = 4  # modules; the QR specification's minimum, needed by most readers.
# Error correction levels from the weakest (7 % recoverable) to the strongest (30 %).
LEVELS = {"L": ERROR_CORRECT_L, "M": ERROR_CORRECT_M, "Q": ERROR_CORRECT_Q, "H": ERROR_CORRECT_H}
MINIMUM_LEVEL = "M"


def _symbol(
    url: str, *, level: str = MINIMUM_LEVEL, border: int = QUIET_ZONE, box_size: int = 10
) -> qrcode.QRCode:
    symbol = qrcode.QRCode(error_correction=LEVELS[level], border=border, box_size=box_size)
    symbol.add_data(url)
    symbol.make(fit=True)
    return symbol


@functools.lru_cache(maxsize=256)
def error_level(url: str) -> str:
    """The strongest level, :data:`MINIMUM_LEVEL` or above, at the URL's smallest version."""
    names = list(LEVELS)
    version = _symbol(url).version
    stronger = names[names.index(MINIMUM_LEVEL) + 1 :]
    fitting = [name for name in stronger if _symbol(url, level=name).version == version]
    return fitting[-1] if fitting else MINIMUM_LEVEL


def qr_version(url: str) -> int:
    """The QR version (1–40) the URL needs; each version adds 4 modules a side."""
    return int(_symbol(url).version)


def qr_modes(url: str) -> list[str]:
    """The encoding mode of each data segment: ``numeric``, ``alphanumeric`` or ``byte``."""
    names = {1: "numeric", 2: "alphanumeric", 4: "byte", 8: "kanji"}
    return [names[chunk.mode] for chunk in _symbol(url).data_list]


@functools.lru_cache(maxsize=256)
def qr_matrix(url: str) -> tuple[tuple[bool, ...], ...]:
    """The symbol's modules without the quiet zone, row by row; True is dark.

    PDFs draw these as vector squares, so the symbol stays sharp at any size.
    Cached because a sheet asks for each symbol's size before drawing it.
    """
    symbol = _symbol(url, level=error_level(url), border=0)
    return tuple(tuple(row) for row in symbol.get_matrix())


def qr_png(url: str, *, box_size: int = 10) -> bytes:
    """A black-on-white PNG of the URL's symbol, ``box_size`` pixels a module."""
    if box_size < 1:
        raise ValueError("box_size must be at least 1 pixel")
    symbol = _symbol(url, level=error_level(url), box_size=box_size)
    image = symbol.make_image(image_factory=PilImage)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue()


def qr_svg(url: str) -> bytes:
    """A standalone SVG of the URL's symbol: one path on a white square, no references.

    The white background keeps the quiet zone visible on a dark page.
    """
    image = _symbol(url, level=error_level(url)).make_image(image_factory=SvgPathFillImage)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue()
