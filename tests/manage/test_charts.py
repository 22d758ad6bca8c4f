"""The week page's charts: readable on a phone, dates as 16/11, a scale that shows the
differences, intervals with n, and a sentence where there is nothing to draw."""

from __future__ import annotations

import re
from datetime import date
from xml.etree import ElementTree

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from survey_app.manage.charts import day_month, value_floor
from survey_app.models import Role
from survey_app.seeding.demo import seed_demo
from tests import factories

WEEK = date(2026, 11, 16)
PHONE_IMAGE_WIDTH = 328  # px: 360 less the page's margins


@pytest.fixture
def manager(client: FlaskClient, seeded: Session) -> None:
    seed_demo(seeded, weeks=4, seed=3, end=date(2026, 11, 25))
    factories.log_in(client, factories.user(seeded, centre_keys=("tinh", "van-quan")))


def _svg(client: FlaskClient, chart: str, key: str = "tinh") -> str:
    response = client.get(f"/quan-ly/trung-tam/{key}/{chart}?tuan={WEEK}")
    assert response.status_code == 200
    return response.data.decode()


def _words(svg: str) -> str:
    """The chart's text, its wrapped lines joined."""
    return " ".join(" ".join(ElementTree.fromstring(svg).itertext()).split())


def _smallest_text_on_a_phone(svg: str) -> float:
    width = float(ElementTree.fromstring(svg).attrib["viewBox"].split()[2])
    sizes = [float(s) for s in re.findall(r"font-size: ([\d.]+)px", svg)]
    return min(sizes) * PHONE_IMAGE_WIDTH / width


@pytest.mark.parametrize("chart", ["xu-huong.svg", "chi-so.svg"])
def test_chart_text_is_at_least_11_px_on_a_phone(
    client: FlaskClient, manager: None, chart: str
) -> None:
    assert _smallest_text_on_a_phone(_svg(client, chart)) >= 11


def test_trend_names_weeks_by_day_and_month(client: FlaskClient, manager: None) -> None:
    svg = _svg(client, "xu-huong.svg")
    assert ">16/11<" in svg or ">09/11<" in svg
    assert not re.search(r">\d\d-\d\d<", svg)
    assert "khoảng tin cậy 95%" in _words(svg)
    assert "n mỗi tuần" in _words(svg)


def test_factor_chart_gives_n_beside_each_factor(client: FlaskClient, manager: None) -> None:
    svg = _svg(client, "chi-so.svg")
    assert re.search(r"Hài lòng chung \(n = \d+\)", svg)


def test_a_week_without_answers_gives_a_sentence_not_empty_axes(
    client: FlaskClient, manager: None
) -> None:
    response = client.get("/quan-ly/trung-tam/van-quan/chi-so.svg?tuan=2020-01-06")
    svg = response.data.decode()
    assert "Chưa đủ câu trả lời để vẽ biểu đồ tuần này." in _words(svg)
    assert '<g id="axes_1">' not in svg
    trend = client.get("/quan-ly/trung-tam/van-quan/xu-huong.svg?tuan=2020-01-06").data.decode()
    assert "Chưa đủ câu trả lời để vẽ xu hướng" in _words(trend)


def test_the_scale_starts_below_the_lowest_figure_and_shows_the_target() -> None:
    assert value_floor([86.0, 92.0]) == 70  # the 80 % target stays in view
    assert value_floor([42.5, 88.0]) == 30
    assert value_floor([3.0]) == 0
    assert day_month("2026-11-16") == "16/11"


def test_the_province_page_shows_the_province_trend(client: FlaskClient, seeded: Session) -> None:
    """Every centre's answers counted together, week by week, with n and the interval."""
    seed_demo(seeded, weeks=4, seed=3, end=date(2026, 11, 25))
    factories.log_in(
        client, factories.user(seeded, username="sonoivu", role=Role.DEPARTMENT, centre_keys=())
    )
    page = client.get("/quan-ly/tinh?ky=2026-11").get_data(as_text=True)
    assert 'src="/quan-ly/tinh/xu-huong.svg?tuan=2026-11-23"' in page
    response = client.get(f"/quan-ly/tinh/xu-huong.svg?tuan={WEEK}")
    assert response.status_code == 200
    svg = response.data.decode()
    assert "Toàn tỉnh" in _words(svg)
    assert "n mỗi tuần" in _words(svg)
    assert _smallest_text_on_a_phone(svg) >= 11
    # The province's n in a week is far more than one centre's.
    province_n = max(int(n) for n in re.findall(r"n mỗi tuần \d+–(\d+)", _words(svg)))
    centre_n = max(
        int(n) for n in re.findall(r"n mỗi tuần \d+–(\d+)", _words(_svg(client, "xu-huong.svg")))
    )
    assert province_n > centre_n
