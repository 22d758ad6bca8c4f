"""Staff type in paper slips: fast, scoped to their centres, stored once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from survey_app.core.clock import LOCAL_TZ, today_local
from survey_app.models import Answer, Channel, Question, Response, Role, User
from tests import factories
from tests.html import parse, text_of

SLIP = {
    "access-general": "4",
    "procedure-general": "3",
    "staff-general": "5",
    "result-general": "",
    "feedback-general": "0",
    "overall-visit": "4",
    "integrity-harassment": "1",
    "integrity-extra_payment": "1",
    "integrity-supplements": "2",
    "integrity-on_time": "",
    "comment": "Phiếu viết tay: cần thêm ghế chờ.",
}


@pytest.fixture
def clerk(client: FlaskClient, seeded: Session) -> User:
    account = factories.user(seeded, centre_keys=("van-quan", "tam-thanh"))
    factories.log_in(client, account)
    return account


def fill(client: FlaskClient, centre_id: int, **changes: str) -> dict[str, str]:
    page = parse(client.get("/quan-ly/phieu-giay"))
    token = page.select_one("input[name=submission]")["value"]
    visit = (today_local() - timedelta(days=2)).isoformat()
    return {**SLIP, "submission": token, "centre": str(centre_id), "visit_date": visit, **changes}


def test_only_signed_in_staff_with_an_entry_role_may_enter(
    app: object, client: FlaskClient, seeded: Session
) -> None:
    assert client.get("/quan-ly/phieu-giay").headers["Location"].startswith("/dang-nhap")
    viewer = factories.user(seeded, username="xem", role=Role.VIEWER)
    factories.log_in(client, viewer)
    assert client.get("/quan-ly/phieu-giay").status_code == 403


def test_the_form_offers_only_the_clerks_centres(client: FlaskClient, clerk: User) -> None:
    page = parse(client.get("/quan-ly/phieu-giay"))
    options = page.select("select#centre option")
    # The distinguishing part shows; the full name stays the option's title.
    assert {o["title"] for o in options[1:]} == {c.name for c in clerk.centres}
    assert [o.get_text(strip=True) for o in options] == [
        "— Chọn trung tâm —",
        "Phường Tam Thanh",
        "Xã Văn Quan",
    ]
    # Two centres: the clerk chooses; none is picked for them.
    assert options[0].has_attr("selected")
    assert page.select_one("input#access-general")["inputmode"] == "numeric"
    assert page.select_one("input#access-general").has_attr("autofocus")


def test_a_slip_without_a_centre_is_refused_with_a_reason(
    client: FlaskClient, clerk: User, seeded: Session
) -> None:
    response = client.post("/quan-ly/phieu-giay", data=fill(client, 0, centre=""))
    assert response.status_code == 400
    assert "Xin chọn trung tâm ghi trên phiếu." in text_of(parse(response), ".paper-head .error")
    assert seeded.scalar(select(Response)) is None


def test_the_answer_codes_say_what_they_mean(client: FlaskClient, clerk: User) -> None:
    page = parse(client.get("/quan-ly/phieu-giay"))
    meanings = [m.get_text() for m in page.select("#staff-general-codes .code-meaning")]
    assert meanings == [
        "1 – Rất không hài lòng",
        "2 – Không hài lòng",
        "3 – Bình thường",
        "4 – Hài lòng",
        "5 – Rất hài lòng",
    ]


def test_a_slip_is_stored_as_paper_with_its_visit_day(
    client: FlaskClient, clerk: User, seeded: Session
) -> None:
    centre = factories.centre(seeded)
    response = client.post("/quan-ly/phieu-giay", data=fill(client, centre.id))
    assert response.status_code == 303
    assert f"centre={centre.id}" in response.headers["Location"]
    page = parse(client.get(response.headers["Location"]))
    assert "Đã lưu phiếu. Hôm nay Ông/Bà đã nhập 1 phiếu." in text_of(page, ".flash")
    assert page.select_one(f"select#centre option[value='{centre.id}']").has_attr("selected")

    saved = seeded.scalar(select(Response))
    assert saved.channel is Channel.PAPER
    assert saved.entered_by_id == clerk.id
    assert saved.centre_id == centre.id
    local = saved.submitted_at.astimezone(LOCAL_TZ)
    assert local.date() == today_local() - timedelta(days=2)
    answers = dict(
        seeded.execute(
            select(Question.key, Answer.value).join(Answer).where(Answer.response_id == saved.id)
        ).all()
    )
    assert answers["staff.general"] == 5
    assert answers["feedback.general"] is None  # typed 0: not applicable
    assert answers["integrity.supplements"] == 2
    assert "result.general" not in answers  # left blank on the slip


def test_a_centre_outside_the_clerks_scope_is_refused(
    client: FlaskClient, clerk: User, seeded: Session
) -> None:
    other = factories.centre(seeded, "tinh")
    response = client.post("/quan-ly/phieu-giay", data=fill(client, other.id))
    assert response.status_code == 400
    assert seeded.scalar(select(Response)) is None


def test_a_code_the_question_does_not_have_is_explained_and_the_rest_kept(
    client: FlaskClient, clerk: User, seeded: Session
) -> None:
    centre = factories.centre(seeded)
    response = client.post(
        "/quan-ly/phieu-giay", data=fill(client, centre.id, **{"staff-general": "7"})
    )
    assert response.status_code == 400
    page = parse(response)
    assert "1, 2, 3, 4, 5" in text_of(page, "#staff-general-error")
    assert page.select_one("input#access-general")["value"] == "4"
    assert seeded.scalar(select(Response)) is None


def test_pressing_enter_twice_stores_one_slip(
    client: FlaskClient, clerk: User, seeded: Session
) -> None:
    data = fill(client, factories.centre(seeded).id)
    client.post("/quan-ly/phieu-giay", data=data)
    again = client.post("/quan-ly/phieu-giay", data=data)
    assert again.status_code == 303
    assert len(seeded.scalars(select(Response)).all()) == 1
    assert "không lưu lần hai" in text_of(parse(client.get(again.headers["Location"])), ".flash")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"visit_date": (today_local() + timedelta(days=1)).isoformat()}, "tương lai"),
        (dict.fromkeys(SLIP, ""), "chưa có câu trả lời"),
    ],
)
def test_impossible_slips_are_refused(
    client: FlaskClient, clerk: User, seeded: Session, changes: dict[str, str], message: str
) -> None:
    response = client.post(
        "/quan-ly/phieu-giay", data=fill(client, factories.centre(seeded).id, **changes)
    )
    assert response.status_code == 400
    assert message in text_of(parse(response), "main")
    assert seeded.scalar(select(Response)) is None


def test_a_manager_turns_a_tablet_into_a_kiosk_and_back(
    client: FlaskClient, clerk: User, seeded: Session
) -> None:
    code = factories.poster(seeded, counter_number=1)
    page = parse(client.get("/quan-ly/kiosk"))
    assert page.select_one(f"option[value='{code.code}']").get_text(strip=True).endswith("Quầy 1")
    response = client.post("/quan-ly/kiosk", data={"code": code.code})
    assert response.headers["Location"] == "/kiosk"
    assert client.get("/kiosk").status_code == 200
    client.post("/quan-ly/kiosk/dung")
    assert client.get("/kiosk").status_code == 403


def test_a_kiosk_cannot_serve_a_centre_outside_the_scope(
    client: FlaskClient, clerk: User, seeded: Session
) -> None:
    foreign = factories.poster(seeded, centre_key="tinh")
    assert client.post("/quan-ly/kiosk", data={"code": foreign.code}).status_code == 400
    assert client.get("/kiosk").status_code == 403
