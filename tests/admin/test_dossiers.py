"""Weekly dossier counts: one figure per centre and week, typed in by its managers."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from survey_app.core.weeks import last_full_week
from survey_app.models import AuditEvent, DossierCount
from survey_app.reporting.dossiers import fetch_dossier_counts
from tests import factories
from tests.admin.conftest import OTHER_CENTRE
from tests.html import parse

MONDAY = date(2026, 11, 16)


def test_the_form_defaults_to_last_week() -> None:
    assert last_full_week(date(2026, 11, 25)) == MONDAY
    assert last_full_week(date(2026, 11, 23)) == MONDAY


def test_entering_a_week_again_corrects_it_and_both_are_audited(
    manager_client: FlaskClient, seeded: Session
) -> None:
    url = "/quan-ly/ho-so/van-quan"
    assert manager_client.post(url, data={"week_start": MONDAY, "dossiers": 120}).status_code == 303
    assert manager_client.post(url, data={"week_start": MONDAY, "dossiers": 131}).status_code == 303
    [row] = seeded.scalars(select(DossierCount))
    assert (row.week_start, row.dossiers) == (MONDAY, 131)
    actions = [e.action for e in seeded.scalars(select(AuditEvent).order_by(AuditEvent.id))]
    assert actions == ["dossiers.create", "dossiers.update"]
    centre = factories.centre(seeded)
    counts = fetch_dossier_counts(seeded, [centre.id], [MONDAY, MONDAY - timedelta(weeks=1)])
    assert counts == {(centre.id, MONDAY): 131}


def test_the_edit_link_prefills_the_week_and_its_figure(
    manager_client: FlaskClient, seeded: Session
) -> None:
    manager_client.post("/quan-ly/ho-so/van-quan", data={"week_start": MONDAY, "dossiers": 57})
    page = parse(manager_client.get(f"/quan-ly/ho-so/van-quan?tuan={MONDAY.isoformat()}"))
    assert page.select_one("#week_start")["value"] == MONDAY.isoformat()
    assert page.select_one("#dossiers")["value"] == "57"


def test_a_week_must_start_on_monday_and_dossiers_cannot_be_negative(
    manager_client: FlaskClient, seeded: Session
) -> None:
    url = "/quan-ly/ho-so/van-quan"
    tuesday = MONDAY + timedelta(days=1)
    assert manager_client.post(url, data={"week_start": tuesday, "dossiers": 5}).status_code == 400
    assert manager_client.post(url, data={"week_start": MONDAY, "dossiers": -1}).status_code == 400
    assert seeded.scalar(select(DossierCount)) is None


def test_the_database_keeps_one_row_per_centre_and_week(seeded: Session) -> None:
    centre = factories.centre(seeded)
    seeded.add(DossierCount(centre=centre, week_start=MONDAY, dossiers=1))
    seeded.commit()
    seeded.add(DossierCount(centre=centre, week_start=MONDAY, dossiers=2))
    with pytest.raises(IntegrityError):
        seeded.commit()
    seeded.rollback()


def test_another_centres_dossiers_are_not_found(
    manager_client: FlaskClient, seeded: Session
) -> None:
    url = f"/quan-ly/ho-so/{OTHER_CENTRE}"
    assert manager_client.get(url).status_code == 404
    assert manager_client.post(url, data={"week_start": MONDAY, "dossiers": 9}).status_code == 404
    assert seeded.scalar(select(DossierCount)) is None
