"""Citizens rate a visit through a poster QR code."""

from __future__ import annotations

import threading

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from bench import loadgen
from survey_app.core.responses.flags import DEVICE_REPEAT, HONEYPOT
from survey_app.core.responses.tokens import issue_submission_token
from survey_app.feedback import views_rating as views
from survey_app.models import Answer, Channel, PosterCode, Question, Response
from tests import factories, live
from tests.html import html_errors, parse, submission_token, text_of

GOOD_ANSWERS = loadgen.ANSWERS  # the visit pulse answered, as the load test sends it


@pytest.fixture
def poster(seeded: Session) -> PosterCode:
    return factories.poster(seeded, counter_number=2)


def post_answers(client: FlaskClient, url: str, **changes: str | None) -> object:
    data = {**GOOD_ANSWERS, "submission": submission_token(client, url), **changes}
    return client.post(url, data={k: v for k, v in data.items() if v is not None})


def stored(session: Session) -> list[Response]:
    session.expire_all()
    return list(session.scalars(select(Response)))


def test_form_names_the_centre_and_counter_in_vietnamese(
    client: FlaskClient, poster: PosterCode
) -> None:
    page = parse(client.get(f"/q/{poster.code}"))
    assert page.html["lang"] == "vi"
    assert text_of(page, "h1") == "Đánh giá sự phục vụ"
    assert "Trung tâm Phục vụ hành chính công xã Văn Quan" in text_of(page, ".place")
    assert "Quầy 2" in text_of(page, ".place")


def test_each_question_is_a_fieldset_with_a_legend_and_labelled_choices(
    client: FlaskClient, poster: PosterCode
) -> None:
    page = parse(client.get(f"/q/{poster.code}"))
    fieldsets = page.select("form fieldset")
    assert len(fieldsets) == 10
    for fieldset in fieldsets:
        assert fieldset.legend.get_text(strip=True)
        for radio in fieldset.select("input[type=radio]"):
            assert page.select_one(f"label[for={radio['id']}]").get_text(strip=True)
    faces = page.select("#q-staff-general label")
    assert [f.get_text(strip=True) for f in faces] == [
        "Rất không hài lòng",
        "Không hài lòng",
        "Bình thường",
        "Hài lòng",
        "Rất hài lòng",
    ]
    assert (
        page.select_one("#q-feedback-general label[for=feedback-general-na]").get_text(strip=True)
        == "Không áp dụng"
    )
    assert page.select_one("label[for=comment]")


def test_form_is_valid_html_and_small(client: FlaskClient, poster: PosterCode) -> None:
    response = client.get(f"/q/{poster.code}")
    assert html_errors(response.data) == []
    stylesheet = client.get(parse(response).select_one("link[rel=stylesheet]")["href"])
    css = stylesheet.get_data()
    stylesheet.close()
    assert len(response.data) + len(css) < 30_000


def test_form_makes_no_third_party_request(client: FlaskClient, poster: PosterCode) -> None:
    page = parse(client.get(f"/q/{poster.code}"))
    for tag, attribute in (("link", "href"), ("script", "src"), ("img", "src"), ("use", "href")):
        for element in page.select(f"{tag}[{attribute}]"):
            assert element[attribute].startswith(("/", "#")), element
    assert page.select("script") == []


def test_a_rating_is_saved_with_every_answer_and_thanks_the_citizen(
    client: FlaskClient, poster: PosterCode, seeded: Session
) -> None:
    response = post_answers(client, f"/q/{poster.code}")
    assert response.status_code == 303
    assert response.headers["Location"] == f"/q/{poster.code}/cam-on"
    thanks = parse(client.get(response.headers["Location"]))
    assert text_of(thanks, "h1") == "Cảm ơn Ông/Bà đã đánh giá!"

    (saved,) = stored(seeded)
    assert saved.channel is Channel.POSTER_QR
    assert saved.centre_id == poster.centre_id
    assert saved.counter_id == poster.counter_id
    assert saved.is_suspect is False
    answers = {
        key: text if text is not None else value
        for key, value, text in seeded.execute(
            select(Question.key, Answer.value, Answer.text)
            .join(Answer)
            .where(Answer.response_id == saved.id)
        )
    }
    assert answers["staff.general"] == 5
    assert answers["integrity.supplements"] == 0
    assert answers["comment"] == "Cán bộ hướng dẫn rất nhiệt tình."
    # "Not applicable" is a row with no value: left out of every denominator.
    assert "feedback.general" in answers
    assert answers["feedback.general"] is None


