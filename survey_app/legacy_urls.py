"""Old staff addresses, sent on to the one staff area under ``/quan-ly/``.

Staff pages used to live under five roots (``/staff``, ``/quan-tri``, ``/khao-sat/quan-ly``,
``/khao-sat/nhap-phieu``, ``/login``). Bookmarks, printed instructions and e-mails still
carry them, so each old prefix answers with a permanent 308 to its new one: 308 rather than
301 so that a form posted to an old address is posted again, not turned into a GET; the
query string goes along unchanged.

Only these prefixes move. A citizen's address (``/khao-sat/<code>``, ``/q/…``, ``/r/…``,
``/kiosk``, ``/phan-anh/…``) never matches one: a prefix matches a whole path segment, so
``/khao-sat/quan-ly-abc`` or ``/staffroom`` stay where they are.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from flask import Flask, redirect, request
from werkzeug.wrappers import Response as WerkzeugResponse


@dataclass(frozen=True, slots=True)
class Move:
    """Paths starting with ``old`` now start with ``new``; ``renamed`` maps old endings."""

    old: str
    new: str
    renamed: tuple[tuple[str, str], ...] = ()


MOVES = (
    Move("/staff/complaints", "/quan-ly/phan-anh"),
    Move("/staff/paper", "/quan-ly/phieu-giay"),
    Move("/staff/kiosk/stop", "/quan-ly/kiosk/dung"),
    Move("/staff/kiosk", "/quan-ly/kiosk"),
    Move("/staff/posters", "/quan-ly/ap-phich", renamed=(("-stickers.pdf", "-nhan-dan.pdf"),)),
    Move("/staff/qr", "/quan-ly/ma-qr"),
    Move("/staff", "/quan-ly"),
    Move("/quan-tri", "/quan-ly"),
    Move("/khao-sat/quan-ly", "/quan-ly/khao-sat"),
    Move("/khao-sat/nhap-phieu", "/quan-ly/khao-sat/nhap-phieu"),
    Move("/login", "/dang-nhap"),
    Move("/logout", "/dang-xuat"),
)
# Longest first, so that /staff/kiosk/stop wins over /staff/kiosk and /staff.
TABLE = tuple(sorted(MOVES, key=lambda move: len(move.old), reverse=True))


def new_path(path: str) -> str | None:
    """Where the old staff ``path`` lives now, or None if it is not an old staff path."""
    for move in TABLE:
        if path == move.old or path.startswith(move.old + "/"):
            moved = move.new + path[len(move.old) :]
            for old_end, new_end in move.renamed:
                if moved.endswith(old_end):
                    moved = moved[: -len(old_end)] + new_end
            return moved
    return None


def redirect_old_staff_urls() -> WerkzeugResponse | None:
    """Send a request for an old staff address to the new one, method and query kept."""
    target = new_path(request.path)
    if target is None:
        return None
    query = request.query_string.decode("latin-1")
    return redirect(request.script_root + quote(target) + (f"?{query}" if query else ""), code=308)


def init_app(app: Flask) -> None:
    """Redirect before any other hook: an old address needs no CSRF check, form or login."""
    app.before_request_funcs.setdefault(None, []).insert(0, redirect_old_staff_urls)
