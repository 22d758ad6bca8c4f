"""The monthly cycle's pages: an agency reports with evidence, the Department reviews."""

from __future__ import annotations

import hashlib
from io import BytesIO

import pytest
from bs4 import BeautifulSoup
from flask import Flask
from flask.testing import FlaskClient
from PIL import Image
from sqlalchemy import select
from sqlalchemy.orm import Session

from survey_app.models import CriterionReport, EvidenceFile, ReportStatus
from tests import factories
from tests.html import parse
from tests.tracker.conftest import Tracker, agency_user, component
from tests.tracker.cycle_helpers import march
from tests.tracker.walk_cycle import TINY_PDF


def png_bytes() -> bytes:
    out = BytesIO()
    Image.new("RGB", (8, 8), "white").save(out, format="PNG")
    return out.getvalue()


def report_url(tracker: Tracker, code: str) -> str:
    criterion = component(tracker.par, code)
    return f"/quan-ly/chi-so-cchc/{tracker.par.id}/bao-cao/{criterion.id}"


def post_report(
    client: FlaskClient, url: str, *, file: tuple[bytes, str] | None = None, **fields: str
) -> tuple[int, str]:
    data: dict[str, object] = {
        "progress": "behind",
        "value_number": "87,5".replace(",", "."),
        "explanation": "Còn 2 văn bản chưa ban hành",
        **fields,
    }
    if file is not None:
        data["evidence"] = (BytesIO(file[0]), file[1])
    response = client.post(url, data=data, content_type="multipart/form-data")
    return response.status_code, response.get_data(as_text=True)


def saved(session: Session) -> CriterionReport:
    session.expire_all()
    return session.scalars(select(CriterionReport)).one()


@pytest.fixture
def period(seeded: Session, tracker: Tracker) -> None:
    march(seeded, tracker)


@pytest.mark.usefixtures("period")
def test_an_agency_lists_only_the_criteria_it_leads(
    justice_client: FlaskClient, tracker: Tracker
) -> None:
    page = parse(justice_client.get(f"/quan-ly/chi-so-cchc/{tracker.par.id}/bao-cao"))
    assert [row["data-code"] for row in page.select("#my-criteria tbody tr")] == ["2.1.1"]


@pytest.mark.usefixtures("period")
@pytest.mark.parametrize(
    ("content", "name", "kind"),
    [(TINY_PDF, "bien-ban.pdf", "application/pdf"), (png_bytes(), "anh.png", "image/png")],
)
def test_a_real_pdf_or_png_is_kept_with_its_hash(  # noqa: PLR0917 (fixtures, parameters)
    justice_client: FlaskClient,
    seeded: Session,
    tracker: Tracker,
    content: bytes,
    name: str,
    kind: str,
) -> None:
    status, _ = post_report(justice_client, report_url(tracker, "2.1.1"), file=(content, name))
    assert status == 303
    evidence = seeded.scalars(select(EvidenceFile)).one()
    assert (evidence.content_type, evidence.size) == (kind, len(content))
    assert evidence.sha256 == hashlib.sha256(content).hexdigest()
    page = parse(justice_client.get(report_url(tracker, "2.1.1")))
    assert page.select_one("code.sha256").get_text() == evidence.sha256


@pytest.mark.usefixtures("period")
@pytest.mark.parametrize(
    ("content", "name", "status"),
    [
        (b"Bien ban hop ngay 3/4, khong phai PDF\n", "bien-ban.pdf", 422),
        (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 200, "chuong-trinh.pdf", 422),
        (b"%PDF-1.7\n1 0 obj<<>>endobj\n", "cat-do.pdf", 422),
        (b"", "rong.pdf", 422),
        (b"%PDF-1.4\n" + b"0" * 5000, "to.pdf", 413),
    ],
    ids=["text-named-pdf", "exe-named-pdf", "truncated-pdf", "empty", "oversized"],
)
def test_a_bad_file_is_refused_and_nothing_else_is_lost(  # noqa: PLR0917 (fixtures, parameters)
    app: Flask,
    justice_client: FlaskClient,
    seeded: Session,
    tracker: Tracker,
    content: bytes,
    name: str,
    status: int,
) -> None:
    app.config["TRACKER_EVIDENCE_MAX_BYTES"] = 4096
    got, body = post_report(
        justice_client, report_url(tracker, "2.1.1"), file=(content, name), send="y"
    )
    assert got == status
    page = BeautifulSoup(body, "html.parser")
    assert page.select_one("#evidence-error").get_text().strip()
    # What was typed is on the page again, and saved: only the file is refused.
    assert page.select_one("#explanation").get_text().strip() == "Còn 2 văn bản chưa ban hành"
    report = saved(seeded)
    assert (report.value_number, report.explanation) == (87.5, "Còn 2 văn bản chưa ban hành")
    assert report.status is ReportStatus.DRAFT
    assert seeded.scalars(select(EvidenceFile)).all() == []


