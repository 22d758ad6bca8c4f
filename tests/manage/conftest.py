"""Fixtures shared by the managers' pages tests."""

from __future__ import annotations

from datetime import date

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from survey_app.models import Role
from tests import factories
from tests.manage.declining_demo import DECLINING, seed


@pytest.fixture
def declining_demo(seeded: Session) -> Session:
    """Twelve weeks of demo data to 2 December 2026, with its four declining centres."""
    assert set(seed(seeded, weeks=12, seed=2026, end=date(2026, 12, 2))) == DECLINING
    return seeded


@pytest.fixture
def declining_admin(client: FlaskClient, declining_demo: Session) -> FlaskClient:
    """A client signed in as the administrator on :func:`declining_demo`."""
    user = factories.user(declining_demo, username="so", role=Role.ADMIN, centre_keys=())
    factories.log_in(client, user)
    return client
