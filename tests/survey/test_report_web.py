"""The SIPAS workbook from the web: the Department has it built, downloads it; it reads as a report.

A reader opens it in Excel: sheet names with diacritics, periods as "Quý III/2026",
questions by their wording (never an internal key), no pane frozen below row 5, a
centre × factor table to paste as it is, and a sentence where a period has no survey.
"""

from __future__ import annotations

import re
from datetime import date
from io import BytesIO

import pytest
from flask import Flask
from flask.testing import FlaskClient
from openpyxl import load_workbook
from openpyxl.workbook import Workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from survey_app.extensions import db
from survey_app.models import AuditEvent, JobStatus, ReportJob, Role
from survey_app.seeding.demo import seed_demo
from survey_app.survey.demo import seed_survey_demo
from survey_app.survey.report import SHEETS
from survey_app.survey.report_job import STEPS
from survey_app.survey.report_periods import report_periods
from tests import factories
from tests.reports.jobs import follow, job_id_of, wait_until_finished
from tests.survey.test_report import rows

REPORTS = "/quan-ly/khao-sat/bao-cao"
KEY = re.compile(r"^[a-z_]+(\.[a-z_]+)+$")  # an internal question key, e.g. staff.polite


@pytest.fixture
def department(app: Flask, client: FlaskClient, seeded: Session) -> FlaskClient:
    app.config["SURVEY_REPORT_REPLICATES"] = 50
    seed_survey_demo(seeded, margin=0.1, communes=4, seed=3)
    seed_demo(seeded, weeks=1, seed=3, end=date(2026, 8, 12))
    admin = factories.user(seeded, username="sonoivu", role=Role.DEPARTMENT, centre_keys=())
    factories.log_in(client, admin)
    return client


def download(client: FlaskClient, label: str) -> Workbook:
    """Press "Tạo báo cáo", wait for the job on its page, then download the file."""
    response = client.post(f"{REPORTS}/{label}")
    assert response.status_code == 303, response.status_code
    job_id = job_id_of(response.headers["Location"])
    assert wait_until_finished(job_id) is JobStatus.DONE
    job = db.session.get_one(ReportJob, job_id)
    assert (job.step, job.steps) == (STEPS, STEPS)
    page = follow(client, job_id)
    assert f"sipas-{label}.xlsx" in page
    response = client.get(f"/quan-ly/bao-cao/{job_id}/tai-xuong")
    assert response.status_code == 200, response.status_code
    assert response.headers["Content-Disposition"] == f'attachment; filename="sipas-{label}.xlsx"'
    assert response.headers["Cache-Control"] == "no-store"
    return load_workbook(BytesIO(response.data))


def frozen_rows(pane: str | None) -> int:
    """How many rows a freeze pane holds at the top ("A5" freezes rows 1 to 4)."""
    return 0 if pane is None else int(re.sub(r"[A-Z]+", "", pane)) - 1


def test_the_report_page_offers_each_campaign_period_and_recent_quarters(
    department: FlaskClient,
) -> None:
    page = department.get(REPORTS).get_data(as_text=True)
    assert "Quý III/2026" in page
    assert f'action="{REPORTS}/2026-Q3"' in page
    assert "đợt khảo sát:" in page  # the demo's campaign is named beside its quarter


def test_a_year_names_the_surveys_of_its_quarters(department: FlaskClient, seeded: Session) -> None:
    """The year's workbook holds every survey answered in it, so the page names them."""
    offered = {p.period.label: p.campaigns for p in report_periods(seeded, date(2026, 12, 3))}
    assert offered["2026-Q3"]
    assert set(offered["2026-Q3"]) <= set(offered["2026"])
    assert offered["2026-Q2"] == ()
    assert offered["2025"] == ()


def test_the_department_downloads_a_workbook_that_reads_as_a_report(
    department: FlaskClient, seeded: Session
) -> None:
    book = download(department, "2026-Q3")
    assert book.sheetnames == list(SHEETS)
    assert "Xã × chỉ số" in book.sheetnames
    assert "Trung tâm × yếu tố" in book.sheetnames
    for sheet in book.worksheets:
        assert frozen_rows(sheet.freeze_panes) <= 5, (sheet.title, sheet.freeze_panes)
        title = str(sheet["A1"].value)
        assert "2026-Q3" not in title
    assert book["Tổng quan"]["A1"].value.endswith("— Quý III/2026")
    questions = [r["Câu hỏi"] for r in rows(book["Tiêu chí"], "STT")]
    assert questions
    assert not [q for q in questions if KEY.match(str(q))]
    assert "Công chức giao tiếp lịch sự, tôn trọng người dân" in questions
    # Section B of the integrity sheet is reachable: no pane holds the rows above it.
    assert frozen_rows(book["Liêm chính"].freeze_panes) <= 5
    assert rows(book["Liêm chính"], "Câu hỏi")
    wide = rows(book["Trung tâm × yếu tố"], "Trung tâm")
    long = rows(book["Theo trung tâm (phiếu nhanh)"], "Trung tâm")
    assert {r["Trung tâm"] for r in wide} == {r["Trung tâm"] for r in long}
    first = wide[0]
    staff = next(
        r
        for r in long
        if r["Trung tâm"] == first["Trung tâm"]
        and r["Chỉ số"] == "Công chức trực tiếp giải quyết công việc"
    )
    assert first["Công chức trực tiếp giải quyết công việc (%)"] == staff["Giá trị (%)"]
    assert book["Yếu tố"]._charts, "the factor sheet carries a chart"
    event = seeded.scalars(select(AuditEvent).where(AuditEvent.action == "export.sipas_report"))
    assert [e.target_id for e in event] == ["2026-Q3"]


def test_a_period_without_survey_says_so_in_a_sentence(department: FlaskClient) -> None:
    book = download(department, "2026-Q4")
    sentence = str(book["Tổng quan"]["A4"].value)
    assert sentence.startswith("Không có phiếu khảo sát SIPAS nào trong kỳ Quý IV/2026")
    assert book["Tổng quan"].max_row == 4  # no bare headers under it
    assert any(
        str(c.value).startswith("Không có phiếu khảo sát SIPAS") for c in book["Liêm chính"]["A"]
    )


@pytest.mark.parametrize("label", ["2026-q3", "2026-W30", "quy-3", "2026-Q5"])
def test_a_period_that_is_not_one_is_not_found(department: FlaskClient, label: str) -> None:
    assert department.post(f"{REPORTS}/{label}").status_code == 404
    assert db.session.scalar(select(ReportJob)) is None


@pytest.mark.parametrize("role", [Role.MANAGER, Role.VIEWER, Role.HANDLER, Role.AGENCY])
def test_only_the_department_gets_the_province_workbook(
    client: FlaskClient, seeded: Session, role: Role
) -> None:
    keys = () if role is Role.AGENCY else ("van-quan",)
    factories.log_in(client, factories.user(seeded, role=role, centre_keys=keys))
    assert client.get(REPORTS).status_code == 403
    assert client.post(f"{REPORTS}/2026-Q3").status_code == 403
