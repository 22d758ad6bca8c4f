"""Exports: anonymised answers and aggregates, inside the user's scope, audited."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime

import openpyxl
import pandas as pd
import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from analysis import composite_indices
from survey_app.admin import views_exports
from survey_app.admin.exports import BOOTSTRAP_SEED, ExportFilter
from survey_app.models import AuditEvent, Response, Role
from survey_app.reporting import fetch_answer_counts, fetch_items
from tests import factories
from tests.admin.conftest import OTHER_CENTRE

VISIT = datetime(2026, 11, 18, 3, 0, tzinfo=UTC)
WEEK = {"start": "2026-11-16", "end": "2026-11-22"}


def answers_form(**fields: object) -> dict[str, object]:
    return {f"a-{k}": v for k, v in ({**WEEK, "file_format": "xlsx"} | fields).items()}


def aggregates_form(**fields: object) -> dict[str, object]:
    data = {**WEEK, "file_format": "csv", "period": "W"} | fields
    return {f"g-{k}": v for k, v in data.items()}


def read_xlsx(data: bytes) -> list[list[object]]:
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    return [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]


def read_csv(data: bytes) -> list[dict[str, str]]:
    assert data.startswith("\ufeff".encode())
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


@pytest.fixture
def responses(seeded: Session) -> list[int]:
    return [
        factories.pulse_response(seeded, submitted_at=VISIT, comment="Gọi tôi: 0912 345 678"),
        factories.pulse_response(seeded, submitted_at=VISIT, level=2),
        factories.pulse_response(seeded, submitted_at=VISIT, flags=("burst",)),
        factories.pulse_response(seeded, submitted_at=VISIT, centre_key=OTHER_CENTRE),
    ]


def test_answer_export_opens_in_excel_with_vietnamese_headers_and_masked_comments(
    manager_client: FlaskClient, responses: list[int], seeded: Session
) -> None:
    response = manager_client.post("/quan-ly/xuat-du-lieu/phieu", data=answers_form())
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].isascii()
    assert "hailong-phieu-2026-11-16-2026-11-22.xlsx" in response.headers["Content-Disposition"]
    header, *rows = read_xlsx(response.data)
    assert header[:8] == [
        "STT",
        "Trung tâm",
        "Xã, phường",
        "Quầy",
        "Lĩnh vực",
        "Kênh",
        "Ngày",
        "Tuần (từ thứ Hai)",
    ]
    assert "Hài lòng chung" in header
    assert "Nghi vấn" in header
    # The suspect response and the other centre's are left out; rows are numbered afresh.
    assert [row[0] for row in rows] == [1, 2]
    assert {row[1] for row in rows} == {factories.centre(seeded).name}
    comments = [row[header.index("Góp ý (đã che thông tin cá nhân)")] for row in rows]
    assert "Gọi tôi: •••• ••• •••" in comments
    assert not any("0912" in str(cell) for row in rows for cell in row)
    assert {row[header.index("Hài lòng chung")] for row in rows} == {5, 2}


def test_answer_export_as_csv_can_include_suspect_responses_with_their_reasons(
    manager_client: FlaskClient, responses: list[int]
) -> None:
    form = answers_form(file_format="csv", include_suspect="y")
    rows = read_csv(manager_client.post("/quan-ly/xuat-du-lieu/phieu", data=form).data)
    assert len(rows) == 3
    suspect = [r for r in rows if r["Nghi vấn"] == "Có"]
    assert [r["Lý do nghi vấn"] for r in suspect] == ["nhiều phiếu dồn dập"]
    assert {r["Ngày"] for r in rows} == {"18/11/2026"}
    assert {r["Tuần (từ thứ Hai)"] for r in rows} == {"16/11/2026"}


def test_exports_are_audited_with_the_filter_and_not_the_data(
    manager_client: FlaskClient, responses: list[int], seeded: Session
) -> None:
    manager_client.post("/quan-ly/xuat-du-lieu/phieu", data=answers_form())
    event = seeded.scalar(select(AuditEvent).filter_by(action="export.answers"))
    assert event.detail == {
        "format": "xlsx",
        "centres": ["van-quan"],
        "start": "2026-11-16",
        "end": "2026-11-22",
        "channel": None,
        "include_suspect": False,
        "rows": 2,
    }


def test_an_export_stays_inside_the_users_scope(
    manager_client: FlaskClient, responses: list[int], seeded: Session
) -> None:
    other = factories.centre(seeded, OTHER_CENTRE).id
    for url, form in (
        ("/quan-ly/xuat-du-lieu/phieu", answers_form(centres=other)),
        ("/quan-ly/xuat-du-lieu/tong-hop", aggregates_form(centres=other)),
    ):
        response = manager_client.post(url, data=form)
        assert response.status_code == 400
        assert response.mimetype == "text/html"
    assert seeded.scalar(select(AuditEvent)) is None


def test_an_export_too_large_for_one_file_is_refused_with_the_count(
    manager_client: FlaskClient, responses: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(views_exports, "MAX_EXPORT_RESPONSES", 1)
    response = manager_client.post("/quan-ly/xuat-du-lieu/phieu", data=answers_form())
    assert response.status_code == 400
    assert "khớp 2 phiếu" in response.get_data(as_text=True)


def test_a_viewer_may_export_aggregates_but_not_answers(
    client: FlaskClient, responses: list[int], seeded: Session
) -> None:
    factories.log_in(client, factories.user(seeded, username="xem", role=Role.VIEWER))
    assert client.post("/quan-ly/xuat-du-lieu/phieu", data=answers_form()).status_code == 403
    response = client.post("/quan-ly/xuat-du-lieu/tong-hop", data=aggregates_form())
    assert response.status_code == 200
    assert response.mimetype == "text/csv"


def test_aggregates_equal_what_analysis_computes_from_the_same_counts(
    manager_client: FlaskClient, seeded: Session
) -> None:
    for i in range(40):
        factories.pulse_response(seeded, submitted_at=VISIT, level=(5, 4, 3, 2)[i % 4])
    form = aggregates_form(file_format="xlsx")
    header, *rows = read_xlsx(manager_client.post("/quan-ly/xuat-du-lieu/tong-hop", data=form).data)
    assert header[:4] == ["Trung tâm", "Tuần", "Từ ngày", "Số phiếu"]
    [row] = rows
    assert row[1:4] == ["Tuần 47/2026 (16/11–22/11)", datetime(2026, 11, 16), 40]

    chosen = ExportFilter(
        centre_ids=(factories.centre(seeded).id,), start=date(2026, 11, 16), end=date(2026, 11, 22)
    )
    counts = fetch_answer_counts(seeded, chosen.answer_filter(), by=["centre"], period="W")
    expected = composite_indices(
        counts, fetch_items(seeded), ["centre", "period"], rng=BOOTSTRAP_SEED
    )
    service = expected.loc[expected["component"] == "service"].iloc[0]
    staff = expected.loc[expected["component"] == "staff"].iloc[0]
    assert row[header.index("Chỉ số phục vụ (DVHCC)")] == round(service["index"], 2) == 50.0
    assert row[header.index("Chỉ số phục vụ (DVHCC): cận dưới")] == round(service["ci_low"], 2)
    assert row[header.index("Công chức giải quyết: cận trên")] == round(staff["ci_high"], 2)
    assert row[header.index("Hài lòng chung")] == 50.0


def test_aggregates_below_the_minimum_sample_are_left_blank(
    manager_client: FlaskClient, responses: list[int]
) -> None:
    rows = read_csv(
        manager_client.post("/quan-ly/xuat-du-lieu/tong-hop", data=aggregates_form()).data
    )
    assert [(r["Số phiếu"], r["Hài lòng chung"]) for r in rows] == [("2", "")]
    assert pd.isna(pd.to_numeric(rows[0]["Chỉ số phục vụ (DVHCC)"] or None))


def test_suspect_responses_are_not_counted_by_default(
    manager_client: FlaskClient, responses: list[int], seeded: Session
) -> None:
    assert seeded.scalar(select(Response).filter_by(is_suspect=True)) is not None
    with_suspect = read_csv(
        manager_client.post(
            "/quan-ly/xuat-du-lieu/tong-hop", data=aggregates_form(include_suspect="y")
        ).data
    )
    assert [r["Số phiếu"] for r in with_suspect] == ["3"]
