"""Agency users see only the criteria assigned to them, and none of the centre pages."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from survey_app.models import CriterionSet
from survey_app.tracker.assignments import save_last_year
from tests.html import parse
from tests.tracker.conftest import Tracker, component, components


def test_an_agency_sees_only_the_criteria_it_leads_or_supports(
    justice_client: FlaskClient, tracker: Tracker
) -> None:
    page = parse(justice_client.get(f"/quan-ly/chi-so-cchc/{tracker.par.id}"))
    shown = {tr["data-code"] for tr in page.select("#criteria tbody tr.level-component")}
    assert shown == {"2.1.1", "6.1.1"}
    # Their fields and criteria are shown as the path to them, nothing else.
    assert {tr["data-code"] for tr in page.select("#criteria tbody tr")} == {
        "2",
        "2.1",
        "2.1.1",
        "6",
        "6.1",
        "6.1.1",
    }


def test_an_agency_opens_its_criteria_and_gets_404_for_any_other(
    justice_client: FlaskClient, tracker: Tracker
) -> None:
    base = f"/quan-ly/chi-so-cchc/{tracker.par.id}/tieu-chi"
    for code in ("2.1.1", "6.1.1"):
        response = justice_client.get(f"{base}/{component(tracker.par, code).id}")
        assert response.status_code == 200
        assert parse(response).select_one("#assign-form") is None
    others = [c for c in components(tracker.par) if c.code not in ("2.1.1", "6.1.1")]
    for criterion in others[:10]:
        assert justice_client.get(f"{base}/{criterion.id}").status_code == 404


def test_an_agency_without_assignments_in_a_set_does_not_see_the_set(
    justice_client: FlaskClient, seeded: Session, tracker: Tracker
) -> None:
    page = parse(justice_client.get("/quan-ly/chi-so-cchc/"))
    assert len(page.select("#sets tbody tr")) == 1
    internal = next(s for s in tracker_sets(seeded) if s.id != tracker.par.id)
    assert justice_client.get(f"/quan-ly/chi-so-cchc/{internal.id}").status_code == 404


def tracker_sets(session: Session) -> list[CriterionSet]:
    return list(session.scalars(select(CriterionSet)))


@pytest.mark.parametrize(
    "path",
    [
        "/quan-ly/phan-anh/",
        "/quan-ly/phan-anh/qua-han",
        "/quan-ly/trung-tam/",
        "/quan-ly/tinh",
        "/quan-ly/tai-khoan",
        "/quan-ly/xuat-du-lieu",
        "/quan-ly/khao-sat/",
        "/quan-ly/chi-so-cchc/co-quan",
        "/quan-ly/chi-so-cchc/nhap",
        "/quan-ly/chi-so-cchc/mau.xlsx",
    ],
)
def test_an_agency_user_gets_no_centre_or_department_page(
    justice_client: FlaskClient, path: str
) -> None:
    assert justice_client.get(path).status_code in (403, 404)


def test_an_agency_users_menu_holds_the_tracker_and_the_password_only(
    justice_client: FlaskClient,
) -> None:
    page = parse(justice_client.get("/quan-ly/"))
    assert page.select_one(".empty") is None
    links = {a["href"] for a in page.select("nav a[href^='/quan-ly/']")}
    assert "/quan-ly/chi-so-cchc/" in links
    assert not any(link.startswith("/quan-ly/phan-anh") for link in links)


def test_the_department_assigns_a_criterion_and_records_last_year(
    admin_client: FlaskClient, seeded: Session, tracker: Tracker
) -> None:
    criterion = component(tracker.par, "3.2.2")
    base = f"/quan-ly/chi-so-cchc/{tracker.par.id}/tieu-chi/{criterion.id}"
    response = admin_client.post(
        f"{base}/phan-cong",
        data={
            "lead": str(tracker.justice.id),
            "supporting": [str(tracker.finance.id)],
            "deadline": "2026-06-30",
            "product": "Thư xin lỗi",
        },
    )
    assert response.status_code == 303
    too_many = admin_client.post(f"{base}/nam-truoc", data={"points_appraised": "9"})
    assert too_many.status_code == 400
    saved = admin_client.post(
        f"{base}/nam-truoc",
        data={
            "points_self": "1.5",
            "points_appraised": "0.5",
            "cause": "Chưa xin lỗi 30 % hồ sơ chậm hạn",
            "responsible": str(tracker.justice.id),
        },
    )
    assert saved.status_code == 303
    page = parse(admin_client.get(base))
    assert page.select_one("#lead").get_text() == tracker.justice.name
    lost = parse(admin_client.get(f"/quan-ly/chi-so-cchc/{tracker.par.id}/mat-diem"))
    [row] = lost.select("#lost-points tbody tr")
    assert row["data-code"] == "3.2.2"
    assert row.select_one(".lost").get_text() == "1"


def test_the_lost_points_list_is_sorted_by_points_lost(
    admin_client: FlaskClient, seeded: Session, tracker: Tracker
) -> None:
    for code, appraised in (("1.1.1", 0.5), ("3.2.1", 1.0), ("7.2.1", 2.0)):
        save_last_year(
            seeded,
            tracker.admin,
            component(tracker.par, code),
            points_self=None,
            points_appraised=appraised,
            cause="",
            responsible=None,
        )
    lost = parse(admin_client.get(f"/quan-ly/chi-so-cchc/{tracker.par.id}/mat-diem"))
    assert [tr["data-code"] for tr in lost.select("#lost-points tbody tr")] == ["3.2.1", "1.1.1"]


def test_an_assignment_may_have_no_deadline_but_not_a_wrong_one(
    admin_client: FlaskClient, tracker: Tracker
) -> None:
    criterion = component(tracker.par, "3.2.3")
    url = f"/quan-ly/chi-so-cchc/{tracker.par.id}/tieu-chi/{criterion.id}/phan-cong"
    data = {"lead": str(tracker.finance.id), "deadline": "", "product": ""}
    assert admin_client.post(url, data=data).status_code == 303
    wrong = admin_client.post(url, data=data | {"deadline": "31/02/2026x"})
    assert wrong.status_code == 400
    assert parse(wrong).select_one("#deadline-error") is not None
