"""Parse pages and check them as a person would read them, not as substrings."""

from __future__ import annotations

from bs4 import BeautifulSoup
from werkzeug.test import TestResponse


def parse(response: TestResponse) -> BeautifulSoup:
    """The page's parsed HTML, after checking it is an HTML page."""
    assert response.mimetype == "text/html", response.mimetype
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def text_of(page: BeautifulSoup, selector: str) -> str:
    """The visible text of the first element matching ``selector``."""
    element = page.select_one(selector)
    assert element is not None, f"no element matches {selector!r}"
    return " ".join(element.get_text(" ").split())
