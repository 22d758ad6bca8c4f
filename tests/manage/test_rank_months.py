"""Rank over time: each centre's monthly rank with a 90 % interval, only among centres
with enough answers; the others say "quá ít câu trả lời" with their n."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from xml.etree import ElementTree

import pytest
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
    ranks = build_month_ranks(october, [periods.month(2026, 9), OCTOBER])
    active = october.query(Centre).filter_by(active=True).count()
    assert ranks.ranked == [0, 3]
    assert ranks.left_out == [active, active - 3]
    best = ranks.row(_centre_id(october, "van-quan"))
    middle = ranks.row(_centre_id(october, "bac-son"))
    worst = ranks.row(_centre_id(october, "tinh"))
    assert best
    assert middle
    assert worst
    assert (best.cells[1].rank, best.cells[1].rank_low, best.cells[1].rank_high) == (1, 1, 1)
    assert (middle.cells[1].rank, worst.cells[1].rank) == (2, 3)
    assert worst.cells[1].ranked == 3
    assert middle.cells[1].satisfied == pytest.approx(50.0)
    # Five answers: no rank, only n; September has nobody at all.
    small = ranks.row(_centre_id(october, "dong-kinh"))
    assert small
    assert (small.cells[1].rank, small.cells[1].n, small.cells[1].satisfied) == (None, 5, None)
    assert best.cells[0].rank is None
    assert best.cells[0].n == 0
    # The ranked centres come first, by their latest rank.
    assert [r.key for r in ranks.rows[:3]] == ["van-quan", "bac-son", "tinh"]


def test_province_page_shows_the_ranks_and_says_how_many_were_left_out(
    client: FlaskClient, october: Session
) -> None:
    factories.log_in(client, factories.user(october, role=Role.ADMIN, centre_keys=()))
    html = client.get("/quan-ly/tinh").get_data(as_text=True)
    section = html[html.index('id="month-ranks"') :]
    assert "Xếp hạng theo tháng về hài lòng chung (T6/2026–T11/2026)" in html
    assert "quá ít câu trả lời (n = 5)" in section
    assert '<p class="scroll-hint" id="month-ranks-hint">' in section
    assert "/quan-ly/trung-tam/van-quan/xep-hang" in section
    left_out = re.search(r'<tr class="left-out">(.*?)</tr>', section, re.S)
    assert left_out
    active = october.query(Centre).filter_by(active=True).count()
    counts = [int(c) for c in re.findall(r'<td class="num">(\d+)</td>', left_out.group(1))]
    assert counts[4] == active - 3  # October
    assert counts[0] == active  # June: nobody answered


def test_centre_rank_page_for_its_manager_and_not_for_another(
    client: FlaskClient, october: Session
) -> None:
    factories.log_in(client, factories.user(october, role=Role.MANAGER, centre_keys=("bac-son",)))
    page = client.get("/quan-ly/trung-tam/bac-son/xep-hang").get_data(as_text=True)
    assert "Xếp hạng theo tháng" in page
    assert "<b>2</b>/3" in page
    assert "quá ít câu trả lời (n = 0)" in page  # the months nobody answered
    assert client.get("/quan-ly/trung-tam/van-quan/xep-hang").status_code == 404
    assert client.get("/quan-ly/trung-tam/van-quan/xep-hang.svg").status_code == 404
    chart = client.get("/quan-ly/trung-tam/bac-son/xep-hang.svg")
    assert chart.headers["Cache-Control"] == "private, max-age=300"
    words = " ".join(" ".join(ElementTree.fromstring(chart.data).itertext()).split())
    assert "2/3" in words
    assert "T10 2026 (30)" in words
    assert "(0) ít" in words
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
