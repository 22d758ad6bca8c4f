"""Each role gets exactly the administration pages it should, and no more."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from survey_app.models import Role
from tests import factories
from tests.html import parse

ALL = {Role.ADMIN, Role.DEPARTMENT, Role.MANAGER, Role.HANDLER, Role.VIEWER}
# Counters, codes, dossier counts, exports: the centre's managers and the province's roles.
MANAGING = {Role.ADMIN, Role.DEPARTMENT, Role.MANAGER}
# Staff accounts are system administration: not the Department's.
ACCOUNTS = {Role.ADMIN}
COUNTERS = "/quan-ly/quay/van-quan"
EXPORT_WEEK = {"start": "2026-11-16", "end": "2026-11-22", "file_format": "csv"}

# (endpoint, method, path, form, roles allowed); {user} is another staff account.
MATRIX = [
    ("admin.change_password", "GET", "/quan-ly/mat-khau", None, ALL),
    ("admin.list_users", "GET", "/quan-ly/tai-khoan", None, ACCOUNTS),
    ("admin.create_user", "GET", "/quan-ly/tai-khoan/moi", None, ACCOUNTS),
    ("admin.edit_user", "GET", "/quan-ly/tai-khoan/{user}", None, ACCOUNTS),
    ("admin.set_user_status", "POST", "/quan-ly/tai-khoan/{user}/trang-thai", {}, ACCOUNTS),
    ("admin.reset_user_password", "POST", "/quan-ly/tai-khoan/{user}/mat-khau", {}, ACCOUNTS),
    ("admin.pick_counter_centre", "GET", "/quan-ly/quay", None, MANAGING),
    ("admin.list_counters", "GET", COUNTERS, None, MANAGING),
    ("admin.create_counter", "POST", COUNTERS, {"number": 7, "name": "B"}, MANAGING),
    ("admin.update_counter_name", "POST", COUNTERS + "/{counter}/ten", {"name": "C"}, MANAGING),
    ("admin.set_counter_status", "POST", COUNTERS + "/{counter}/trang-thai", {"active": "1"},
     MANAGING),
    ("admin.pick_receipt_centre", "GET", "/quan-ly/ma-bien-nhan", None, MANAGING),
    ("admin.list_receipt_batches", "GET", "/quan-ly/ma-bien-nhan/van-quan", None, MANAGING),
    ("admin.mint_receipts", "POST", "/quan-ly/ma-bien-nhan/van-quan", {"count": 1}, MANAGING),
    ("admin.pick_dossier_centre", "GET", "/quan-ly/ho-so", None, MANAGING),
    ("admin.enter_dossiers", "GET", "/quan-ly/ho-so/van-quan", None, MANAGING),
    ("admin.upload_dossiers", "GET", "/quan-ly/ho-so/tai-len", None, MANAGING),
    ("admin.download_dossier_template", "GET", "/quan-ly/ho-so/mau.xlsx", None, MANAGING),
    ("admin.enter_one_stop_day", "GET", "/quan-ly/ho-so/van-quan/mot-cua", None, MANAGING),
    ("admin.show_exports", "GET", "/quan-ly/xuat-du-lieu", None, {*MANAGING, Role.VIEWER}),
    ("admin.export_answers", "POST", "/quan-ly/xuat-du-lieu/phieu",
     {f"a-{k}": v for k, v in EXPORT_WEEK.items()}, MANAGING),
    ("admin.export_aggregates", "POST", "/quan-ly/xuat-du-lieu/tong-hop",
     {f"g-{k}": v for k, v in EXPORT_WEEK.items()} | {"g-period": "W"}, {*MANAGING, Role.VIEWER}),
]  # fmt: skip


def test_the_matrix_covers_every_administration_endpoint(app: Flask) -> None:
    endpoints = {r.endpoint for r in app.url_map.iter_rules() if r.endpoint.startswith("admin.")}
    assert endpoints == {row[0] for row in MATRIX}


@pytest.mark.parametrize("role", sorted(ALL))
def test_each_role_reaches_exactly_its_pages(
    role: Role, client: FlaskClient, seeded: Session
) -> None:
    # Every account is scoped to Văn Quan, the centre in the URLs: only the role differs.
    account = factories.user(seeded, username=f"tk-{role.value}", role=role)
    other = factories.user(seeded, username="nguoi-khac", role=Role.MANAGER)
    counter = factories.poster(seeded, counter_number=5).counter_id
    factories.log_in(client, account)
    outcomes = {}
    for endpoint, method, path, form, _allowed in MATRIX:
        url = path.format(user=other.id, counter=counter)
        status = client.open(url, method=method, data=form).status_code
        outcomes[endpoint] = status not in (403, 404)
        if status not in (403, 404):
            assert status < 500, (endpoint, status)
    assert outcomes == {row[0]: role in row[4] for row in MATRIX}


def test_the_staff_home_links_only_what_the_viewer_may_do(
    client: FlaskClient, seeded: Session
) -> None:
    factories.log_in(client, factories.user(seeded, username="xem", role=Role.VIEWER))
    page = parse(client.get("/quan-ly/"))
    assert page.select_one('.staff-bar a.staff-home[href="/quan-ly/"]') is not None
    links = [a["href"] for a in page.select(".staff-tasks a")]
    assert links == [
        "/quan-ly/phan-anh/",
        "/quan-ly/trung-tam/",
        "/quan-ly/xuat-du-lieu",
        "/quan-ly/mat-khau",
    ]
