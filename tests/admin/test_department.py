"""The Department of Home Affairs: the province's work, every centre; not system administration.

Staff accounts and API keys are the system administrator's. Everything else the
administrator may do, the Department may do: the navigation offers it, the views serve it.
"""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from survey_app.models import Role, User
from survey_app.navigation import menu_for
from survey_app.tracker.draft_sets import load_draft
from tests import factories
from tests.html import parse

SYSTEM_PAGES = ("admin.list_users", "api_keys.list_api_keys")


def role_options(client: FlaskClient, url: str) -> dict[str, str]:
    """The role select's options on the page at ``url``: value to the words shown."""
    page = parse(client.get(url))
    return {o["value"]: " ".join(o.get_text().split()) for o in page.select("select#role option")}


def test_the_department_is_refused_staff_accounts_and_api_keys(
    department_client: FlaskClient, department: User, manager: User, seeded: Session
) -> None:
    client = department_client
    for url in (
        "/quan-ly/tai-khoan",
        "/quan-ly/tai-khoan/moi",
        f"/quan-ly/tai-khoan/{manager.id}",
        "/quan-ly/khoa-api",
    ):
        assert client.get(url).status_code == 403, url
    form = {"full_name": "X", "email": "", "role": "admin", "centres": []}
    assert client.post(f"/quan-ly/tai-khoan/{department.id}", data=form).status_code == 403
    assert client.post(f"/quan-ly/tai-khoan/{manager.id}/mat-khau").status_code == 403
    assert client.post(f"/quan-ly/tai-khoan/{manager.id}/trang-thai").status_code == 403
    key = {"system_name": "Một cửa", "scopes": ["mint_codes"], "centres": []}
    assert client.post("/quan-ly/khoa-api/moi", data=key).status_code == 403
    assert client.post("/quan-ly/khoa-api/1/thu-hoi").status_code == 403
    seeded.refresh(department)
    assert department.role is Role.DEPARTMENT
    home = parse(client.get("/quan-ly/"))
    links = {a["href"] for a in home.select(".staff-tasks a")}
    assert not links & {"/quan-ly/tai-khoan", "/quan-ly/khoa-api"}
    # The whole province, in a sentence, not a list of ten centres "and 56 others".
    assert "làm việc cho toàn tỉnh: 66 trung tâm." in home.get_text()


def test_the_department_has_all_the_administrator_has_but_system_administration() -> None:
    department = {entry.endpoint for entry in menu_for(Role.DEPARTMENT)}
    admin = {entry.endpoint for entry in menu_for(Role.ADMIN)}
    assert department == admin - set(SYSTEM_PAGES)
    assert set(SYSTEM_PAGES) <= admin


def test_the_department_opens_every_page_of_its_menu_and_every_centre(
    app: Flask, department_client: FlaskClient, seeded: Session
) -> None:
    load_draft(seeded)  # the tracker's entries land on a real set
    failed = []
    for entry in menu_for(Role.DEPARTMENT):
        url = app.url_map.bind("localhost").build(entry.endpoint)
        status = department_client.get(url, follow_redirects=True).status_code
        if status != 200:
            failed.append((url, status))
    assert failed == []
    # No centre in its scope, yet every centre's page: the province is its scope.
    for key in ("van-quan", "tinh", "tam-thanh"):
        factories.centre(seeded, key)
        assert department_client.get(f"/quan-ly/trung-tam/{key}").status_code == 200
    province = department_client.get("/quan-ly/tinh")
    assert province.status_code == 200
    assert department_client.get("/quan-ly/phan-anh/thanh-tra").status_code == 200
    # The pages' own links to the Department's work are offered too, not only the menu's.
    adapter = app.url_map.bind("localhost")
    sets = parse(department_client.get(adapter.build("tracker.list_sets")))
    links = {a["href"] for a in sets.select("main a")}
    assert {adapter.build("tracker.import_set"), adapter.build("tracker.list_agencies")} <= links
    ranks = parse(department_client.get("/quan-ly/trung-tam/van-quan/xep-hang"))
    assert ranks.select_one("main a[href^='/quan-ly/tinh']") is not None


def test_the_role_list_offers_the_department_and_its_accounts_get_no_centre_scope(
    admin_client: FlaskClient, seeded: Session
) -> None:
    options = role_options(admin_client, "/quan-ly/tai-khoan/moi")
    assert options["department"] == "Sở Nội vụ (toàn tỉnh)"
    assert options["admin"] == "Quản trị hệ thống"
    form = {
        "username": "so.noi.vu",
        "full_name": "Sở Nội vụ",
        "email": "",
        "role": "department",
        "centres": [factories.centre(seeded).id],
        "password": "một mật khẩu đủ dài",
    }
    assert admin_client.post("/quan-ly/tai-khoan/moi", data=form).status_code == 303
    created = seeded.scalar(select(User).filter_by(username="so.noi.vu"))
    assert created.role is Role.DEPARTMENT
    assert created.centres == []
    # Nor is a centre asked for.
    second = form | {"username": "so.noi.vu.2", "centres": []}
    assert admin_client.post("/quan-ly/tai-khoan/moi", data=second).status_code == 303
    listing = admin_client.get("/quan-ly/tai-khoan").get_data(as_text=True)
    assert "Sở Nội vụ (toàn tỉnh)" in listing


def test_the_role_names_in_english(admin_client: FlaskClient) -> None:
    options = role_options(admin_client, "/quan-ly/tai-khoan/moi?lang=en")
    assert options["department"] == "Department of Home Affairs (province-wide)"
    assert options["admin"] == "System administrator"
