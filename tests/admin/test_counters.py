"""Counters: managers of the centre and administrators add, rename and close them."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from survey_app.core.qr.service import fetch_poster_codes
from survey_app.models import AuditEvent, Counter, PosterCode
from tests import factories
from tests.admin.conftest import OTHER_CENTRE
from tests.html import parse


def test_a_new_counter_gets_its_own_poster_code(
    manager_client: FlaskClient, seeded: Session
) -> None:
    response = manager_client.post("/quan-ly/quay/van-quan", data={"number": 3, "name": "Đất đai"})
    assert response.status_code == 303
    counter = seeded.scalar(select(Counter).filter_by(number=3))
    assert counter.name == "Đất đai"
    code = seeded.scalar(select(PosterCode).filter_by(counter_id=counter.id))
    assert code is not None
    assert code.active
    page = parse(manager_client.get("/quan-ly/quay/van-quan"))
    assert [c.get_text() for c in page.select(".counters code")] == [code.code]
    assert seeded.scalar(select(AuditEvent).filter_by(action="counter.create")) is not None


def test_a_counter_number_is_used_once_per_centre(
    manager_client: FlaskClient, seeded: Session
) -> None:
    manager_client.post("/quan-ly/quay/van-quan", data={"number": 1, "name": "Quầy 1"})
    response = manager_client.post("/quan-ly/quay/van-quan", data={"number": 1, "name": "Khác"})
    assert response.status_code == 400
    assert parse(response).select_one("#number-error") is not None


def test_rename_and_close_keep_the_poster_code_but_drop_it_from_print(
    manager_client: FlaskClient, seeded: Session
) -> None:
    manager_client.post("/quan-ly/quay/van-quan", data={"number": 2, "name": "Tư pháp"})
    counter = seeded.scalar(select(Counter).filter_by(number=2))
    url = f"/quan-ly/quay/van-quan/{counter.id}"
    assert manager_client.post(f"{url}/ten", data={"name": "Tư pháp - hộ tịch"}).status_code == 303
    assert manager_client.post(f"{url}/trang-thai", data={"active": "0"}).status_code == 303
    seeded.refresh(counter)
    assert counter.name == "Tư pháp - hộ tịch"
    assert not counter.active
    printed = fetch_poster_codes(seeded, factories.centre(seeded))
    assert all(code.counter_id != counter.id for code in printed)
    manager_client.post(f"{url}/trang-thai", data={"active": "1"})
    seeded.refresh(counter)
    assert counter.active


def test_a_manager_gets_not_found_for_another_centres_counters(
    manager_client: FlaskClient, seeded: Session
) -> None:
    other = factories.poster(seeded, centre_key=OTHER_CENTRE, counter_number=4).counter
    assert manager_client.get(f"/quan-ly/quay/{OTHER_CENTRE}").status_code == 404
    data = {"number": 9, "name": "Lén"}
    assert manager_client.post(f"/quan-ly/quay/{OTHER_CENTRE}", data=data).status_code == 404
    # Naming one's own centre in the URL does not reach another centre's counter either.
    url = f"/quan-ly/quay/van-quan/{other.id}"
    assert manager_client.post(f"{url}/ten", data={"name": "Đổi"}).status_code == 404
    assert manager_client.post(f"{url}/trang-thai", data={"active": "0"}).status_code == 404
    seeded.refresh(other)
    assert other.name == "Quầy 4"
    assert other.active


def test_an_admin_manages_any_centres_counters(admin_client: FlaskClient, seeded: Session) -> None:
    response = admin_client.post(f"/quan-ly/quay/{OTHER_CENTRE}", data={"number": 1, "name": "Một"})
    assert response.status_code == 303
    assert admin_client.get("/quan-ly/quay").status_code == 200
