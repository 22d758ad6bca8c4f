"""Raising a complaint: from a poster, from the feedback form, with or without contact."""

from __future__ import annotations

import base64
import json
import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session
from werkzeug.routing import IntegerConverter

from survey_app.complaints.crypto import decrypt_contact
from survey_app.complaints.intake import CONSENT_VERSION
from survey_app.core.responses.tokens import KIOSK_COOKIE, issue_complaint_ref, issue_kiosk_cookie
from survey_app.models import Complaint, ComplaintStatus, PosterCode, Response
from tests import factories
from tests.feedback.test_rating import GOOD_ANSWERS
from tests.html import html_errors, parse, submission_token, text_of

GOOD_COMPLAINT = {
    "subject": "Chờ quá lâu ở quầy đất đai",
    "body": "Tôi chờ ba tiếng mà chưa được tiếp nhận hồ sơ.",
    "phone": "0912 345 678",
    "email": "",
    "consent": "y",
}


@pytest.fixture
def poster(seeded: Session) -> PosterCode:
    return factories.poster(seeded, counter_number=3)


def post_complaint(client: FlaskClient, url: str, **changes: str | None) -> object:
    data = {**GOOD_COMPLAINT, "submission": submission_token(client, url), **changes}
    return client.post(url, data={k: v for k, v in data.items() if v is not None})


def stored(session: Session) -> list[Complaint]:
    session.expire_all()
    return list(session.scalars(select(Complaint)))


def test_the_complaint_page_is_valid_html_with_the_consent_box_unticked(
    client: FlaskClient, poster: PosterCode
) -> None:
    response = client.get(f"/q/{poster.code}/phan-anh")
    assert response.status_code == 200
    assert html_errors(response.data) == []
    page = parse(response)
    assert text_of(page, "h1") == "Gửi phản ánh, kiến nghị"
    assert "Quầy 3" in text_of(page, ".place")
    consent = page.select_one("input#consent")
    assert consent["type"] == "checkbox"
    assert not consent.has_attr("checked")
    label = text_of(page, "label[for=consent]")
    assert "chỉ để báo cho tôi kết quả xử lý phản ánh này" in label
    for field in page.select("form.complaint input:not([type=hidden]), form.complaint textarea"):
        if field["name"] != "website":
            assert page.select_one(f"label[for={field['id']}]") is not None, field
    assert page.select("script") == []


def test_a_complaint_with_consent_stores_the_contact_encrypted_and_shows_code_and_pin(
    app: Flask, client: FlaskClient, poster: PosterCode, seeded: Session
) -> None:
    response = post_complaint(client, f"/q/{poster.code}/phan-anh")
    assert response.status_code == 303
    receipt_page = parse(client.get(response.headers["Location"]))
    code = text_of(receipt_page, "#tracking-code")
    pin = text_of(receipt_page, "#pin")
    assert re.fullmatch(r"PA-[2-9A-HJ-NP-Z]{8}", code)
    assert re.fullmatch(r"\d{6}", pin)

    (complaint,) = stored(seeded)
    assert complaint.tracking_code == code
    assert complaint.status is ComplaintStatus.RECEIVED
    assert complaint.centre_id == poster.centre_id
    assert pin not in complaint.pin_hash
    assert (complaint.consent_version, complaint.consent_channel) == (CONSENT_VERSION, "poster")
    assert complaint.consent_at is not None
    assert decrypt_contact(complaint.contact_ciphertext).phone == "0912345678"
    assert complaint.due_at is not None
    assert [e.to_status for e in complaint.events] == ["received"]


def test_the_stored_column_holds_no_phone_number_in_clear(
    client: FlaskClient, poster: PosterCode, seeded: Session
) -> None:
    post_complaint(client, f"/q/{poster.code}/phan-anh", email="lan.nguyen@example.vn")
    raw = seeded.execute(text("SELECT contact_ciphertext FROM complaint")).scalar_one()
    raw = bytes(raw)
    for clear in (b"0912345678", b"912345678", b"345678", b"lan.nguyen", b"example.vn"):
        assert clear not in raw
    assert raw.startswith(b"gAAAA")  # a Fernet token


def test_contact_without_consent_is_refused_and_nothing_is_stored(
    client: FlaskClient, poster: PosterCode, seeded: Session
) -> None:
    response = post_complaint(client, f"/q/{poster.code}/phan-anh", consent=None)
    assert response.status_code == 400
    page = parse(response)
    assert "đánh dấu ô đồng ý" in text_of(page, "#consent-error")
    assert page.select_one("#phone")["value"] == "0912 345 678"
    assert page.select_one("#body").get_text() == GOOD_COMPLAINT["body"]
    assert stored(seeded) == []