def test_sending_the_same_form_twice_stores_one_response(
    client: FlaskClient, poster: PosterCode, seeded: Session
) -> None:
    url = f"/q/{poster.code}"
    data = {**GOOD_ANSWERS, "submission": submission_token(client, url)}
    first = client.post(url, data=data)
    second = client.post(url, data=data)
    assert first.status_code == second.status_code == 303
    assert first.headers["Location"] == second.headers["Location"]
    assert len(stored(seeded)) == 1
    thanks = [client.get(r.headers["Location"]) for r in (first, second)]
    assert thanks[0].status_code == thanks[1].status_code == 200
    assert thanks[0].get_data() == thanks[1].get_data()
    assert "Cảm ơn" in text_of(parse(thanks[0]), "h1")


def test_a_double_tap_sent_at_once_stores_one_response(
    app: Flask, poster: PosterCode, seeded: Session
) -> None:
    token = issue_submission_token()
    path = f"/q/{poster.code}"
    start = threading.Barrier(2)
    replies: list[live.Reply] = []
    with live.serve(app) as base:

        def send() -> None:
            start.wait()
            replies.append(live.post(base + path, {**GOOD_ANSWERS, "submission": token}))

        taps = [threading.Thread(target=send) for _ in range(2)]
        for tap in taps:
            tap.start()
        for tap in taps:
            tap.join(timeout=60)
    assert [r.status for r in replies] == [303, 303]
    assert replies[0].location == replies[1].location
    assert len(stored(seeded)) == 1


def test_a_missing_answer_is_explained_and_every_other_answer_kept(
    client: FlaskClient, poster: PosterCode, seeded: Session
) -> None:
    response = post_answers(client, f"/q/{poster.code}", **{"staff-general": None})
    assert response.status_code == 400
    page = parse(response)
    assert "Chưa gửi được" in text_of(page, ".error-summary")
    assert page.select_one(".error-summary a")["href"] == "#q-staff-general"
    assert text_of(page, "#q-staff-general .error") == "Xin chọn một câu trả lời cho câu hỏi này."
    assert page.select_one("#access-general-4").has_attr("checked")
    assert page.select_one("#feedback-general-na").has_attr("checked")
    assert text_of(page, "textarea#comment") == GOOD_ANSWERS["comment"]
    assert stored(seeded) == []


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("staff-general", "6"),
        ("staff-general", "0"),
        ("integrity-supplements", "4"),
        ("overall-visit", "na"),
        ("access-general", "'; DROP TABLE response; --"),
    ],
)
def test_values_outside_the_scale_are_refused(
    client: FlaskClient, poster: PosterCode, seeded: Session, field: str, value: str
) -> None:
    response = post_answers(client, f"/q/{poster.code}", **{field: value})
    assert response.status_code == 400
    assert parse(response).select_one(f"#q-{field} .error")
    assert stored(seeded) == []


def test_unknown_fields_are_refused(
    client: FlaskClient, poster: PosterCode, seeded: Session
) -> None:
    response = post_answers(client, f"/q/{poster.code}", is_admin="1")
    assert response.status_code == 400
    assert "trường không hợp lệ" in text_of(parse(response), ".error-summary")
    assert stored(seeded) == []


def test_a_long_comment_is_refused_with_its_limit(
    client: FlaskClient, poster: PosterCode, seeded: Session
) -> None:
    response = post_answers(client, f"/q/{poster.code}", comment="x" * 1001)
    assert response.status_code == 400
    assert "1000" in text_of(parse(response), "#q-comment .error")
    assert stored(seeded) == []


def test_a_forged_or_missing_submission_token_asks_to_send_again(
    client: FlaskClient, poster: PosterCode, seeded: Session
) -> None:
    response = client.post(f"/q/{poster.code}", data={**GOOD_ANSWERS, "submission": "forged"})
    assert response.status_code == 400
    page = parse(response)
    assert "bấm Gửi lại" in text_of(page, ".error-summary")
    assert page.select_one("#staff-general-5").has_attr("checked")
    assert page.select_one("input[name=submission]")["value"] != "forged"
    assert stored(seeded) == []


