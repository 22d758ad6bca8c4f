"""The week page's charts: readable on a phone, dates as 16/11, a scale that shows the
differences, intervals with n, and a sentence where there is nothing to draw."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from xml.etree import ElementTree

import pandas as pd
import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from survey_app.manage.charts import bars_svg, day_month, trend_svg, value_floor
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
    assert re.search(r"Hài lòng chung \(n\s=\s\d+\)", svg)


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


# The layout with the longest Vietnamese labels: every piece of text inside the picture and
# none over another. Text widths are estimated generously (0.55 em a character, DejaVu Sans
# averages about 0.45 on these labels), as a browser may draw them in a wider font.
EM_PER_CHARACTER = 0.55


@dataclass(frozen=True)
class _Box:
    text: str
    left: float
    top: float
    right: float
    bottom: float

    def overlaps(self, other: _Box) -> bool:
        return (
            self.left < other.right
            and other.left < self.right
            and self.top < other.bottom
            and other.top < self.bottom
        )


def _text_boxes(svg: str) -> tuple[float, float, list[_Box]]:
    """The viewBox's width and height and a box round each horizontal line of text."""
    root = ElementTree.fromstring(svg)
    _x, _y, width, height = (float(v) for v in root.attrib["viewBox"].split())
    boxes = []
    for element in root.iter("{http://www.w3.org/2000/svg}text"):
        if "rotate(-90" in element.attrib.get("transform", ""):
            continue  # the axis label on its side: checked by its position alone
        style = element.attrib["style"]
        size = float(re.findall(r"font-size: ([\d.]+)px", style)[0])
        anchor = (re.findall(r"text-anchor: (\w+)", style) or ["start"])[0]
        text = "".join(element.itertext())
        wide = EM_PER_CHARACTER * size * len(text)
        x, y = _position(element)
        left = {"start": x, "middle": x - wide / 2, "end": x - wide}[anchor]
        boxes.append(_Box(text, left, y - 0.8 * size, left + wide, y + 0.2 * size))
    return width, height, boxes


def _position(element: ElementTree.Element) -> tuple[float, float]:
    """Where a line of text starts: x and y, or a translation (a line of several)."""
    if "x" in element.attrib:
        return float(element.attrib["x"]), float(element.attrib["y"])
    found = re.search(r"translate\(([-\d.]+) ([-\d.]+)\)", element.attrib["transform"])
    assert found
    return float(found.group(1)), float(found.group(2))


def _assert_laid_out(svg: str) -> None:
    width, height, boxes = _text_boxes(svg)
    assert boxes
    for box in boxes:
        assert box.left >= 0, f"{box.text!r} runs past the left edge"
        assert box.right <= width, f"{box.text!r} runs past the right edge"
        assert box.top >= 0, f"{box.text!r} runs past the top"
        assert box.bottom <= height, f"{box.text!r} runs past the bottom"
    for i, box in enumerate(boxes):
        for other in boxes[i + 1 :]:
            assert not box.overlaps(other), f"{box.text!r} lies over {other.text!r}"
    for element in ElementTree.fromstring(svg).iter("{http://www.w3.org/2000/svg}text"):
        if "rotate(-90" in element.attrib.get("transform", ""):
            assert _position(element)[0] >= 0.8 * 12, "the axis label is cut"


def test_factor_chart_wraps_long_labels_inside_the_picture(app: Flask) -> None:
    rows = [
        ("overall", 57.0, 41.0, 71.0, 37),
        ("service", None, None, None, 0),  # the longest name with "chưa đủ câu trả lời"
        ("staff", 57.0, 41.0, 71.0, 37),
        ("feedback", None, None, None, 0),
    ]
    with app.test_request_context():
        svg = bars_svg(rows, "Tuần này, với khoảng tin cậy 95%").decode()
    _assert_laid_out(svg)
    # No bracket is split across two lines.
    lines = [box.text for box in _text_boxes(svg)[2]]
    assert all(line.count("(") == line.count(")") for line in lines), lines


def test_trend_chart_keeps_legend_caption_and_axis_label_apart(app: Flask) -> None:
    weeks = [f"2026-{m:02d}-{d:02d}" for m, d in [(9, 7), (9, 14), (9, 21), (9, 28)]]
    table = pd.DataFrame(
        [
            {
                "component": key,
                "period": week,
                "index": 70.0 + i,
                "ci_low": 60.0,
                "ci_high": 80.0,
                "n": 40,
            }
            for i, week in enumerate(weeks)
            for key in ("access", "procedure", "staff", "result", "feedback", "overall")
        ]
    )
    with app.test_request_context():
        svg = trend_svg(table, weeks, "Toàn tỉnh: chỉ số theo tuần (%)").decode()
    _assert_laid_out(svg)