@pytest.mark.usefixtures("period")
def test_evidence_is_served_as_an_attachment_only_to_those_who_see_the_criterion(
    app: Flask, justice_client: FlaskClient, seeded: Session, tracker: Tracker
) -> None:
    post_report(justice_client, report_url(tracker, "2.1.1"), file=(TINY_PDF, "bb.pdf"))
    evidence = seeded.scalars(select(EvidenceFile)).one()
    url = f"/quan-ly/chi-so-cchc/{tracker.par.id}/tep/{evidence.id}"
    response = justice_client.get(url)
    assert response.status_code == 200
    assert response.data == TINY_PDF
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response.headers["Content-Security-Policy"]
    finance = app.test_client()
    factories.log_in(finance, agency_user(seeded, tracker.finance, "taichinh"))
    assert finance.get(url).status_code == 404
    department = app.test_client()
    factories.log_in(department, tracker.admin)
    assert department.get(url).status_code == 200


@pytest.mark.usefixtures("period")
def test_an_agency_cannot_report_on_what_it_does_not_lead(
    justice_client: FlaskClient, tracker: Tracker
) -> None:
    # Justice supports 6.1.1: it may read it, not write it; 1.1.2 is none of its business.
    assert justice_client.get(report_url(tracker, "6.1.1")).status_code == 200
    assert post_report(justice_client, report_url(tracker, "6.1.1"))[0] == 403
    assert justice_client.get(report_url(tracker, "1.1.2")).status_code == 404
    assert post_report(justice_client, report_url(tracker, "1.1.2"))[0] == 404
    history = report_url(tracker, "1.1.2").replace("bao-cao", "tieu-chi") + "/lich-su"
    assert justice_client.get(history).status_code == 404
    queue = f"/quan-ly/chi-so-cchc/{tracker.par.id}/duyet"
    assert justice_client.get(queue).status_code == 403


@pytest.mark.usefixtures("period")
def test_the_cycle_through_the_pages_ends_locked(
    app: Flask, justice_client: FlaskClient, seeded: Session, tracker: Tracker
) -> None:
    url = report_url(tracker, "2.1.1")
    assert post_report(justice_client, url, send="y")[0] == 303
    department = app.test_client()
    factories.log_in(department, tracker.admin)
    queue = parse(department.get(f"/quan-ly/chi-so-cchc/{tracker.par.id}/duyet"))
    link = queue.select_one("#review-queue tbody tr a")["href"]
    refused = department.post(link, data={"decision": "return", "comment": ""})
    assert refused.status_code == 400
    returned = department.post(link, data={"decision": "return", "comment": "Thiếu biên bản"})
    assert returned.status_code == 303
    page = parse(justice_client.get(url))
    assert page.select_one("#review-comment").get_text() == "Thiếu biên bản"
    assert justice_client.post(f"{url}/phien-ban-moi").status_code == 303
    assert post_report(justice_client, url, value_number="100", send="y")[0] == 303
    link = parse(department.get(f"/quan-ly/chi-so-cchc/{tracker.par.id}/duyet")).select_one(
        "#review-queue tbody tr a"
    )["href"]
    assert department.post(link, data={"decision": "accept", "comment": ""}).status_code == 303
    versions = seeded.scalars(select(CriterionReport).order_by(CriterionReport.version)).all()
    assert [(r.version, r.status) for r in versions] == [
        (1, ReportStatus.RETURNED),
        (2, ReportStatus.ACCEPTED),
    ]
    # Locked: the form is gone and a forged edit is refused, nothing changed.
    assert parse(justice_client.get(url)).select_one("#report-form") is None
    assert post_report(justice_client, url, value_number="1")[0] == 409
    seeded.expire_all()
    assert versions[1].value_number == 100
    history = parse(justice_client.get(url.replace("bao-cao", "tieu-chi") + "/lich-su"))
    assert [s["data-version"] for s in history.select("section.report-version")] == ["2", "1"]


