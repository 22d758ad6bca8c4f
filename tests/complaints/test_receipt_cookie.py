"""The PIN after intake: shown once, never readable in the session cookie."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from survey_app.models import PosterCode
from tests import factories
from tests.complaints.test_intake import post_complaint, stored
from tests.html import parse, text_of


@pytest.fixture
def poster(seeded: Session) -> PosterCode:
    return factories.poster(seeded, counter_number=3)


def session_cookie(app: Flask, client: FlaskClient) -> str:
    """The session cookie as anyone holding the phone can read it: decoded, signature kept."""
    cookie = client.get_cookie(app.config.get("SESSION_COOKIE_NAME", "session"))
    if cookie is None:
        return ""
    serializer = app.session_interface.get_signing_serializer(app)
    return repr(serializer.loads(cookie.value))


def test_the_pin_is_never_readable_in_the_session_cookie_and_is_shown_once(
    app: Flask, client: FlaskClient, poster: PosterCode, seeded: Session
) -> None:
    assert post_complaint(client, f"/q/{poster.code}/phan-anh").status_code == 303
    after_post = session_cookie(app, client)
    first = client.get("/phan-anh/da-gui")
    pin = text_of(parse(first), "#pin")
    code = text_of(parse(first), "#tracking-code")
    assert re.fullmatch(r"\d{6}", pin)
    assert first.headers["Cache-Control"] == "no-store"
    assert code == stored(seeded)[0].tracking_code
    assert pin not in after_post
    after_view = session_cookie(app, client)
    assert pin not in after_view
    assert "sealed" not in after_view  # not even sealed once it has been shown
    # A reload, or the next person on a shared phone, sees the code but no PIN.
    again = parse(client.get("/phan-anh/da-gui"))
    assert again.select_one("#pin") is None
    assert text_of(again, "#tracking-code") == code
    assert again.select_one("#pin-shown") is not None
