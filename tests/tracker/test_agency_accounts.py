"""The system administrator creates an agency user and chooses its agency on the accounts page.

Accounts are system administration: the Department asks the administrator for them.
"""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from survey_app.models import Role, User
from tests import factories
from tests.html import parse
from tests.tracker.conftest import Tracker

PASSWORD = "mat-khau-du-dai-2026"


@pytest.fixture
def admin_client(client: FlaskClient, seeded: Session, tracker: Tracker) -> FlaskClient:
    """The system administrator, who alone manages accounts (not the tracker's Department)."""
    factories.log_in(client, factories.user(seeded, username="quantri", role=Role.ADMIN))
    return client


def account(**overrides: object) -> dict[str, object]:
    return {
        "username": "coquan.tuphap",
        "full_name": "Cán bộ Sở Tư pháp",
        "email": "",
        "role": "agency",
        "password": PASSWORD,
    } | overrides


def test_an_agency_user_is_created_with_its_agency_and_no_centre(
    admin_client: FlaskClient, seeded: Session, tracker: Tracker
) -> None:
    form = parse(admin_client.get("/quan-ly/tai-khoan/moi"))
    assert form.select_one(f"select[name=agency] option[value='{tracker.justice.id}']")
    response = admin_client.post(
        "/quan-ly/tai-khoan/moi", data=account(agency=str(tracker.justice.id))
    )
    assert response.status_code == 303
    created = seeded.scalars(select(User).filter_by(username="coquan.tuphap")).one()
    assert created.role is Role.AGENCY
    assert created.agency_id == tracker.justice.id
    assert created.centres == []


def test_an_agency_user_without_an_agency_is_refused(
    admin_client: FlaskClient, seeded: Session, tracker: Tracker
) -> None:
    response = admin_client.post("/quan-ly/tai-khoan/moi", data=account(agency="0"))
    assert response.status_code == 400
    assert parse(response).select_one("#agency-error") is not None
    assert seeded.scalar(select(User).filter_by(username="coquan.tuphap")) is None


def test_a_manager_gets_no_agency_even_if_one_is_sent(
    admin_client: FlaskClient, seeded: Session, tracker: Tracker
) -> None:
    centre = factories.centre(seeded)
    response = admin_client.post(
        "/quan-ly/tai-khoan/moi",
        data=account(role="manager", agency=str(tracker.justice.id), centres=[str(centre.id)]),
    )
    assert response.status_code == 303
    created = seeded.scalars(select(User).filter_by(username="coquan.tuphap")).one()
    assert created.agency is None
