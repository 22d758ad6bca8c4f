"""The answer scale reads whole on small phones and with large text, in both languages.

Android's "font size" setting enlarges text by up to 130 % and more; it is emulated here
by a larger root font size. Every answer label must fit its box (no clipped or spilling
text) and take at most two lines, at 320, 360 and 412 px, and on a desktop screen.
"""

from __future__ import annotations

import pytest
from flask import Flask
from playwright.sync_api import Page
from sqlalchemy.orm import Session

from tests import factories, live
from tests.browser import chromium, screenshot_path

pytestmark = pytest.mark.browser

WIDTHS = (320, 360, 412, 1280)
TEXT_SIZES = {"normal": None, "large": "html { font-size: 130% !important; }"}

# For each answer label: does its text fit, and on how many lines does it sit?
MEASURE = """() => [...document.querySelectorAll('form.rate .opts label')].map(label => {
  const text = label.querySelector('span');
  const range = document.createRange();
  range.selectNodeContents(text);
  const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
  return {
    id: label.htmlFor, text: text.textContent,
    fits: label.scrollWidth <= label.clientWidth && text.scrollWidth <= text.clientWidth,
    lines: tops.size,
  };
})"""


def measure(page: Page) -> list[dict[str, object]]:
    return page.evaluate(MEASURE)


def test_every_answer_label_reads_whole_on_phones_and_with_large_text(
    app: Flask, seeded: Session
) -> None:
    poster = factories.poster(seeded, counter_number=2)
    problems = []
    with live.serve(app) as base, chromium() as browser:
        for lang in ("vi", "en"):
            for width in WIDTHS:
                for size, css in TEXT_SIZES.items():
                    height = 900 if width > 800 else 740
                    context = browser.new_context(
                        viewport={"width": width, "height": height}, bypass_csp=True
                    )
                    page = context.new_page()
                    page.goto(f"{base}/q/{poster.code}?lang={lang}")
                    if css:
                        page.add_style_tag(content=css)
                    labels = measure(page)
                    assert len(labels) > 30
                    for label in labels:
                        if not label["fits"] or label["lines"] > 2:
                            problems.append(
                                f"{lang} {width}px {size}: {label['id']} {label['text']!r} "
                                f"fits={label['fits']} lines={label['lines']}"
                            )
                    overflow = page.evaluate(
                        "document.documentElement.scrollWidth > window.innerWidth"
                    )
                    if overflow:
                        problems.append(f"{lang} {width}px {size}: the page scrolls sideways")
                    page.locator("#q-staff-general").screenshot(
                        path=screenshot_path(f"scale-{lang}-{width}-{size}.png")
                    )
                    page.screenshot(
                        path=screenshot_path(f"form-{lang}-{width}-{size}.png"), full_page=True
                    )
                    context.close()
    assert problems == [], "\n".join(problems)
