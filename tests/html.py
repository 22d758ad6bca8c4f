"""Parse pages and check them as a person would read them, not as substrings."""

from __future__ import annotations

import html5lib
from bs4 import BeautifulSoup
from flask.testing import FlaskClient
from werkzeug.test import TestResponse


def parse(response: TestResponse) -> BeautifulSoup:
    """The page's parsed HTML, after checking it is an HTML page."""
    assert response.mimetype == "text/html", response.mimetype
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def html_errors(data: bytes) -> list[object]:
    """What a strict HTML5 parser finds wrong with a page (an empty list: valid)."""
    parser = html5lib.HTMLParser(strict=True)
    parser.parse(data)
    return list(parser.errors)


def submission_token(client: FlaskClient, url: str) -> str:
    """Open the form as a phone would and take the submission token it was given."""
    field = parse(client.get(url)).select_one("input[name=submission]")
    assert field is not None, "the form holds no submission token"
    return str(field["value"])


def text_of(page: BeautifulSoup, selector: str) -> str:
    """The visible text of the first element matching ``selector``."""
    element = page.select_one(selector)
    assert element is not None, f"no element matches {selector!r}"
    return " ".join(element.get_text(" ").split())


def kept_answers(page: str) -> dict[str, str]:
    """What a page holds of a form's answers, by field name: hidden fields, ticked
    choices and typed text (a "not saved" page must keep every one)."""
    soup = BeautifulSoup(page, "html.parser")
    kept = {i["name"]: i.get("value", "") for i in soup.select("input[type=hidden][name]")}
    kept.update({i["name"]: i["value"] for i in soup.select("input[type=radio][checked]")})
    kept.update({t["name"]: t.get_text() for t in soup.select("textarea[name]")})
    return kept