def test_without_contact_no_contact_or_consent_is_stored(
    client: FlaskClient, poster: PosterCode, seeded: Session
) -> None:
    response = post_complaint(client, f"/q/{poster.code}/phan-anh", phone="", consent="y")
    assert response.status_code == 303
    (complaint,) = stored(seeded)
    assert complaint.contact_ciphertext is None
    assert complaint.consent_at is None
    assert complaint.consent_version is None


@pytest.mark.parametrize(
    ("changes", "error_field"),
    [
        ({"subject": ""}, "subject"),
        ({"body": ""}, "body"),
        ({"body": "x" * 4001}, "body"),
        ({"phone": "12345"}, "phone"),
        ({"email": "không-phải-thư"}, "email"),
    ],
)
def test_bad_input_is_explained_beside_its_field(
    client: FlaskClient, poster: PosterCode, seeded: Session, changes: dict, error_field: str
) -> None:
    response = post_complaint(client, f"/q/{poster.code}/phan-anh", **changes)
    assert response.status_code == 400
    page = parse(response)
    assert page.select_one(f"#{error_field}-error") is not None
    assert page.select_one(f".error-summary a[href='#{error_field}']") is not None
    assert stored(seeded) == []


def test_unknown_fields_and_a_filled_honeypot_are_refused(
    client: FlaskClient, poster: PosterCode, seeded: Session
) -> None:
    url = f"/q/{poster.code}/phan-anh"
    assert post_complaint(client, url, admin="1").status_code == 400
    assert post_complaint(client, url, website="http://spam.example").status_code == 400
    assert stored(seeded) == []


def test_sending_the_same_form_twice_stores_one_complaint(
    client: FlaskClient, poster: PosterCode, seeded: Session
) -> None:
    url = f"/q/{poster.code}/phan-anh"
    data = {**GOOD_COMPLAINT, "submission": submission_token(client, url)}
    first = client.post(url, data=data)
    second = client.post(url, data=data)
    assert first.status_code == second.status_code == 303
    assert len(stored(seeded)) == 1
    assert text_of(parse(client.get("/phan-anh/da-gui")), "#pin")


def test_ticking_the_box_on_the_feedback_form_leads_to_a_linked_complaint(
    client: FlaskClient, poster: PosterCode, seeded: Session
) -> None:
    url = f"/q/{poster.code}"
    form = parse(client.get(url))
    box = form.select_one("input#complaint")
    assert box["type"] == "checkbox"
    assert not box.has_attr("checked")
    assert "Tôi muốn gửi phản ánh, kiến nghị" in text_of(form, "label[for=complaint]")
    token = form.select_one("input[name=submission]")["value"]
    rated = client.post(url, data={**GOOD_ANSWERS, "submission": token, "complaint": "y"})
    assert rated.status_code == 303
    assert rated.headers["Location"].startswith("/phan-anh/danh-gia/")
    response_id = seeded.scalar(select(Response.id))

    complaint_url = rated.headers["Location"]
    assert "Văn Quan" in text_of(parse(client.get(complaint_url)), ".place")
    assert post_complaint(client, complaint_url).status_code == 303
    (complaint,) = stored(seeded)
    assert complaint.response_id == response_id
    assert complaint.consent_channel == "feedback_form"


def test_the_feedback_form_without_the_box_ticked_thanks_as_before(
    client: FlaskClient, poster: PosterCode
) -> None:
    url = f"/q/{poster.code}"
    token = parse(client.get(url)).select_one("input[name=submission]")["value"]
    rated = client.post(url, data={**GOOD_ANSWERS, "submission": token})
    assert rated.headers["Location"] == f"/q/{poster.code}/cam-on"
    thanks = parse(client.get(rated.headers["Location"]))
    link = thanks.select_one(".more a")
    assert link["href"] == "/phan-anh/tt/van-quan"
    assert client.get(link["href"]).status_code == 200


def test_a_forged_or_unknown_rating_reference_is_a_404(
    app: Flask, client: FlaskClient, seeded: Session
) -> None:
    assert client.get("/phan-anh/danh-gia/forged").status_code == 404
    with app.test_request_context():
        ref = issue_complaint_ref("0" * 32)
    assert client.get(f"/phan-anh/danh-gia/{ref}").status_code == 404
    assert seeded.scalar(select(func.count()).select_from(Complaint)) == 0