def test_a_filled_honeypot_is_saved_but_flagged(
    client: FlaskClient, poster: PosterCode, seeded: Session
) -> None:
    response = post_answers(client, f"/q/{poster.code}", website="http://spam.example")
    assert response.status_code == 303
    (saved,) = stored(seeded)
    assert saved.is_suspect
    assert HONEYPOT in saved.flags


def test_a_second_rating_from_one_browser_is_flagged_not_refused(
    client: FlaskClient, poster: PosterCode, seeded: Session
) -> None:
    assert post_answers(client, f"/q/{poster.code}").status_code == 303
    assert post_answers(client, f"/q/{poster.code}").status_code == 303
    first, second = sorted(stored(seeded), key=lambda r: r.id)
    assert not first.is_suspect
    assert second.is_suspect
    assert DEVICE_REPEAT in second.flags


def test_the_rate_limit_refuses_a_flood_from_one_address(
    app: Flask, client: FlaskClient, poster: PosterCode, seeded: Session
) -> None:
    app.config.update(RATELIMIT_ENABLED=True, FEEDBACK_RATE_LIMIT="2 per minute")
    from survey_app.extensions import limiter  # noqa: PLC0415

    limiter.init_app(app)
    try:
        statuses = [post_answers(client, f"/q/{poster.code}").status_code for _ in range(3)]
    finally:
        limiter.reset()
    assert statuses == [303, 303, 429]
    assert len(stored(seeded)) == 2


def test_an_unknown_poster_code_is_a_friendly_404(client: FlaskClient, seeded: Session) -> None:
    response = client.get("/q/ZZZZZZ")
    assert response.status_code == 404
    assert "mã QR" in text_of(parse(response), "main")


def test_upper_case_urls_from_the_qr_code_work(client: FlaskClient, poster: PosterCode) -> None:
    assert client.get(f"/Q/{poster.code}").status_code == 200
    assert client.get(f"/q/{poster.code.lower()}").status_code == 200


def test_form_is_in_english_on_request(client: FlaskClient, poster: PosterCode) -> None:
    page = parse(client.get(f"/q/{poster.code}?lang=en"))
    assert text_of(page, "h1") == "Rate the service you received"
    assert (
        text_of(page, "#q-overall-visit legend")
        == "Overall, how satisfied are you with this visit?"
    )
    assert text_of(page, "label[for=staff-general-5]") == "Very satisfied"


def test_a_database_failure_keeps_the_answers_and_says_not_saved(
    client: FlaskClient, poster: PosterCode, seeded: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(*_args: object, **_kwargs: object) -> None:
        raise OperationalError("INSERT", {}, Exception("server closed the connection"))

    monkeypatch.setattr(views, "save_submission", fail)
    response = post_answers(client, f"/q/{poster.code}")
    assert response.status_code == 503
    page = parse(response)
    assert "Chưa lưu được" in text_of(page, ".error-summary")
    assert page.select_one("#staff-general-5").has_attr("checked")
    assert text_of(page, "textarea#comment") == GOOD_ANSWERS["comment"]
    assert stored(seeded) == []


def test_control_characters_in_a_comment_are_refused_with_a_message(
    client: FlaskClient, poster: PosterCode, seeded: Session
) -> None:
    response = post_answers(client, f"/q/{poster.code}", comment="bình\x00thường")
    assert response.status_code == 400
    assert "ký tự không hợp lệ" in text_of(parse(response), "#q-comment .error")
    assert stored(seeded) == []


def test_a_closed_counters_code_stops_taking_ratings(
    client: FlaskClient, poster: PosterCode, seeded: Session
) -> None:
    poster.counter.active = False
    seeded.commit()
    assert client.get(f"/q/{poster.code}").status_code == 404
    assert post_answers_without_form(client, f"/q/{poster.code}").status_code == 404
    assert stored(seeded) == []


def post_answers_without_form(client: FlaskClient, url: str) -> object:
    """A POST from a page opened before the counter closed."""
    from survey_app.core.responses.tokens import issue_submission_token  # noqa: PLC0415

    return client.post(url, data={**GOOD_ANSWERS, "submission": issue_submission_token()})
