"""The province page and the public page."""

from __future__ import annotations

from datetime import date

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from survey_app.models import Role
from survey_app.seeding.demo import seed_demo
from tests import factories
from tests.html import parse, text_of


@pytest.fixture
def demo(seeded: Session) -> Session:
    seed_demo(seeded, weeks=4, seed=3, end=date(2026, 11, 25))
    return seeded


def test_province_lists_every_centre_with_n_indices_and_rank(
    client: FlaskClient, demo: Session
) -> None:
    factories.log_in(client, factories.user(demo, role=Role.ADMIN, centre_keys=()))
    page = parse(client.get("/quan-ly/tinh?ky=2026-11&yeu-to=overall"))
    rows = page.select("table.heat tbody tr")
    assert len(rows) == 66
    ranks = [
        int(r.select_one("td").get_text().split()[0])
        for r in rows
        if r.select_one("td").get_text() != "–"
    ]
    assert ranks == sorted(ranks)
    assert ranks[0] == 1
    first = rows[0].select("td")
    assert int(first[1].get_text()) > 0
    assert "%" in text_of(page, ".cards")


def total_responses(page: object) -> int:
    """The sum of the n column of the province table."""
    return sum(int(r.select("td")[1].get_text()) for r in page.select("table.heat tbody tr"))


def test_province_filters_by_channel_and_refuses_nonsense(
    client: FlaskClient, demo: Session
) -> None:
    factories.log_in(client, factories.user(demo, role=Role.ADMIN, centre_keys=()))
    all_channels = parse(client.get("/quan-ly/tinh?ky=2026-11"))
    kiosk = parse(client.get("/quan-ly/tinh?ky=2026-11&kenh=kiosk"))
    assert 0 < total_responses(kiosk) < total_responses(all_channels)
    assert client.get("/quan-ly/tinh?kenh=fax").status_code == 400
    assert client.get("/quan-ly/tinh?yeu-to=luck").status_code == 400


def test_public_page_shows_n_and_margin_and_nothing_personal(
    client: FlaskClient, demo: Session
) -> None:
    page = parse(client.get("/cong-khai"))
    assert "Mức độ hài lòng" in text_of(page, "h1")
    rows = page.select("table.data tbody tr")
    assert len(rows) == 66
    published = [r for r in rows if "±" in r.get_text()]
    assert published
    for row in published:
        cells = [td.get_text(strip=True) for td in row.select("td")]
        assert int(cells[2]) >= 30
    assert "Con số này được tính thế nào?" in text_of(page, "#method")
    assert "Cán bộ" not in page.get_text()  # no comments are published


def test_public_page_says_too_few_answers_instead_of_a_number(
    client: FlaskClient, seeded: Session
) -> None:
    seed_demo(seeded, weeks=1, seed=9, end=date(2026, 11, 25))
    page = parse(client.get("/cong-khai"))
    few = [r for r in page.select("table.data tbody tr") if "Chưa đủ câu trả lời" in r.get_text()]
    assert few
    for row in few:
        assert int(row.select("td")[-1].get_text()) < 30
