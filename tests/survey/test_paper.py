"""Staff type in door-to-door paper questionnaires: scoped, quick, stored once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from survey_app.core.clock import today_local
from survey_app.models import Answer, CampaignStatus, Channel, Response, Role, SurveyCampaign, User
from tests import factories
from tests.html import parse, text_of
from tests.survey.conftest import commune_id, sampled_campaign

FORM = {
    "profile-sex": "1",
    "profile-age_band": "3",
    "access-signs": "4",
    "staff-polite": "5",
    "implementation-economy": "2",
    "needs-digital": "4",
    "perception-harassment": "1",
    "comment": "Đường vào xã cần sửa.",
}


@pytest.fixture
def clerk(client: FlaskClient, seeded: Session, campaign: SurveyCampaign) -> User:
    account = factories.user(seeded, centre_keys=("van-quan", "that-khe"))
    factories.log_in(client, account)
    return account


def fill(client: FlaskClient, campaign: SurveyCampaign, commune: int, **changes: str) -> dict:
    page = parse(client.get("/quan-ly/khao-sat/nhap-phieu"))
    token = page.select_one("input[name=submission]")["value"]
    collected = (today_local() - timedelta(days=1)).isoformat()
    return {
        **FORM,
        "submission": token,
        "campaign": str(campaign.id),
        "commune": str(commune),
        "collected_on": collected,
        **changes,
    }


def test_only_admins_and_managers_may_enter(
    client: FlaskClient, seeded: Session, campaign: SurveyCampaign
) -> None:
    assert client.get("/quan-ly/khao-sat/nhap-phieu").headers["Location"].startswith("/dang-nhap")
    for role in (Role.VIEWER, Role.HANDLER):
        account = factories.user(seeded, username=f"u{role.value}", role=role)
        factories.log_in(client, account)
        assert client.get("/quan-ly/khao-sat/nhap-phieu").status_code == 403
    admin = factories.user(seeded, username="admin", role=Role.ADMIN, centre_keys=())
    factories.log_in(client, admin)
    page = parse(client.get("/quan-ly/khao-sat/nhap-phieu"))
    offered = [o.get_text() for o in page.select("select#commune option[value!='']")]
    assert offered == ["Chi Lăng", "Tam Thanh", "Văn Quan"]


def test_a_manager_is_offered_only_sampled_communes_of_their_own(
    client: FlaskClient, clerk: User
) -> None:
    page = parse(client.get("/quan-ly/khao-sat/nhap-phieu"))
    options = page.select("select#commune option")
    assert [o.get_text() for o in options] == ["— Chọn xã, phường —", "Văn Quan"]
    # Nothing is chosen for the clerk: the empty option is, and the form requires a commune.
    assert options[0].has_attr("selected")
    digit = page.select_one("input#access-signs")
    assert (digit["inputmode"], digit["maxlength"]) == ("numeric", "1")
    assert page.select_one("input#profile-commune") is None


def test_a_manager_cannot_enter_for_another_commune(
    client: FlaskClient, clerk: User, campaign: SurveyCampaign, seeded: Session
) -> None:
    data = fill(client, campaign, commune_id(seeded, "tam-thanh"))
    assert client.post("/quan-ly/khao-sat/nhap-phieu", data=data).status_code == 400
    assert seeded.scalar(select(func.count()).select_from(Response)) == 0


def test_a_form_is_stored_once_however_often_it_is_sent(
    client: FlaskClient, clerk: User, campaign: SurveyCampaign, seeded: Session
) -> None:
    commune = commune_id(seeded, "van-quan")
    data = fill(client, campaign, commune)
    first = client.post("/quan-ly/khao-sat/nhap-phieu", data=data)
    assert first.status_code == 303
    again = client.post("/quan-ly/khao-sat/nhap-phieu", data=data, follow_redirects=True)
    assert "đã được lưu trước đó" in text_of(parse(again), ".flash")
    saved = seeded.scalars(select(Response)).all()
    assert len(saved) == 1
    assert saved[0].channel is Channel.SURVEY_PAPER
    assert (saved[0].commune_id, saved[0].centre_id, saved[0].entered_by_id) == (
        commune,
        None,
        clerk.id,
    )
    answers = seeded.scalar(select(func.count()).select_from(Answer))
    assert answers == len(FORM)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"access-signs": "7"}, "Chỉ nhập một trong: 1, 2, 3, 4, 5"),
        ({"collected_on": "2020-01-01"}, "Ngày thu phiếu phải trong thời gian"),
    ],
)
def test_a_wrong_entry_is_explained_and_kept(
    client: FlaskClient,
    clerk: User,
    seeded: Session,
    change: dict[str, str],
    message: str,
) -> None:
    campaign = seeded.scalars(select(SurveyCampaign)).one()
    data = fill(client, campaign, commune_id(seeded, "van-quan"), **change)
    response = client.post("/quan-ly/khao-sat/nhap-phieu", data=data)
    assert response.status_code == 400
    page = parse(response)
    assert message in page.get_text(" ")
    assert page.select_one("input#staff-polite")["value"] == "5"
    assert seeded.scalar(select(func.count()).select_from(Response)) == 0


def test_the_communes_offered_are_the_chosen_campaigns_sample(
    client: FlaskClient, seeded: Session, campaign: SurveyCampaign
) -> None:
    other = sampled_campaign(seeded, keys=("that-khe",))
    admin = factories.user(seeded, username="admin", role=Role.ADMIN, centre_keys=())
    factories.log_in(client, admin)
    page = parse(client.get(f"/quan-ly/khao-sat/nhap-phieu?campaign={campaign.id}"))
    offered = [o.get_text() for o in page.select("select#commune option[value!='']")]
    assert offered == ["Chi Lăng", "Tam Thanh", "Văn Quan"]
    page = parse(client.get(f"/quan-ly/khao-sat/nhap-phieu?campaign={other.id}"))
    assert [o.get_text() for o in page.select("select#commune option[value!='']")] == ["Thất Khê"]


def test_a_closed_campaign_takes_no_entries(
    client: FlaskClient, clerk: User, campaign: SurveyCampaign, seeded: Session
) -> None:
    data = fill(client, campaign, commune_id(seeded, "van-quan"))
    campaign.status = CampaignStatus.CLOSED
    seeded.commit()
    response = client.post("/quan-ly/khao-sat/nhap-phieu", data=data)
    assert response.status_code == 400
    assert "đã đóng, không nhận thêm phiếu" in text_of(parse(response), ".error-summary")
    assert seeded.scalar(select(func.count()).select_from(Response)) == 0
    page = parse(client.get("/quan-ly/khao-sat/nhap-phieu"))
    assert page.select_one("form.paper") is None
    assert "Chưa có đợt khảo sát nào đang nhận phiếu" in text_of(page, ".empty")


def test_the_answer_codes_say_what_they_mean(client: FlaskClient, clerk: User) -> None:
    page = parse(client.get("/quan-ly/khao-sat/nhap-phieu"))
    meanings = [m.get_text() for m in page.select("#staff-polite-codes .code-meaning")]
    assert meanings[0] == "1 – Rất không hài lòng"
    assert meanings[4] == "5 – Rất hài lòng"
