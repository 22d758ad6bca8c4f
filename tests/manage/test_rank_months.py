"""Rank over time: each centre's monthly rank with a 90 % interval, only among centres
with enough answers; the others say "quá ít câu trả lời" with their n."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from survey_app.core import periods
from survey_app.manage.charts import rank_svg
from survey_app.manage.rank_months import build_month_ranks, complete_months, month_ranks
from survey_app.models import Centre, Role
from tests import factories

OCTOBER = periods.month(2026, 10)
PHONE_IMAGE_WIDTH = 328


def _answers(session: Session, key: str, levels: list[int], day: int = 14) -> None:
    at = datetime(2026, 10, day, 3, 0, tzinfo=UTC)
    for level in levels:
        factories.pulse_response(session, centre_key=key, level=level, submitted_at=at)


@pytest.fixture
def october(seeded: Session) -> Session:
    """Three centres far apart on 30 answers each in October, and one with five."""
    _answers(seeded, "van-quan", [5] * 30)
    _answers(seeded, "bac-son", [5] * 15 + [2] * 15)
    _answers(seeded, "tinh", [1] * 30)
    _answers(seeded, "dong-kinh", [5] * 5)
    return seeded


def _centre_id(session: Session, key: str) -> int:
    found = session.query(Centre).filter_by(key=key).one()
    return found.id


def test_complete_months_are_the_six_before_this_one() -> None:
    labels = [m.label for m in complete_months(date(2026, 12, 3))]
    assert labels == ["2026-06", "2026-07", "2026-08", "2026-09", "2026-10", "2026-11"]
    assert [m.label for m in complete_months(date(2026, 1, 31), 2)] == ["2025-11", "2025-12"]


def test_only_centres_with_enough_answers_are_ranked_and_far_apart_is_certain(
    october: Session,
) -> None:
    september = periods.month(2026, 9)
    ranks = build_month_ranks(october, [september, OCTOBER])
    active = october.query(Centre).filter_by(active=True).count()
    # September has nobody at all: not a column, only named as a month without answers.
    assert ranks.months == [OCTOBER]
    assert ranks.considered == [september, OCTOBER]
    assert ranks.without_answers == [september]
    assert ranks.ranked == [3]
    assert ranks.left_out == [active - 3]
    best = ranks.row(_centre_id(october, "van-quan"))
    middle = ranks.row(_centre_id(october, "bac-son"))
    worst = ranks.row(_centre_id(october, "tinh"))
    assert best
    assert middle
    assert worst
    assert (best.cells[0].rank, best.cells[0].rank_low, best.cells[0].rank_high) == (1, 1, 1)
    assert (middle.cells[0].rank, worst.cells[0].rank) == (2, 3)
    assert worst.cells[0].ranked == 3
    assert middle.cells[0].satisfied == pytest.approx(50.0)
    # Five answers: no rank, only n.
    small = ranks.row(_centre_id(october, "dong-kinh"))
    assert small
    assert (small.cells[0].rank, small.cells[0].n, small.cells[0].satisfied) == (None, 5, None)
    # The ranked centres come first, by their latest rank.
    assert [r.key for r in ranks.rows[:3]] == ["van-quan", "bac-son", "tinh"]


def test_province_page_shows_the_ranks_and_says_how_many_were_left_out(
    client: FlaskClient, october: Session
) -> None:
    factories.log_in(client, factories.user(october, role=Role.ADMIN, centre_keys=()))
    html = client.get("/quan-ly/tinh").get_data(as_text=True)
    section = html[html.index('id="month-ranks"') :]
    assert "Xếp hạng theo tháng về hài lòng chung (T6/2026–T11/2026)" in html
    assert '<p class="scroll-hint" id="month-ranks-hint">' in section
    assert "/quan-ly/trung-tam/van-quan/xep-hang" in section
    page = BeautifulSoup(section, "html.parser")
    table = page.select_one("table.rank-months")
    assert table
    # Only October had answers: the other five months are no column, named once below.
    assert [th.get_text() for th in table.select("thead th")] == ["Trung tâm", "T10/2026"]
    note = page.select_one("p.months-without-answers")
    assert note
    assert "T6/2026, T7/2026, T8/2026, T9/2026, T11/2026" in note.get_text()
    left_out = table.select_one("tr.left-out")
    assert left_out
    active = october.query(Centre).filter_by(active=True).count()
    assert [td.get_text() for td in left_out.select("td")] == [str(active - 3)]


def test_a_cell_with_too_few_answers_is_short_and_does_not_wrap_inside_its_brackets(
    client: FlaskClient, october: Session
) -> None:
    factories.log_in(client, factories.user(october, role=Role.ADMIN, centre_keys=()))
    for url in ("/quan-ly/tinh", "/quan-ly/trung-tam/dong-kinh/xep-hang"):
        page = BeautifulSoup(client.get(url).get_data(as_text=True), "html.parser")
        cells = page.select("table.rank-months td.few, table.rank-list td.few")
        assert cells, url
        # "ít", as in the units table, with the long form on hover; no space that can break.
        assert all(re.fullmatch(r"ít\u00a0\(n\u00a0=\u00a0\d+\)", c.get_text()) for c in cells)
        titles = [abbr["title"] for c in cells for abbr in c.select("abbr")]
        assert len(titles) == len(cells)
        assert "quá ít câu trả lời (n = 5)" in titles


def test_centre_rank_page_for_its_manager_and_not_for_another(
    client: FlaskClient, october: Session
) -> None:
    factories.log_in(client, factories.user(october, role=Role.MANAGER, centre_keys=("bac-son",)))
    page = client.get("/quan-ly/trung-tam/bac-son/xep-hang").get_data(as_text=True)
    assert "Xếp hạng theo tháng" in page
    assert "<b>2</b>/3" in page
    assert "(n = 0)" not in page  # the months nobody answered are no rows
    assert "T6/2026, T7/2026, T8/2026, T9/2026, T11/2026" in page
    assert client.get("/quan-ly/trung-tam/van-quan/xep-hang").status_code == 404
    assert client.get("/quan-ly/trung-tam/van-quan/xep-hang.svg").status_code == 404
    chart = client.get("/quan-ly/trung-tam/bac-son/xep-hang.svg")
    assert chart.headers["Cache-Control"] == "private, max-age=300"
    words = " ".join(" ".join(ElementTree.fromstring(chart.data).itertext()).split())
    assert "2/3" in words
    assert "T10 2026 (30)" in words
    assert "T9" not in words  # nobody answered in September
    # The week page links to it.
    week = client.get("/quan-ly/trung-tam/bac-son").get_data(as_text=True)
    assert "/quan-ly/trung-tam/bac-son/xep-hang" in week


def test_rank_chart_text_is_readable_on_a_phone_and_says_too_few_when_nothing_is_ranked(
    app: object,
) -> None:
    with app.test_request_context():  # type: ignore[attr-defined]
        cells = [(None, None, None, 0, 4), (3, 1, 6, 10, 45), (2, 1, 4, 11, 60)]
        svg = rank_svg(["2026-09", "2026-10", "2026-11"], cells, "Hạng").decode()
        width = float(ElementTree.fromstring(svg).attrib["viewBox"].split()[2])
        sizes = [float(s) for s in re.findall(r"font-size: ([\d.]+)px", svg)]
        assert min(sizes) * PHONE_IMAGE_WIDTH / width >= 11
        empty = rank_svg(["2026-10"], [(None, None, None, 0, 7)], "Hạng").decode()
        assert "Quá ít câu trả lời" in empty
        assert "1 là cao nhất" not in empty  # a sentence, no axes


def test_month_ranks_are_kept_until_an_answer_arrives(october: Session, app: object) -> None:
    with app.app_context():  # type: ignore[attr-defined]
        first = month_ranks(october)
        assert month_ranks(october) is first
        _answers(october, "tinh", [5], day=20)
        assert month_ranks(october) is not first


def test_months_are_named_in_the_reader_s_language(client: FlaskClient, october: Session) -> None:
    factories.log_in(client, factories.user(october, role=Role.ADMIN, centre_keys=()))
    html = client.get("/quan-ly/tinh?lang=en").get_data(as_text=True)
    assert "(Jun 2026–Nov 2026)" in html
    assert "T6/2026" not in html
    chart = client.get("/quan-ly/trung-tam/bac-son/xep-hang.svg")
    words = " ".join(" ".join(ElementTree.fromstring(chart.data).itertext()).split())
    assert "Oct 2026 (30)" in words