def test_an_unknown_poster_or_centre_is_a_404(client: FlaskClient, seeded: Session) -> None:
    assert client.get("/q/ZZZZZZ/phan-anh").status_code == 404
    assert client.get("/phan-anh/tt/khong-co").status_code == 404


def test_with_csrf_on_a_stale_token_keeps_what_the_citizen_wrote(
    app: Flask, client: FlaskClient, poster: PosterCode, seeded: Session
) -> None:
    app.config["WTF_CSRF_ENABLED"] = True
    url = f"/q/{poster.code}/phan-anh"
    page = parse(client.get(url))
    hidden = {i["name"]: i["value"] for i in page.select("form.complaint input[type=hidden]")}
    stale = client.post(url, data={**GOOD_COMPLAINT, **hidden, "csrf_token": "stale"})
    assert stale.status_code == 400
    kept = parse(stale)
    assert kept.select_one("#subject")["value"] == GOOD_COMPLAINT["subject"]
    assert "Gửi lại" in text_of(kept, ".error-summary")
    assert stored(seeded) == []
    fresh = {i["name"]: i["value"] for i in kept.select("form.complaint input[type=hidden]")}
    assert client.post(url, data={**GOOD_COMPLAINT, **fresh}).status_code == 303
    assert len(stored(seeded)) == 1


def test_a_kiosk_never_offers_the_complaint_box(
    client: FlaskClient, poster: PosterCode, seeded: Session
) -> None:
    with client.application.test_request_context():
        cookie = issue_kiosk_cookie(poster.code)
    client.set_cookie(KIOSK_COOKIE, cookie)
    page = parse(client.get("/kiosk"))
    assert page.select_one("form.rate") is not None
    assert page.select_one("input#complaint") is None


def rate_and_tick_the_complaint_box(client: FlaskClient, poster: PosterCode) -> str:
    """Rate through the poster with the box ticked; the complaint page's URL."""
    url = f"/q/{poster.code}"
    token = parse(client.get(url)).select_one("input[name=submission]")["value"]
    rated = client.post(url, data={**GOOD_ANSWERS, "submission": token, "complaint": "y"})
    assert rated.status_code == 303
    return rated.headers["Location"]


def test_the_complaint_page_after_a_rating_says_the_rating_was_saved(
    client: FlaskClient, poster: PosterCode
) -> None:
    page = parse(client.get(rate_and_tick_the_complaint_box(client, poster)))
    assert "Đánh giá của Ông/Bà đã được lưu" in text_of(page, "[role=status]")
    english = parse(client.get(rate_and_tick_the_complaint_box(client, poster) + "?lang=en"))
    assert "Your rating has been saved" in text_of(english, "[role=status]")
    # A complaint raised on its own follows no rating: nothing to confirm there.
    assert not parse(client.get(f"/q/{poster.code}/phan-anh")).select("[role=status]")


def test_what_a_complaint_links_to_the_rating_is_said_before_contact_data_is_asked(
    client: FlaskClient, poster: PosterCode
) -> None:
    form = parse(client.get(f"/q/{poster.code}"))
    assert "ẩn danh" not in text_of(form, "#complaint-help")
    assert "gắn với đánh giá" in text_of(form, "#complaint-help")
    page = parse(client.get(rate_and_tick_the_complaint_box(client, poster)))
    statement = page.select_one("main .linked")
    assert "cán bộ xử lý phản ánh đọc được các câu trả lời" in text_of(page, "main .linked")
    assert "số điện thoại hoặc email" in text_of(page, "main .linked")
    contact = page.select_one("fieldset.contact")
    assert statement in contact.find_all_previous("div")


def test_no_row_id_can_be_read_in_the_complaint_link_after_a_rating(
    client: FlaskClient, poster: PosterCode, seeded: Session
) -> None:
    location = rate_and_tick_the_complaint_box(client, poster)
    rating = seeded.scalars(select(Response)).one()
    ref = location.rsplit("/", 1)[1]
    payload = ref.split(".")[0]
    readable = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    # What can be read is the rating's random submission id, never its row number.
    assert readable == rating.submission_id
    assert str(rating.id) not in location.split("/")


def test_no_citizen_route_takes_a_row_id(app: Flask) -> None:
    from tests.test_routes import PUBLIC_ENDPOINTS  # noqa: PLC0415

    numbered = {
        (rule.endpoint, name)
        for rule in app.url_map.iter_rules()
        if rule.endpoint in PUBLIC_ENDPOINTS
        for name, converter in rule._converters.items()
        if isinstance(converter, IntegerConverter)
    }
    # A survey's page number counts pages of one questionnaire, not rows of a table.
    assert numbered <= {("survey.answer_page", "page")}
