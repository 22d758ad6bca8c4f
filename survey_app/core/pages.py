"""What a view returns: a page, a page with its status (and headers), or a redirect."""

from __future__ import annotations

from werkzeug.wrappers import Response

Page = str | tuple[str, int] | tuple[str, int, dict[str, str]] | Response