@pytest.mark.usefixtures("period")
def test_a_remediation_task_is_added_and_marked_done(
    justice_client: FlaskClient, tracker: Tracker
) -> None:
    plan = report_url(tracker, "2.1.1").replace("bao-cao", "tieu-chi") + "/khac-phuc"
    form = {
        "person": "Bà Hoàng Thị Lan",
        "what": "Rà soát danh mục văn bản",
        "product": "Danh mục",
        "deadline": "2026-01-15",
        "status": "planned",
    }
    assert justice_client.post(plan, data=form).status_code == 303
    page = parse(justice_client.get(plan))
    row = page.select_one("#tasks tbody tr")
    assert "overdue" in row.get("class", [])
    task_id = row["data-task"]
    done = {f"t{task_id}-{k}": v for k, v in {**form, "status": "done"}.items()}
    assert justice_client.post(f"{plan}/{task_id}", data=done).status_code == 303
    row = parse(justice_client.get(plan)).select_one("#tasks tbody tr")
    assert "overdue" not in row.get("class", [])


@pytest.mark.usefixtures("period")
@pytest.mark.parametrize("name", ["explanation", "other"])
def test_a_file_anywhere_but_the_evidence_field_is_refused_before_anything_is_saved(
    justice_client: FlaskClient, seeded: Session, tracker: Tracker, name: str
) -> None:
    data = {"progress": "behind", "explanation": "x", name: (BytesIO(TINY_PDF), "a.pdf")}
    response = justice_client.post(
        report_url(tracker, "2.1.1"), data=data, content_type="multipart/form-data"
    )
    assert response.status_code == 400
    assert seeded.scalars(select(CriterionReport)).all() == []


@pytest.mark.usefixtures("period")
def test_a_returned_report_offers_a_new_version_not_a_form_that_would_be_refused(
    admin_client: FlaskClient, app: Flask, seeded: Session, tracker: Tracker
) -> None:
    agency = app.test_client()
    factories.log_in(agency, agency_user(seeded, tracker.justice, "tuphap"))
    url = report_url(tracker, "2.1.1")
    assert post_report(agency, url, send="y")[0] == 303
    link = parse(admin_client.get(f"/quan-ly/chi-so-cchc/{tracker.par.id}/duyet")).select_one(
        "#review-queue tbody tr a"
    )["href"]
    returned = admin_client.post(link, data={"decision": "return", "comment": "Thiếu"})
    assert returned.status_code == 303
    page = parse(agency.get(url))
    # What was sent stays as it was sent: no form that saving would refuse, a new version.
    assert page.select_one("#report-form") is None
    assert page.select_one("#correct-form") is not None
    # Beside the Department's comment, what it commented on.
    assert "87,5" in page.select_one("#report-values").get_text()  # as Vietnamese write it


@pytest.mark.usefixtures("period")
def test_the_send_box_and_the_decision_are_choices_beside_their_words(
    admin_client: FlaskClient, app: Flask, seeded: Session, tracker: Tracker
) -> None:
    agency = app.test_client()
    factories.log_in(agency, agency_user(seeded, tracker.justice, "tuphap"))
    # The report form's "send now" box sits beside its words, not as a field of its own.
    send = parse(agency.get(report_url(tracker, "2.1.1"))).select_one("#report-form #send")
    assert send.parent["class"] == ["check"]
    assert post_report(agency, report_url(tracker, "2.1.1"), send="y")[0] == 303
    link = parse(admin_client.get(f"/quan-ly/chi-so-cchc/{tracker.par.id}/duyet")).select_one(
        "#review-queue tbody tr a"
    )["href"]
    group = parse(admin_client.get(link)).select_one("#review-form fieldset.choice")
    assert group.select_one("legend").get_text() == "Quyết định"
    assert [r["value"] for r in group.select("input[type=radio]")] == ["accept", "return"]
    response = admin_client.post(link, data={"comment": "Thiếu"})
    assert response.status_code == 400
    group = parse(response).select_one("#review-form fieldset.choice")
    assert group["aria-describedby"] == "decision-error"
    assert group.select_one("#decision-error").get_text().strip()
