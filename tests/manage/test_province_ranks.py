"""Issue 11, item 6 on the province page's heat table: every centre with enough answers to
the index ranked gets its rank, the n beside it is the n the minimum applies to, and the
sentence under the table counts exactly the rows left without a rank."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bs4 import BeautifulSoup
from flask.testing import FlaskClient

from survey_app.reporting.judging import MIN_N
from tests.html import parse, text_of
from tests.manage.declining_demo import MONTH, WEEK


@dataclass(frozen=True)
class HeatRow:
    key: str
    rank: int | None
    n: int


def heat_rows(page: BeautifulSoup) -> list[HeatRow]:
    """The heat table's rows in order: centre key, rank (None when not ranked), n."""
    found = []
    for tr in page.select("table.heat tbody tr"):
        rank_cell, n_cell = tr.select("td")[:2]
        first = rank_cell.get_text().split()
        key = re.search(r"/trung-tam/([^?/]+)", tr.select_one("th a")["href"])[1]
        rank = int(first[0]) if first and first[0].isdigit() else None
        found.append(HeatRow(key, rank, int(n_cell.get_text())))
    return found


def left_out_count(page: BeautifulSoup) -> int:
    """The number the sentence under the heat table gives, 0 when it is absent."""
    note = page.select_one("p.unranked")
    return int(note.get_text().split()[0]) if note else 0


def assert_ranks_follow_the_minimum(rows: list[HeatRow], page: BeautifulSoup) -> None:
    ranked = [r for r in rows if r.rank is not None]
    # Every centre with the minimum n on the ranked index is ranked, and no other.
    assert {r.key for r in ranked} == {r.key for r in rows if r.n >= MIN_N}
    # Ranked rows first, 1, 2, 3 … in order; the rest after them.
    assert [r.rank for r in rows[: len(ranked)]] == list(range(1, len(ranked) + 1))
    assert left_out_count(page) == len(rows) - len(ranked)


def test_week_ranks_every_centre_with_enough_answers_to_the_service_index(
    declining_admin: FlaskClient,
) -> None:
    page = parse(declining_admin.get(f"/quan-ly/tinh?ky={WEEK}"))
    rows = heat_rows(page)
    assert len(rows) == 66
    assert_ranks_follow_the_minimum(rows, page)
    by_key = {r.key: r for r in rows}
    # Before: 2 centres had the minimum n and still showed "–" (fewer than three to rank).
    assert by_key["luong-van-tri"].rank is not None
    # The page says which index it ranks on and why so many are left out this week.
    assert "Chỉ số phục vụ hành chính công" in text_of(page, "p.unranked")
    # It offers the ranking on overall satisfaction, where more centres have enough.
    link = page.select_one("p.unranked a")
    assert link is not None
    assert "yeu-to=overall" in link["href"]

    overall = parse(declining_admin.get(link["href"]))
    overall_rows = heat_rows(overall)
    assert_ranks_follow_the_minimum(overall_rows, overall)
    assert sum(r.rank is not None for r in overall_rows) > sum(r.rank is not None for r in rows)


def test_month_shows_the_n_the_minimum_applies_to_and_names_each_ranking(
    declining_admin: FlaskClient,
) -> None:
    page = parse(declining_admin.get(f"/quan-ly/tinh?ky={MONTH}"))
    rows = heat_rows(page)
    assert_ranks_follow_the_minimum(rows, page)
    thien_tan = {r.key: r for r in rows}["thien-tan"]
    # Thiện Tân has 93 answers to the visit but fewer than 30 to the service index's
    # least-answered question: the n shown is that one, so "not ranked" is plain to see.
    assert thien_tan.rank is None
    assert thien_tan.n < MIN_N
    # The heat table and the month ranks name the index they rank on.
    assert "Chỉ số phục vụ hành chính công" in text_of(page, "p.rank-basis")
    assert "hài lòng chung" in text_of(page, "#month-ranks").lower()
