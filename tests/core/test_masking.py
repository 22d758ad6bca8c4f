"""Personal data in comments is masked wherever staff read them."""

from __future__ import annotations

import re

import pytest
from flask import Flask, render_template_string
from hypothesis import given
from hypothesis import strategies as st

from survey_app.core.masking import mask_personal_data


@pytest.mark.parametrize(
    "personal",
    [
        "0912345678",
        "0912 345 678",
        "0912.345.678",
        "0912-345-678",
        "+84 912 345 678",
        "+84912345678",
        "0205 3812 345",  # a Lạng Sơn landline
        "012345678901",  # CCCD, 12 digits
        "123456789",  # CMND, 9 digits
        "nguyen.van.a@gmail.com",
        "lan+phananh@langson.gov.vn",
    ],
)
def test_personal_data_is_masked(personal: str) -> None:
    masked = mask_personal_data(f"Liên hệ {personal} giúp tôi")
    assert personal not in masked
    assert not re.search(r"\d{3}", masked)
    assert masked.startswith("Liên hệ ")
    assert masked.endswith(" giúp tôi")


@pytest.mark.parametrize(
    "ordinary",
    [
        "Phải bổ sung 2 lần",
        "Chờ 45 phút",
        "Lệ phí 500.000 đồng",
        "Ngày 25/11/2026 lúc 9:30",
        "Quầy số 3, năm 2026",
    ],
)
def test_ordinary_numbers_are_left_alone(ordinary: str) -> None:
    assert mask_personal_data(ordinary) == ordinary


@given(st.text())
def test_masking_never_adds_digits_and_is_idempotent(text: str) -> None:
    once = mask_personal_data(text)
    assert mask_personal_data(once) == once
    assert sum(c.isdigit() for c in once) <= sum(c.isdigit() for c in text)


def test_the_template_filter_escapes_before_masking(app: Flask) -> None:
    with app.test_request_context():
        shown = render_template_string(
            "{{ c|masked }}", c="<script>alert(1)</script> gọi 0987654321"
        )
    assert "<script>" not in shown
    assert "&lt;script&gt;" in shown
    assert "0987654321" not in shown
