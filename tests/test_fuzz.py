"""Malformed submissions never cause a server error, and nothing invalid is stored."""

from __future__ import annotations

from datetime import timedelta

from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.orm import Session

from survey_app.core.clock import today_local
from survey_app.core.responses.tokens import issue_submission_token
from survey_app.models import Answer, Question
from tests import factories
from tests.feedback.test_rating import GOOD_ANSWERS

FIELDS = [*GOOD_ANSWERS, "submission", "website", "csrf_token", "lang"]
FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

field_values = st.one_of(
    st.sampled_from(["", "0", "1", "2", "3", "4", "5", "6", "na", "-1", "1.5", "NaN"]),
    st.text(max_size=50),
    st.text(min_size=900, max_size=1200),
)
submissions = st.dictionaries(
    st.one_of(st.sampled_from(FIELDS), st.text(min_size=1, max_size=20)),
    field_values,
    max_size=16,
)


def assert_every_stored_answer_is_valid(session: Session) -> None:
    session.expire_all()
    for value, text, allowed, answer_type, not_applicable in session.execute(
        select(
            Answer.value,
            Answer.text,
            Question.allowed_values,
            Question.answer_type,
            Question.not_applicable,
        ).join(Question)
    ):
        if answer_type == "text":
            assert text
            assert len(text) <= 2000
        elif value is None:
            assert not_applicable
        else:
            assert value in allowed


@FUZZ
@given(data=submissions, valid_token=st.booleans(), base=st.booleans())
def test_citizen_form_survives_anything(
    client: FlaskClient, seeded: Session, data: dict[str, str], valid_token: bool, base: bool
) -> None:
    poster = factories.poster(seeded)
    payload = {**(GOOD_ANSWERS if base else {}), **data}
    if valid_token:
        payload["submission"] = issue_submission_token()
    response = client.post(f"/q/{poster.code}", data=payload)
    # A "lang" field naming a language is the language switch: the form comes back, unsaved.
    switch = payload.get("lang") in ("vi", "en")
    assert response.status_code in ({200} if switch else {303, 400}), response.status_code
    assert_every_stored_answer_is_valid(seeded)


@FUZZ
@given(data=submissions, path=st.text(max_size=30))
def test_receipt_and_poster_urls_survive_anything(
    client: FlaskClient, seeded: Session, data: dict[str, str], path: str
) -> None:
    for prefix in ("/q/", "/r/", "/Q/", "/R/"):
        response = client.post(prefix + path.replace("/", ""), data=data)
        assert response.status_code < 500
        assert client.get(prefix + path.replace("/", "")).status_code < 500


PAPER_FIELDS = [*GOOD_ANSWERS, "submission", "centre", "visit_date", "csrf_token"]
# What a clerk mistypes: a letter for a digit, two digits, a date that is not one.
typed = st.one_of(
    st.sampled_from(["", "0", "1", "5", "9", "a", "l", "O", "11", "-1", "2026-02-30", "hôm nay"]),
    st.text(max_size=300),
)


@FUZZ
@given(
    data=st.dictionaries(
        st.one_of(st.sampled_from(PAPER_FIELDS), st.text(max_size=20)), typed, max_size=20
    ),
    base=st.booleans(),
)
def test_paper_entry_survives_anything(
    client: FlaskClient, seeded: Session, data: dict[str, str], base: bool
) -> None:
    # Fixtures run once for all examples, so the clerk signs in on the first one only.
    if client.get("/quan-ly/phieu-giay").status_code != 200:
        factories.log_in(client, factories.user(seeded))
    slip = {
        **GOOD_ANSWERS,
        "feedback-general": "0",
        "submission": issue_submission_token(),
        "centre": str(factories.centre(seeded).id),
        "visit_date": (today_local() - timedelta(days=3)).isoformat(),
    }
    response = client.post("/quan-ly/phieu-giay", data={**(slip if base else {}), **data})
    assert response.status_code in {303, 400}
    assert_every_stored_answer_is_valid(seeded)


@FUZZ
@given(username=st.text(max_size=300), password=st.text(max_size=300))
def test_login_survives_anything(client: FlaskClient, username: str, password: str) -> None:
    response = client.post("/dang-nhap", data={"username": username, "password": password})
    assert response.status_code in {200, 400, 401, 429}  # 429: wrong guesses lock out
