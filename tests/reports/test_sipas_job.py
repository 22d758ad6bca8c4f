"""The SIPAS workbook's job: eleven named steps in order; the user's recent jobs listed."""

from __future__ import annotations

from datetime import timedelta
from io import BytesIO

from flask.testing import FlaskClient
from openpyxl import load_workbook
from sqlalchemy.orm import Session

from survey_app.core.clock import now_utc
from survey_app.models import JobStatus, Role
from survey_app.survey.report import SHEETS
from survey_app.survey.report_data import DATA_STEPS
from survey_app.survey.report_job import STEPS, build_sipas_workbook
from survey_app.survey.report_notes import WRITE_STEPS
from tests import factories
from tests.html import parse


def test_each_step_is_reported_once_in_order_with_its_label(seeded: Session) -> None:
    told: list[tuple[int, int, str]] = []
    built = build_sipas_workbook(
        seeded,
        {"period": "2026-Q4", "replicates": 20, "seed": 1},
        lambda step, steps, label: told.append((step, steps, label)),
    )
    assert STEPS == 11
    assert told == [(i + 1, STEPS, label) for i, label in enumerate(DATA_STEPS + WRITE_STEPS)]
    assert built.filename == "sipas-2026-Q4.xlsx"
    assert load_workbook(BytesIO(built.content)).sheetnames == list(SHEETS)


def test_the_reports_page_lists_the_users_own_recent_jobs(
    client: FlaskClient, seeded: Session
) -> None:
    mine = factories.user(seeded, username="so-noi-vu", role=Role.DEPARTMENT, centre_keys=())
    other = factories.user(seeded, username="so-noi-vu-2", role=Role.DEPARTMENT, centre_keys=())
    done = factories.report_job(seeded, mine, period="2026-Q3")
    failed = factories.report_job(seeded, mine, status=JobStatus.FAILED, period="2026-Q2")
    old = factories.report_job(seeded, mine, period="2026-Q1")
    old.created_at = now_utc() - timedelta(hours=25)
    factories.report_job(seeded, other, period="2026-Q4")  # another's: not listed
    seeded.commit()
    factories.log_in(client, mine)
    page = parse(client.get("/quan-ly/khao-sat/bao-cao"))
    items = [
        (li.select_one("a")["href"], li.get_text(" ", strip=True))
        for li in page.select("#recent-jobs li")
    ]
    assert [href for href, _text in items] == [
        f"/quan-ly/bao-cao/{failed.id}",
        f"/quan-ly/bao-cao/{done.id}",
    ]
    assert "Quý II/2026 · không tạo được" in items[0][1]
    assert "Quý III/2026 · đã xong" in items[1][1]
