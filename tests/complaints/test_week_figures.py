"""The week page's complaint figures: open overdue ones count as late, few are counts."""

from __future__ import annotations

from datetime import timedelta

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from survey_app.complaints.workflow import WorkflowRules
from survey_app.models import User, utcnow
from tests import factories
from tests.complaints.conftest import raise_complaint
from tests.complaints.test_statistics import answer_at
from tests.html import parse


def test_two_on_time_and_one_overdue_read_as_two_of_three_and_codes_link(
    client: FlaskClient, seeded: Session, manager: User, handler: User, rules: WorkflowRules
) -> None:
    received = utcnow() - timedelta(days=30)
    for _ in range(2):
        answer_at(seeded, rules, handler, received, received + timedelta(days=1))
    late, _ = raise_complaint(seeded, received_at=utcnow() - timedelta(days=40))
    factories.log_in(client, manager)
    page = parse(client.get("/quan-ly/trung-tam/van-quan"))
    card = page.select_one(".on-time")
    assert card is not None
    words = card.get_text(" ", strip=True)
    assert "2 trên 3" in words
    assert "%" not in words
    assert "100" not in words
    link = page.select_one(f"a[href='/quan-ly/phan-anh/{late.id}']")
    assert link is not None
    assert link.get_text() == late.tracking_code
