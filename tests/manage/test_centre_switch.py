"""A manager of several centres switches centre in one click, and week or month in one."""

from __future__ import annotations

from datetime import date

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from survey_app.core.collation import vietnamese_key
from survey_app.core.periods import period_of
from survey_app.core.weeks import last_full_week
from survey_app.models import Role
from tests import factories
from tests.html import parse, text_of

WEEK = date(2026, 11, 16)
# Code-point order would put "xã Bình Gia" before "xã Bắc Sơn": Vietnamese order does not.
KEYS = ("van-quan", "binh-gia", "bac-son")


@pytest.fixture
def manager(client: FlaskClient, seeded: Session) -> None:
    factories.log_in(client, factories.user(seeded, centre_keys=KEYS))


def test_the_chooser_links_every_centre_of_the_manager_in_vietnamese_order(
    client: FlaskClient, manager: None
) -> None:
    page = parse(client.get(f"/quan-ly/trung-tam/van-quan?tuan={WEEK}"))
    chooser = page.select_one("nav.centre-chooser")
    assert chooser is not None
    names = [e.get_text(strip=True) for e in chooser.select("li > a, li > strong")]
    assert names == ["xã Bắc Sơn", "xã Bình Gia", "xã Văn Quan"]
    assert names == sorted(names, key=vietnamese_key)
    assert names != sorted(names)
    assert text_of(chooser, "[aria-current=page]") == "xã Văn Quan"
    links = {a.get_text(strip=True): a["href"] for a in chooser.select("a")}
    # One click, to the same week of the other centre.
    assert links["xã Bắc Sơn"] == f"/quan-ly/trung-tam/bac-son?tuan={WEEK}"
    assert client.get(links["xã Bắc Sơn"]).status_code == 200


def test_a_manager_of_one_centre_sees_no_chooser_but_still_picks_a_week(
    client: FlaskClient, seeded: Session
) -> None:
    factories.log_in(client, factories.user(seeded))
    page = parse(client.get("/quan-ly/trung-tam/van-quan"))
    assert page.select_one("nav.centre-chooser") is None
    assert page.select_one("input#tuan[type=date]") is not None


def test_many_centres_get_a_form_that_works_without_script(
    client: FlaskClient, seeded: Session
) -> None:
    factories.log_in(client, factories.user(seeded, role=Role.ADMIN, centre_keys=()))
    page = parse(client.get(f"/quan-ly/trung-tam/van-quan?tuan={WEEK}"))
    form = page.select_one("nav.centre-chooser form")
    assert form is not None
    assert form["method"] == "get"
    assert form.select_one("button[type=submit]") is not None
    options = [o.get_text() for o in form.select("select[name=trung-tam] option")]
    assert options == sorted(options, key=vietnamese_key)
    answer = client.get(f"{form['action']}?trung-tam=bac-son&tuan={WEEK}")
    assert answer.headers["Location"] == f"/quan-ly/trung-tam/bac-son?tuan={WEEK}"
    answer = client.get(f"{form['action']}?trung-tam=bac-son&thang=2026-10")
    assert answer.headers["Location"] == "/quan-ly/trung-tam/bac-son/thang?thang=2026-10"


def test_the_chooser_cannot_open_a_centre_that_is_not_the_managers(
    client: FlaskClient, manager: None
) -> None:
    page = parse(client.get("/quan-ly/trung-tam/van-quan"))
    assert "tinh" not in [a["href"].split("/")[-1] for a in page.select("nav.centre-chooser a")]
    assert client.get("/quan-ly/trung-tam/?trung-tam=tinh").status_code == 404
    assert client.get("/quan-ly/trung-tam/?trung-tam=tinh&thang=2026-10").status_code == 404
    assert client.get("/quan-ly/trung-tam/tinh/thang").status_code == 404


def test_week_and_month_toggle_between_each_other(client: FlaskClient, manager: None) -> None:
    week = parse(client.get(f"/quan-ly/trung-tam/van-quan?tuan={WEEK}"))
    toggle = week.select_one("nav.view-toggle")
    assert text_of(toggle, "[aria-current=page]") == "Tuần"
    month_link = toggle.select_one("a")["href"]
    assert month_link == "/quan-ly/trung-tam/van-quan/thang?thang=2026-11"
    month = parse(client.get(month_link))
    assert text_of(month.select_one("nav.view-toggle"), "[aria-current=page]") == "Tháng"
    assert "Tháng 11/2026" in text_of(month, "nav.week-nav")
    assert month.select_one("#todo") is not None
    # The chooser keeps the month when it switches centre.
    links = [a["href"] for a in month.select("nav.centre-chooser a")]
    assert "/quan-ly/trung-tam/bac-son/thang?thang=2026-11" in links
    week_link = month.select_one("nav.view-toggle a")["href"]
    assert week_link == "/quan-ly/trung-tam/van-quan?tuan=2026-11-23"


def test_the_month_defaults_to_that_of_last_week_and_never_the_future(
    client: FlaskClient, manager: None
) -> None:
    expected = period_of(last_full_week(), "M").start_local.strftime("%m/%Y")
    for query in ("", "?thang=2999-01", "?thang=rubbish"):
        page = parse(client.get(f"/quan-ly/trung-tam/van-quan/thang{query}"))
        assert f"Tháng {expected}" in text_of(page, "nav.week-nav"), query
