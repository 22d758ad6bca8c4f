"""The citizen's journey in a real browser: scan the QR, answer, send, be thanked."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from bench import loadgen
from survey_app.core.qr.codes import POSTER_PREFIX, public_url
from survey_app.core.qr.images import qr_png
from survey_app.models import Channel, Response
from tests import factories, live
from tests.browser import ARTIFACTS, PHONE, chromium, screenshot_path
from tests.tools import require_tool

pytestmark = pytest.mark.browser

# Every radio button of the pulse, as the load test answers it (the comment is typed).
CHOICES = {name: value for name, value in loadgen.ANSWERS.items() if name != "comment"}
CHOICES["integrity-supplements"] = "1"


def decode_qr(png: bytes, tmp_path: Path) -> str:
    """What a phone's camera would read from the symbol, via Debian's zbarimg."""
    zbarimg = require_tool("zbarimg")
    image = tmp_path / "poster-qr.png"
    image.write_bytes(png)
    result = subprocess.run(
        [zbarimg, "--raw", "-q", str(image)], capture_output=True, text=True, check=True
    )
    return result.stdout.strip()


def test_scan_rate_and_send_on_a_phone_without_javascript(
    app: Flask, seeded: Session, tmp_path: Path
) -> None:
    poster = factories.poster(seeded, centre_key="van-quan", counter_number=2)
    with live.serve(app) as base, chromium() as browser:
        url = decode_qr(qr_png(public_url(base, POSTER_PREFIX, poster.code)), tmp_path)
        assert url == f"{base}/Q/{poster.code}".upper()

        context = browser.new_context(viewport=PHONE, java_script_enabled=False, locale="vi-VN")
        page = context.new_page()
        started = time.perf_counter()
        page.goto(url)
        assert page.locator("h1").inner_text() == "Đánh giá sự phục vụ"
        assert "Văn Quan" in page.locator(".place").inner_text()
        for name, value in CHOICES.items():
            page.locator(f"label[for='{name}-{value}']").click()
        page.locator("textarea#comment").fill("Cán bộ quầy 2 hướng dẫn rất tận tình.")
        page.screenshot(path=screenshot_path("form-vi.png"), full_page=True)
        page.locator("button.send").click()
        page.wait_for_selector(".thanks h1")
        elapsed = time.perf_counter() - started
        assert page.locator(".thanks h1").inner_text() == "Cảm ơn Ông/Bà đã đánh giá!"
        page.screenshot(path=screenshot_path("thank-you-vi.png"), full_page=True)
        context.close()

    saved = seeded.scalar(select(Response))
    assert saved is not None
    assert saved.channel is Channel.POSTER_QR
    assert saved.counter_id == poster.counter_id
    (ARTIFACTS / "browser-timing.txt").write_text(
        f"open URL to saved answer, headless Chromium 360x740, no JavaScript: {elapsed:.2f} s\n",
        encoding="utf-8",
    )


def test_a_missing_answer_shows_the_error_in_vietnamese(app: Flask, seeded: Session) -> None:
    poster = factories.poster(seeded)
    with live.serve(app) as base, chromium() as browser:
        page = browser.new_page(viewport=PHONE)
        page.goto(f"{base}/q/{poster.code}")
        # The browser's own `required` check would stop the submit; switch it off to see
        # what the server says to a browser without that check (or to a crafted request).
        page.eval_on_selector("form.rate", "form => { form.noValidate = true; }")
        for name, value in CHOICES.items():
            if name != "staff-general":
                page.locator(f"label[for='{name}-{value}']").click()
        page.locator("button.send").click()
        assert page.locator(".error-summary h2").inner_text() == "Chưa gửi được"
        assert page.locator("#q-access-general input[value='4']").is_checked()
        page.screenshot(path=screenshot_path("form-error-vi.png"), full_page=True)
