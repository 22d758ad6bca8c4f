"""Signing in opens the page where each role's work is, unless the address asked for one."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from survey_app.models import Agency, Role
from survey_app.tracker.draft_sets import load_draft
from tests import factories
from tests.html import parse, text_of
from tests.tracker.conftest import agency_user


def sign_in(client: FlaskClient, username: str, query: str = "") -> str:
    """Sign in as ``username`` and return where the answer sends the browser."""
    response = client.post(
        f"/dang-nhap{query}", data={"username": username, "password": factories.PASSWORD}
    )
    assert response.status_code == 302
    return response.headers["Location"]


@pytest.mark.parametrize(
    ("role", "keys", "landing"),
    [
        # A centre manager (or a viewer) reads the week of their centre: the first by name.
        (Role.MANAGER, ("van-quan",), "/quan-ly/trung-tam/van-quan"),
        (Role.MANAGER, ("van-quan", "bac-son"), "/quan-ly/trung-tam/bac-son"),
        (Role.VIEWER, ("tam-thanh",), "/quan-ly/trung-tam/tam-thanh"),
        # A handler works the complaint queue.
        (Role.HANDLER, ("van-quan",), "/quan-ly/phan-anh/"),
        # The Department reads the province; so does the system administrator.
        (Role.DEPARTMENT, (), "/quan-ly/tinh"),
        (Role.ADMIN, (), "/quan-ly/tinh"),
        # No centre yet: the staff home says whom to ask.
        (Role.MANAGER, (), "/quan-ly/"),
    ],
)
def test_each_role_lands_where_its_work_is(
    client: FlaskClient, seeded: Session, role: Role, keys: tuple[str, ...], landing: str
) -> None:
    account = factories.user(seeded, role=role, centre_keys=keys)
    assert sign_in(client, account.username) == landing
    assert client.get(landing).status_code == 200


def test_an_agency_lands_on_its_criteria_to_report(client: FlaskClient, seeded: Session) -> None:
    load_draft(seeded)
    justice = seeded.scalars(select(Agency).filter_by(code="so-tu-phap")).one()
    account = agency_user(seeded, justice, "tuphap")
    landing = sign_in(client, account.username)
    assert landing == "/quan-ly/chi-so-cchc/bao-cao"
    assert client.get(landing, follow_redirects=True).status_code == 200


def test_a_safe_next_still_wins(client: FlaskClient, seeded: Session) -> None:
    account = factories.user(seeded, role=Role.HANDLER)
    assert sign_in(client, account.username, "?next=/quan-ly/phieu-giay") == "/quan-ly/phieu-giay"


def test_the_manager_lands_on_a_page_saying_what_to_do(
    client: FlaskClient, seeded: Session
) -> None:
    account = factories.user(seeded, centre_keys=("van-quan",))
    page = parse(client.get(sign_in(client, account.username)))
    assert text_of(page, "#todo").startswith("Việc cần làm tuần này")
