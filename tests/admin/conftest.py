"""Accounts for the administration tests: one of each role, scoped to Văn Quan."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from survey_app.models import Role, User
from tests import factories

OTHER_CENTRE = "tam-thanh"


@pytest.fixture
def admin(seeded: Session) -> User:
    return factories.user(seeded, username="quantri", role=Role.ADMIN, centre_keys=())


@pytest.fixture
def department(seeded: Session) -> User:
    return factories.user(seeded, username="sonoivu", role=Role.DEPARTMENT, centre_keys=())


@pytest.fixture
def manager(seeded: Session) -> User:
    return factories.user(seeded, username="quanly", role=Role.MANAGER)


@pytest.fixture
def admin_client(client: FlaskClient, admin: User) -> FlaskClient:
    factories.log_in(client, admin)
    return client


@pytest.fixture
def department_client(client: FlaskClient, department: User) -> FlaskClient:
    factories.log_in(client, department)
    return client


@pytest.fixture
def manager_client(client: FlaskClient, manager: User) -> FlaskClient:
    factories.log_in(client, manager)
    return client
