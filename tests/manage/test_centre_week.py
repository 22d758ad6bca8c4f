"""The centre's week page: the figures a manager acts on on Monday."""

from __future__ import annotations

import re
from datetime import date, timedelta
from xml.etree import ElementTree

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select, update
from sqlalchemy.orm import Session

import analysis
from survey_app.core.formatting import pct
from survey_app.core.weeks import local_midnight_utc
from survey_app.models import Answer, Question, Response, Role, User
from survey_app.reporting import AnswerFilter, fetch_answer_counts, fetch_items
from survey_app.seeding.demo import seed_demo
from tests import factories
from tests.html import parse, text_of

WEEK = date(2026, 11, 16)


@pytest.fixture
def demo(seeded: Session) -> Session:
    seed_demo(seeded, weeks=4, seed=3, end=date(2026, 11, 25))
    return seeded


@pytest.fixture
def manager(client: FlaskClient, demo: Session) -> User:
    account = factories.user(demo, centre_keys=("tinh",))
    factories.log_in(client, account)
    return account


def test_week_figures_equal_the_analysis_library(
    client: FlaskClient, manager: User, demo: Session, app: object
) -> None:
    page = parse(client.get(f"/quan-ly/trung-tam/tinh?tuan={WEEK}"))
    centre = factories.centre(demo, "tinh")
    counts = fetch_answer_counts(
        demo,
        AnswerFilter(
            centre_ids=[centre.id],
            start=local_midnight_utc(WEEK),
            end=local_midnight_utc(WEEK + timedelta(weeks=1)),
        ),
        by=["centre"],
    )
    composites = analysis.composite_indices(counts, fetch_items(demo), by="centre", rng=0)
    overall = analysis.item_indices(counts[counts["question"] == "overall.visit"], by="centre")
    expected = {
        "Hài lòng chung": overall.iloc[0],
        "Tiếp cận dịch vụ": composites[composites["component"] == "access"].iloc[0],
        "Công chức giải quyết công việc": composites[composites["component"] == "staff"].iloc[0],
    }
    rows = {
        r.select_one("th").get_text(strip=True): [td.get_text(strip=True) for td in r.select("td")]
        for r in page.select("section#indices table tbody tr, table.data tbody tr")
        if r.select_one("th")
    }
    for label, figure in expected.items():
        shown = rows[label]
        assert shown[0] == pct(figure["index"]), label
        assert shown[1] == f"{pct(figure['ci_low'])}–{pct(figure['ci_high'])}", label
        assert shown[2] == str(int(figure["n"])), label
    weekly = [int(td.get_text()) for td in page.select("table.compact tbody td")]
    assert weekly[-1] == int(overall.iloc[0]["n"])
    assert text_of(page, ".cards .card b") == str(int(overall.iloc[0]["n"]))


def test_another_centres_week_is_not_found(client: FlaskClient, manager: User) -> None:
    assert client.get("/quan-ly/trung-tam/van-quan").status_code == 404
    assert client.get("/quan-ly/trung-tam/van-quan/xu-huong.svg").status_code == 404
    assert client.get("/quan-ly/trung-tam/khong-co").status_code == 404


def test_handlers_do_not_read_dashboards_but_viewers_do(client: FlaskClient, demo: Session) -> None:
    handler = factories.user(demo, username="xuly", role=Role.HANDLER, centre_keys=("tinh",))
    factories.log_in(client, handler)
    assert client.get("/quan-ly/trung-tam/tinh").status_code == 403
    client.post("/dang-xuat")
    viewer = factories.user(demo, username="xem", role=Role.VIEWER, centre_keys=("tinh",))
    factories.log_in(client, viewer)
    assert client.get("/quan-ly/trung-tam/tinh").status_code == 200
    assert client.get("/quan-ly/tinh").status_code == 403


def test_comments_are_shown_masked(client: FlaskClient, manager: User, demo: Session) -> None:
    centre = factories.centre(demo, "tinh")
    comment_id = demo.scalar(select(Question.id).filter_by(key="comment"))
    response_id = demo.scalar(
        select(Response.id)
        .where(
            Response.centre_id == centre.id,
            Response.submitted_at >= local_midnight_utc(WEEK),
            Response.submitted_at < local_midnight_utc(WEEK + timedelta(weeks=1)),
            Response.is_suspect.is_(False),
        )
        .limit(1)
    )
    demo.execute(
        update(Answer)
        .where(Answer.response_id == response_id, Answer.question_id == comment_id)
        .values(text="x")
    )
    demo.add(Answer(response_id=response_id, question_id=comment_id, text="Gọi 0912 345 678"))
    demo.commit()
    page = parse(client.get(f"/quan-ly/trung-tam/tinh?tuan={WEEK}"))
    comments = " ".join(ul.get_text(" ") for ul in page.select("ul.comments"))
    assert "0912 345 678" not in comments
    assert "Gọi •••• ••• •••" in comments


def test_charts_are_svg_drawn_on_the_server(client: FlaskClient, manager: User) -> None:
    for chart in ("xu-huong.svg", "chi-so.svg"):
        response = client.get(f"/quan-ly/trung-tam/tinh/{chart}?tuan={WEEK}")
        assert response.status_code == 200
        assert response.mimetype == "image/svg+xml"
        root = ElementTree.fromstring(response.data)
        assert root.tag.endswith("svg")
        # Namespaces and the DTD name URLs; no element may load anything from elsewhere.
        assert not re.search(rb'href="(?!#)', response.data)


def test_a_declining_centre_gets_a_warning_in_words(client: FlaskClient, demo: Session) -> None:
    # The demo makes four centres decline; the week page names the factors that fell.
    admin = factories.user(demo, username="so", role=Role.ADMIN, centre_keys=())
    factories.log_in(client, admin)
    page = parse(client.get(f"/quan-ly/tinh?ky={WEEK}"))
    risky = page.select("section ul.warnings > li")
    assert risky, "the demo's declining centres should appear at risk"
    first = risky[0]
    assert "mục tiêu" in first.get_text() or "đi xuống" in first.get_text()
    week_page = parse(client.get(first.select_one("a")["href"]))
    assert week_page.select("ul.warnings li")


def test_response_rate_appears_once_the_dossier_count_is_entered(
    client: FlaskClient, manager: User, demo: Session
) -> None:
    from survey_app.models import DossierCount  # noqa: PLC0415

    before = parse(client.get(f"/quan-ly/trung-tam/tinh?tuan={WEEK}"))
    assert "chưa nhập số hồ sơ" in text_of(before, ".cards")
    responses = int(text_of(before, ".cards .card b"))
    demo.add(
        DossierCount(
            centre_id=factories.centre(demo, "tinh").id,
            week_start=WEEK,
            dossiers=400,
            entered_by_id=manager.id,
        )
    )
    demo.commit()
    after = parse(client.get(f"/quan-ly/trung-tam/tinh?tuan={WEEK}"))
    assert f"{pct(100 * responses / 400)}% hồ sơ được đánh giá (400 hồ sơ tiếp nhận)" in text_of(
        after, ".cards"
    )
