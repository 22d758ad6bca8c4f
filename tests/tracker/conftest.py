"""The tracker's tests: the draft loaded, the Department, and two agencies' users."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from survey_app.models import Agency, Criterion, CriterionLevel, CriterionSet, Role, User
from survey_app.tracker.assignments import save_assignment
from survey_app.tracker.draft_sets import load_draft
from survey_app.tracker.survey_estimates import forget_survey_estimates
from tests import factories


@dataclass(frozen=True, slots=True)
class Tracker:
    """The draft PAR INDEX set, the Department's account and two agencies."""

    par: CriterionSet
    admin: User
    justice: Agency
    finance: Agency


def agency_user(session: Session, agency: Agency, username: str) -> User:
    """An agency user reporting for ``agency``."""
    user = factories.user(session, username=username, role=Role.AGENCY, centre_keys=())
    user.agency = agency
    session.commit()
    return user


def component(par: CriterionSet, code: str) -> Criterion:
    """The criterion ``code`` of the set."""
    return next(c for c in par.criteria if c.code == code)


@pytest.fixture(autouse=True)
def _fresh_survey_estimates() -> None:
    """Each test's database is new: estimates kept from another test's must not be reused."""
    forget_survey_estimates()


@pytest.fixture
def tracker(seeded: Session) -> Tracker:
    load_draft(seeded)
    par = seeded.scalars(select(CriterionSet).filter_by(code="PAR-INDEX")).one()
    admin = factories.user(seeded, username="sonoivu", role=Role.DEPARTMENT, centre_keys=())
    justice = seeded.scalars(select(Agency).filter_by(code="so-tu-phap")).one()
    finance = seeded.scalars(select(Agency).filter_by(code="so-tai-chinh")).one()
    # Justice leads 2.1.1 and supports 6.1.1; finance leads 6.1.1.
    save_assignment(
        seeded,
        admin,
        component(par, "2.1.1"),
        lead=justice,
        supporting=[],
        deadline=None,
        product="",
    )
    save_assignment(
        seeded,
        admin,
        component(par, "6.1.1"),
        lead=finance,
        supporting=[justice],
        deadline=None,
        product="Báo cáo giải ngân",
    )
    return Tracker(par, admin, justice, finance)


@pytest.fixture
def admin_client(client: FlaskClient, tracker: Tracker) -> FlaskClient:
    factories.log_in(client, tracker.admin)
    return client


@pytest.fixture
def justice_client(client: FlaskClient, seeded: Session, tracker: Tracker) -> FlaskClient:
    factories.log_in(client, agency_user(seeded, tracker.justice, "tuphap"))
    return client


def components(par: CriterionSet) -> list[Criterion]:
    return [c for c in par.criteria if c.level is CriterionLevel.COMPONENT]
