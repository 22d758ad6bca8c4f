"""One staff area: every staff page under /quan-ly/, old addresses sent on, one menu by role."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from survey_app.legacy_urls import new_path
from survey_app.models import CriterionSet, Role
from survey_app.navigation import MENU, menu_for
from survey_app.tracker.draft_sets import load_draft
from tests import factories
from tests.html import parse

QUERY = "?tuan=2026-11-16&lang=vi"

# (method, old address, new address): every old root, and each renamed piece below one.
OLD_TO_NEW = [
    ("GET", "/staff/", "/quan-ly/"),
    ("GET", "/staff/paper", "/quan-ly/phieu-giay"),
    ("POST", "/staff/paper", "/quan-ly/phieu-giay"),
    ("GET", "/staff/kiosk", "/quan-ly/kiosk"),
    ("POST", "/staff/kiosk/stop", "/quan-ly/kiosk/dung"),
    ("GET", "/staff/posters", "/quan-ly/ap-phich"),
    ("GET", "/staff/posters/van-quan.pdf", "/quan-ly/ap-phich/van-quan.pdf"),
    ("GET", "/staff/posters/van-quan-stickers.pdf", "/quan-ly/ap-phich/van-quan-nhan-dan.pdf"),
    ("GET", "/staff/qr/AB12CD.png", "/quan-ly/ma-qr/AB12CD.png"),
    ("GET", "/staff/complaints/", "/quan-ly/phan-anh/"),
    ("GET", "/staff/complaints/7", "/quan-ly/phan-anh/7"),
    ("POST", "/staff/complaints/7/answer", "/quan-ly/phan-anh/7/answer"),
    ("POST", "/staff/complaints/7/xoa-lien-he", "/quan-ly/phan-anh/7/xoa-lien-he"),
    ("GET", "/staff/complaints/qua-han", "/quan-ly/phan-anh/qua-han"),
    ("POST", "/staff/complaints/hop-thu/3/da-bao", "/quan-ly/phan-anh/hop-thu/3/da-bao"),
    ("GET", "/quan-tri/", "/quan-ly/"),
    ("GET", "/quan-tri/tai-khoan/moi", "/quan-ly/tai-khoan/moi"),
    ("POST", "/quan-tri/tai-khoan/4/trang-thai", "/quan-ly/tai-khoan/4/trang-thai"),
    ("POST", "/quan-tri/quay/van-quan", "/quan-ly/quay/van-quan"),
    ("GET", "/quan-tri/ma-bien-nhan/van-quan", "/quan-ly/ma-bien-nhan/van-quan"),
    ("GET", "/quan-tri/ho-so", "/quan-ly/ho-so"),
    ("POST", "/quan-tri/xuat-du-lieu/tong-hop", "/quan-ly/xuat-du-lieu/tong-hop"),
    ("GET", "/quan-tri/mat-khau", "/quan-ly/mat-khau"),
    ("GET", "/khao-sat/quan-ly/", "/quan-ly/khao-sat/"),
    ("GET", "/khao-sat/quan-ly/moi", "/quan-ly/khao-sat/moi"),
    ("POST", "/khao-sat/quan-ly/2/chon-mau", "/quan-ly/khao-sat/2/chon-mau"),
    ("GET", "/khao-sat/nhap-phieu", "/quan-ly/khao-sat/nhap-phieu"),
    ("POST", "/khao-sat/nhap-phieu", "/quan-ly/khao-sat/nhap-phieu"),
    ("GET", "/login", "/dang-nhap"),
    ("POST", "/login", "/dang-nhap"),
    ("POST", "/logout", "/dang-xuat"),
]

CITIZEN_PATHS = [
    "/khao-sat/AB12CD",
    "/khao-sat/AB12CD/1",
    "/khao-sat/AB12CD/cam-on",
    "/khao-sat/quan-ly-x",
    "/q/AB12CD",
    "/Q/AB12CD",
    "/q/AB12CD/phan-anh",
    "/r/AB12CD",
    "/R/AB12CD",
    "/kiosk",
    "/kiosk/cam-on",
    "/nhap-ma",
    "/phan-anh/tra-cuu",
    "/phan-anh/tt/van-quan",
    "/phan-anh/da-gui",
    "/cong-khai",
    "/open311/v2/services.json",
    "/staffroom",
    "/login-help",
    "/quan-tri-vien",
]

# What each role finds in the menu, in order.
MENUS = {
    Role.ADMIN: [
        "/quan-ly/phan-anh/",
        "/quan-ly/phan-anh/thanh-tra",
        "/quan-ly/trung-tam/",
        "/quan-ly/tinh",
        "/quan-ly/phieu-giay",
        "/quan-ly/ap-phich",
        "/quan-ly/kiosk",
        "/quan-ly/khao-sat/",
        "/quan-ly/khao-sat/bao-cao",
        "/quan-ly/khao-sat/nhap-phieu",
        "/quan-ly/tai-khoan",
        "/quan-ly/quay",
        "/quan-ly/ma-bien-nhan",
        "/quan-ly/ho-so",
        "/quan-ly/khoa-api",
        "/quan-ly/xuat-du-lieu",
        "/quan-ly/chi-so-cchc/",
        "/quan-ly/chi-so-cchc/tong-quan",
        "/quan-ly/chi-so-cchc/quy",
        "/quan-ly/chi-so-cchc/bao-cao",
        "/quan-ly/chi-so-cchc/duyet",
        "/quan-ly/chi-so-cchc/co-quan",
        "/quan-ly/mat-khau",
    ],
    # The Department: all the administrator has but staff accounts and API keys.
    Role.DEPARTMENT: [
        "/quan-ly/phan-anh/",
        "/quan-ly/phan-anh/thanh-tra",
        "/quan-ly/trung-tam/",
        "/quan-ly/tinh",
        "/quan-ly/phieu-giay",
        "/quan-ly/ap-phich",
        "/quan-ly/kiosk",
        "/quan-ly/khao-sat/",
        "/quan-ly/khao-sat/bao-cao",
        "/quan-ly/khao-sat/nhap-phieu",
        "/quan-ly/quay",
        "/quan-ly/ma-bien-nhan",
        "/quan-ly/ho-so",
        "/quan-ly/xuat-du-lieu",
        "/quan-ly/chi-so-cchc/",
        "/quan-ly/chi-so-cchc/tong-quan",
        "/quan-ly/chi-so-cchc/quy",
        "/quan-ly/chi-so-cchc/bao-cao",
        "/quan-ly/chi-so-cchc/duyet",
        "/quan-ly/chi-so-cchc/co-quan",
        "/quan-ly/mat-khau",
    ],
    Role.MANAGER: [
        "/quan-ly/phan-anh/",
        "/quan-ly/trung-tam/",
        "/quan-ly/phieu-giay",
        "/quan-ly/ap-phich",
        "/quan-ly/kiosk",
        "/quan-ly/khao-sat/nhap-phieu",
        "/quan-ly/quay",
        "/quan-ly/ma-bien-nhan",
        "/quan-ly/ho-so",
        "/quan-ly/xuat-du-lieu",
        "/quan-ly/mat-khau",
    ],
    Role.HANDLER: ["/quan-ly/phan-anh/", "/quan-ly/phieu-giay", "/quan-ly/mat-khau"],
    Role.VIEWER: [
        "/quan-ly/phan-anh/",
        "/quan-ly/trung-tam/",
        "/quan-ly/xuat-du-lieu",
        "/quan-ly/mat-khau",
    ],
    # An agency user: the criterion tracker and their own password, no centre page.
    Role.AGENCY: [
        "/quan-ly/chi-so-cchc/",
        "/quan-ly/chi-so-cchc/tong-quan",
        "/quan-ly/chi-so-cchc/quy",
        "/quan-ly/chi-so-cchc/bao-cao",
        "/quan-ly/mat-khau",
    ],
}


@pytest.mark.parametrize(("method", "old", "new"), OLD_TO_NEW)
def test_an_old_staff_address_answers_308_to_its_new_one_with_the_query(
    client: FlaskClient, app: Flask, method: str, old: str, new: str
) -> None:
    response = client.open(old + QUERY, method=method, data={"x": "1"})
    assert response.status_code == 308
    assert response.headers["Location"] == new + QUERY
    # The new address is a page of the app, for the same method.
    app.url_map.bind("localhost").match(new, method=method)


def test_an_old_address_without_a_query_gets_none(client: FlaskClient) -> None:
    response = client.get("/quan-tri/ho-so")
    assert response.headers["Location"] == "/quan-ly/ho-so"


def test_a_form_posted_to_an_old_address_is_posted_again_to_the_new_one(
    app: Flask, client: FlaskClient, seeded: Session
) -> None:
    # CSRF on, as in production: the redirect comes before the token check, and the token
    # travels on with the form.
    app.config["WTF_CSRF_ENABLED"] = True
    account = factories.user(seeded)
    token = parse(client.get("/dang-nhap")).select_one("input[name=csrf_token]")["value"]
    form = {"username": account.username, "password": factories.PASSWORD, "csrf_token": token}
    response = client.post("/login?next=/quan-ly/ho-so", data=form)
    assert response.status_code == 308
    assert response.headers["Location"] == "/dang-nhap?next=/quan-ly/ho-so"
    followed = client.post(response.headers["Location"], data=form)
    assert followed.status_code == 302
    assert followed.headers["Location"] == "/quan-ly/ho-so"


@pytest.mark.parametrize("path", CITIZEN_PATHS)
def test_a_citizen_address_is_never_redirected(client: FlaskClient, path: str) -> None:
    assert new_path(path) is None
    response = client.get(path)
    assert response.status_code != 308
    assert "/quan-ly" not in response.headers.get("Location", "")


def test_no_page_of_the_app_sits_under_an_old_staff_address(app: Flask) -> None:
    shadowed = [rule.rule for rule in app.url_map.iter_rules() if new_path(rule.rule) is not None]
    assert shadowed == []


def test_every_staff_page_is_under_quan_ly(app: Flask) -> None:
    staff_blueprints = ("staff.", "admin.", "manage.", "tracker.")
    staff_views = ("complaints.views_staff", "survey.views_staff", "survey.views_report")
    outside = []
    for rule in app.url_map.iter_rules():
        module = app.view_functions[rule.endpoint].__module__
        is_staff = rule.endpoint.startswith(staff_blueprints) or module.endswith(staff_views)
        if is_staff and not rule.rule.startswith("/quan-ly/"):
            outside.append(rule.rule)
    assert outside == []


@pytest.mark.parametrize("role", list(MENUS))
def test_the_menu_shows_each_role_only_what_it_may_use(
    client: FlaskClient, seeded: Session, role: Role
) -> None:
    factories.log_in(client, factories.user(seeded, username=f"menu-{role.value}", role=role))
    home = parse(client.get("/quan-ly/"))
    assert [a["href"] for a in home.select(".staff-bar .staff-menu a")] == MENUS[role]
    assert [a["href"] for a in home.select(".staff-tasks a")] == MENUS[role]
    # The same menu on every staff page, the current one marked.
    page = parse(client.get("/quan-ly/mat-khau"))
    assert [a["href"] for a in page.select(".staff-menu a")] == MENUS[role]
    assert [a["href"] for a in page.select(".staff-menu a[aria-current=page]")] == [
        "/quan-ly/mat-khau"
    ]


@pytest.mark.parametrize("role", list(MENUS))
def test_the_menu_agrees_with_what_the_views_allow(
    app: Flask, client: FlaskClient, seeded: Session, role: Role
) -> None:
    factories.log_in(client, factories.user(seeded, username=f"check-{role.value}", role=role))
    offered = set(menu_for(role))
    disagree = []
    for entry in MENU:
        status = client.get(app.url_map.bind("localhost").build(entry.endpoint)).status_code
        if (entry in offered) != (status not in (401, 403, 404)):
            disagree.append((entry.endpoint, status))
    assert disagree == []


def test_nobody_signed_in_sees_no_menu(client: FlaskClient, seeded: Session) -> None:
    assert parse(client.get("/cong-khai")).select(".staff-menu") == []
    response = client.get("/quan-ly/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/dang-nhap")


@pytest.mark.parametrize(
    "role", [Role.ADMIN, Role.DEPARTMENT, Role.MANAGER, Role.HANDLER, Role.VIEWER]
)
def test_signing_in_lands_every_role_on_a_page_it_may_open_and_home_stays_one_click_away(
    client: FlaskClient, seeded: Session, role: Role
) -> None:
    account = factories.user(seeded, username=f"vao-{role.value}", role=role)
    response = client.post(
        "/dang-nhap", data={"username": account.username, "password": factories.PASSWORD}
    )
    landing = response.headers["Location"]
    assert landing != "/quan-ly/"  # each role's work, not the list of every task
    page = client.get(landing)
    assert page.status_code == 200
    assert parse(page).select_one("a[href='/quan-ly/']") is not None
    assert client.get("/quan-ly/").status_code == 200


def test_a_manager_of_two_centres_picks_one_and_of_one_goes_straight_there(
    app: Flask, client: FlaskClient, seeded: Session
) -> None:
    factories.log_in(
        client, factories.user(seeded, username="hai", centre_keys=("van-quan", "tinh"))
    )
    for url, endpoint_path in [
        ("/quan-ly/quay", "/quan-ly/quay/"),
        ("/quan-ly/ho-so", "/quan-ly/ho-so/"),
        ("/quan-ly/ma-bien-nhan", "/quan-ly/ma-bien-nhan/"),
        ("/quan-ly/trung-tam/", "/quan-ly/trung-tam/"),
    ]:
        page = parse(client.get(url))
        links = sorted(a["href"] for a in page.select(".centre-list a"))
        assert links == [endpoint_path + "tinh", endpoint_path + "van-quan"]
    other = app.test_client()
    factories.log_in(other, factories.user(seeded, username="mot"))
    response = other.get("/quan-ly/trung-tam/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/quan-ly/trung-tam/van-quan"


@pytest.mark.parametrize(
    ("path", "marked"),
    [
        ("/quan-ly/phan-anh/qua-han", "/quan-ly/phan-anh/"),
        ("/quan-ly/khao-sat/nhap-phieu", "/quan-ly/khao-sat/nhap-phieu"),
        ("/quan-ly/trung-tam/van-quan", "/quan-ly/trung-tam/"),
    ],
)
def test_a_page_under_a_menu_entry_marks_that_entry_as_where_one_is(
    client: FlaskClient, seeded: Session, path: str, marked: str
) -> None:
    factories.log_in(client, factories.user(seeded, username="where", role=Role.ADMIN))
    page = parse(client.get(path))
    current = [(a["href"], a["aria-current"]) for a in page.select(".staff-menu a[aria-current]")]
    expected = "page" if path == marked else "location"
    assert current == [(marked, expected)]


def test_a_staff_error_page_leads_back_to_the_staff_home(
    client: FlaskClient, seeded: Session
) -> None:
    factories.log_in(client, factories.user(seeded, username="lost", role=Role.HANDLER))
    page = parse(client.get("/quan-ly/tai-khoan"))
    assert page.select_one('main a[href="/quan-ly/"]') is not None


@pytest.mark.parametrize(
    ("page", "marked", "mark"),
    [
        ("tong-quan", "/quan-ly/chi-so-cchc/tong-quan", "page"),
        ("quy/1", "/quan-ly/chi-so-cchc/quy", "page"),
        ("bao-cao", "/quan-ly/chi-so-cchc/bao-cao", "page"),
        ("duyet", "/quan-ly/chi-so-cchc/duyet", "page"),
        ("", "/quan-ly/chi-so-cchc/", "location"),
    ],
)
def test_a_tracker_page_marks_its_own_entry_not_the_set_list_above_its_address(
    client: FlaskClient, seeded: Session, page: str, marked: str, mark: str
) -> None:
    load_draft(seeded)
    set_id = seeded.scalars(select(CriterionSet.id).filter_by(code="PAR-INDEX")).one()
    factories.log_in(client, factories.user(seeded, username="where", role=Role.ADMIN))
    found = parse(client.get(f"/quan-ly/chi-so-cchc/{set_id}/{page}".rstrip("/")))
    current = [(a["href"], a["aria-current"]) for a in found.select(".staff-menu a[aria-current]")]
    assert current == [(marked, mark)]
