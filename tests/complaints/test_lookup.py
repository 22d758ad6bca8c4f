"""Code and PIN: the citizen's status page, never contact data, guessing throttled."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from survey_app.complaints.workflow import WorkflowRules
from survey_app.models import ComplaintStatus, User, utcnow
from tests.complaints.conftest import EMAIL, PHONE, raise_complaint, walk
from tests.html import html_errors, parse, text_of


def look_up(client: FlaskClient, code: str, pin: str) -> object:
    return client.post("/phan-anh/tra-cuu", data={"code": code, "pin": pin})


def test_code_and_pin_show_status_dates_and_answer_but_never_contact_data(
    client: FlaskClient, seeded: Session, handler: User, rules: WorkflowRules
) -> None:
    complaint, receipt = raise_complaint(seeded, email=EMAIL)
    walk(seeded, complaint, rules, handler, until="answer")
    # Codes typed from paper: lower case and without the dash still work.
    response = look_up(client, receipt.tracking_code.lower().replace("-", " "), receipt.pin)
    assert response.status_code == 303
    assert response.headers["Location"] == f"/phan-anh/tra-cuu/{receipt.tracking_code}"
    status_page = client.get(response.headers["Location"])
    assert html_errors(status_page.data) == []
    page = parse(status_page)
    assert text_of(page, ".status strong") == "Đã trả lời"
    assert "bố trí thêm một quầy" in text_of(page, ".answer")
    assert "23/11/2026" in text_of(page, ".facts")
    body = status_page.get_data(as_text=True)
    for secret in (PHONE, "345 678", EMAIL, "lan.nguyen", complaint.body):
        assert secret not in body


def test_wrong_pin_is_refused_and_throttled(
    app: Flask, client: FlaskClient, seeded: Session
) -> None:
    _complaint, receipt = raise_complaint(seeded)
    wrong = "000000" if receipt.pin != "000000" else "111111"
    app.config.update(LOCKOUT_FREE_FAILURES=3)
    statuses = [look_up(client, receipt.tracking_code, wrong).status_code for _ in range(4)]
    # Once throttled, even the right PIN waits: that is what stops the guessing.
    right = look_up(client, receipt.tracking_code, receipt.pin).status_code
    assert statuses == [401, 401, 401, 429]
    assert right == 429


def test_guesses_at_one_code_are_throttled_across_addresses(
    app: Flask, client: FlaskClient, seeded: Session
) -> None:
    _complaint, receipt = raise_complaint(seeded)
    app.config.update(COMPLAINT_PIN_LOCKOUT_OVERALL="2 per minute")
    statuses = [
        client.post(
            "/phan-anh/tra-cuu",
            data={"code": receipt.tracking_code, "pin": "999999"},
            environ_base={"REMOTE_ADDR": f"10.0.0.{n}"},
        ).status_code
        for n in range(3)
    ]
    assert statuses == [401, 401, 429]


def test_a_wrong_pin_or_unknown_code_says_what_to_do(client: FlaskClient, seeded: Session) -> None:
    _complaint, receipt = raise_complaint(seeded)
    for code, pin in ((receipt.tracking_code, "12345x"), ("PA-ZZZZZZZZ", "123456")):
        response = look_up(client, code, pin)
        assert response.status_code in (400, 401)
        assert "6 chữ số" in text_of(parse(response), "#pin-error") or "không đúng" in text_of(
            parse(response), "#pin-error"
        )


def test_the_status_page_needs_the_pin_first(client: FlaskClient, seeded: Session) -> None:
    _complaint, receipt = raise_complaint(seeded)
    response = client.get(f"/phan-anh/tra-cuu/{receipt.tracking_code}")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/phan-anh/tra-cuu?code=PA-")


def test_the_citizen_reopens_an_answer_from_the_status_page(
    client: FlaskClient, seeded: Session, handler: User, rules: WorkflowRules
) -> None:
    complaint, receipt = raise_complaint(seeded)
    walk(seeded, complaint, rules, handler, until="answer")
    # Answered today, so the window is open whatever the date of the run.
    complaint.answered_at = utcnow()
    seeded.commit()
    look_up(client, receipt.tracking_code, receipt.pin)
    page = parse(client.get(f"/phan-anh/tra-cuu/{receipt.tracking_code}"))
    form = page.select_one(".reopen form")
    assert form is not None
    empty = client.post(form["action"], data={"reason": ""})
    assert empty.status_code == 400
    response = client.post(form["action"], data={"reason": "Tôi vẫn phải chờ lâu."})
    assert response.status_code == 303
    seeded.expire_all()
    assert complaint.status is ComplaintStatus.IN_PROGRESS
    assert complaint.events[-1].actor_id is None


def test_reopening_is_not_offered_after_the_window(
    client: FlaskClient, seeded: Session, handler: User, rules: WorkflowRules
) -> None:
    complaint, receipt = raise_complaint(seeded)
    walk(seeded, complaint, rules, handler, until="answer")  # answered 23/11/2026
    client.application.config["COMPLAINT_REOPEN_DAYS"] = 0
    look_up(client, receipt.tracking_code, receipt.pin)
    page = parse(client.get(f"/phan-anh/tra-cuu/{receipt.tracking_code}"))
    assert page.select_one(".reopen") is None
    refused = client.post(
        f"/phan-anh/tra-cuu/{receipt.tracking_code}/mo-lai", data={"reason": "Chưa đồng ý"}
    )
    assert refused.status_code == 409
    seeded.expire_all()
    assert complaint.status is ComplaintStatus.ANSWERED
