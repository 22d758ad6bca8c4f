"""The Committee's report built as a background job from the overview's chooser."""

from __future__ import annotations

from io import BytesIO

import pytest
from flask.testing import FlaskClient
from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from survey_app.extensions import db
from survey_app.models import AuditEvent, JobStatus, ReportJob
from survey_app.tracker import pc_report_job
from tests.reports.jobs import follow, job_id_of, wait_until_finished
from tests.tracker.conftest import Tracker
from tests.tracker.pc_report_world import TODAY, report_world


@pytest.fixture(autouse=True)
def mid_june(monkeypatch: pytest.MonkeyPatch) -> None:
    """The job makes the report on 15/06/2026."""
    monkeypatch.setattr(pc_report_job, "today_local", lambda: TODAY)


def build(client: FlaskClient, tracker: Tracker, period: str, extension: str) -> bytes:
    response = client.post(
        f"/quan-ly/chi-so-cchc/{tracker.par.id}/bao-cao-ubnd",
        data={"ky": period, "dang": extension},
    )
    assert response.status_code == 303, response.status_code
    job_id = job_id_of(response.headers["Location"])
    assert wait_until_finished(job_id) is JobStatus.DONE
    job = db.session.get_one(ReportJob, job_id)
    assert (job.step, job.steps) == (3, 3)
    page = follow(client, job_id)
    name = f"bao-cao-ubnd-par-index-{period.lower()}.{extension}"
    assert name in page
    download = client.get(f"/quan-ly/bao-cao/{job_id}/tai-xuong")
    assert download.status_code == 200
    assert download.headers["Cache-Control"] == "no-store"
    assert download.headers["Content-Disposition"] == f'attachment; filename="{name}"'
    return download.data


def test_the_department_builds_the_quarter_in_excel_and_in_pdf(
    admin_client: FlaskClient, seeded: Session, tracker: Tracker
) -> None:
    report_world(seeded, tracker)
    book = load_workbook(BytesIO(build(admin_client, tracker, "2026-Q2", "xlsx")))
    assert book.sheetnames
    assert build(admin_client, tracker, "2026-Q2", "pdf").startswith(b"%PDF")
    audit = seeded.scalars(select(AuditEvent).where(AuditEvent.action == "export.pc_report"))
    assert [e.target_id for e in audit] == [f"{tracker.par.id}:2026-Q2"] * 2


@pytest.mark.parametrize(
    "form", [{"ky": "2026-Q5", "dang": "xlsx"}, {"ky": "2026-Q2", "dang": "docx"}]
)
def test_a_wrong_period_or_format_is_refused_before_any_job(
    admin_client: FlaskClient, seeded: Session, tracker: Tracker, form: dict[str, str]
) -> None:
    response = admin_client.post(f"/quan-ly/chi-so-cchc/{tracker.par.id}/bao-cao-ubnd", data=form)
    assert response.status_code == 400
    assert db.session.scalar(select(ReportJob)) is None


@pytest.mark.parametrize(("lang", "title"), [("vi", "Báo cáo kết quả"), ("en", "PAR index")])
def test_the_report_speaks_the_language_of_the_page_it_was_asked_from(
    admin_client: FlaskClient, seeded: Session, tracker: Tracker, lang: str, title: str
) -> None:
    """The job runs in a thread with no request: the reader's language travels with it."""
    report_world(seeded, tracker)
    admin_client.get(f"/quan-ly/chi-so-cchc/{tracker.par.id}/tong-quan?lang={lang}")
    book = load_workbook(BytesIO(build(admin_client, tracker, "2026-Q2", "xlsx")))
    assert str(book.properties.title).startswith(title)
