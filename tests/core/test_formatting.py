"""Numbers and periods as each language writes them."""

from __future__ import annotations

from datetime import date

import pytest
from flask import Flask
from flask_babel import force_locale

from survey_app.core.formatting import number, pct, period_words
from survey_app.core.periods import week


@pytest.mark.parametrize(
    ("value", "digits", "vi", "en"),
    [
        (1234, 0, "1.234", "1,234"),
        (1234567, 0, "1.234.567", "1,234,567"),
        (0.05, 2, "0,05", "0.05"),
        (12.5, 1, "12,5", "12.5"),
        (None, 0, "–", "–"),
    ],
)
def test_numbers_use_each_languages_separators(
    app: Flask, value: float | None, digits: int, vi: str, en: str
) -> None:
    with app.test_request_context():
        with force_locale("vi"):
            assert number(value, digits) == vi
        with force_locale("en"):
            assert number(value, digits) == en


@pytest.mark.parametrize(
    ("label", "vi", "en"),
    [
        ("2026-Q4", "Quý IV/2026", "Quarter IV/2026"),
        ("2026-q1", "Quý I/2026", "Quarter I/2026"),
        ("2026-11", "Tháng 11/2026", "Month 11/2026"),
        ("2026-W47", "Tuần 47/2026 (16/11–22/11)", "Week 47/2026 (16/11–22/11)"),
        ("2026-11-18", "Tuần 47/2026 (16/11–22/11)", "Week 47/2026 (16/11–22/11)"),
        ("2026", "Năm 2026", "Year 2026"),
        ("đợt đặc biệt", "đợt đặc biệt", "đợt đặc biệt"),
    ],
)
def test_periods_are_written_in_words(app: Flask, label: str, vi: str, en: str) -> None:
    with app.test_request_context():
        with force_locale("vi"):
            assert period_words(label) == vi
        with force_locale("en"):
            assert period_words(label) == en


def test_a_week_across_new_year_takes_its_iso_year(app: Flask) -> None:
    with app.test_request_context(), force_locale("vi"):
        assert period_words(week(date(2026, 12, 28))) == "Tuần 53/2026 (28/12–03/01)"
        assert period_words(week(date(2024, 12, 30))) == "Tuần 1/2025 (30/12–05/01)"


@pytest.mark.parametrize(
    ("value", "vi", "en"),
    [(-0.6, "−0,6", "−0.6"), (-0.04, "0,0", "0.0"), (43.2, "43,2", "43.2"), (0.0, "0,0", "0.0")],
)
def test_a_negative_percentage_takes_a_true_minus_sign(
    app: Flask, value: float, vi: str, en: str
) -> None:
    with app.test_request_context():
        with force_locale("vi"):
            assert pct(value) == vi
        with force_locale("en"):
            assert pct(value) == en
