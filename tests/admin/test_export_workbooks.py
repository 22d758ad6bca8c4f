"""Exports read as Vietnamese workbooks: sheet names with diacritics, real dd/mm/yyyy dates,
periods as people write them, and the integrity figures beside the indices."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import openpyxl
import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from analysis import integrity_shares
from survey_app.admin.exports import ExportFilter
from survey_app.reporting import fetch_answer_counts
from tests import factories
from tests.admin.test_exports import aggregates_form, answers_form, read_csv
from tests.complaints.conftest import raise_complaint

VISIT = datetime(2026, 11, 18, 3, 0, tzinfo=UTC)


@pytest.fixture
def ratings(seeded: Session) -> None:
    for i in range(40):
        factories.pulse_response(seeded, submitted_at=VISIT, level=(5, 4, 3, 2)[i % 4])


def workbook(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def test_sheet_names_keep_their_diacritics(manager_client: FlaskClient, ratings: None) -> None:
    answers = manager_client.post("/quan-ly/xuat-du-lieu/phieu", data=answers_form())
    aggregates = manager_client.post(
        "/quan-ly/xuat-du-lieu/tong-hop", data=aggregates_form(file_format="xlsx")
    )
    assert workbook(answers.data).sheetnames == ["Phiếu đánh giá", "Ghi chú"]
    assert workbook(aggregates.data).sheetnames == ["Chỉ số tổng hợp", "Ghi chú"]


def test_dates_are_date_cells_shown_day_first(manager_client: FlaskClient, ratings: None) -> None:
    book = workbook(manager_client.post("/quan-ly/xuat-du-lieu/phieu", data=answers_form()).data)
    sheet = book["Phiếu đánh giá"]
    header = [c.value for c in sheet[1]]
    day = sheet.cell(2, header.index("Ngày") + 1)
    assert day.is_date
    assert day.value == datetime(2026, 11, 18)
    assert day.number_format == "DD/MM/YYYY"
    assert sheet.cell(2, header.index("Tuần (từ thứ Hai)") + 1).value == datetime(2026, 11, 16)


def test_a_month_reads_thang_11_2026(manager_client: FlaskClient, ratings: None) -> None:
    form = aggregates_form(file_format="xlsx", period="M", start="2026-11-01", end="2026-11-30")
    sheet = workbook(manager_client.post("/quan-ly/xuat-du-lieu/tong-hop", data=form).data)[
        "Chỉ số tổng hợp"
    ]
    header = [c.value for c in sheet[1]]
    assert header[1] == "Tháng"
    assert sheet.cell(2, 2).value == "Tháng 11/2026"
    assert sheet.cell(2, 3).value == datetime(2026, 11, 1)


def test_aggregates_carry_the_integrity_shares_with_n_and_interval(
    manager_client: FlaskClient, ratings: None, seeded: Session
) -> None:
    form = aggregates_form(file_format="xlsx")
    sheet = workbook(manager_client.post("/quan-ly/xuat-du-lieu/tong-hop", data=form).data)[
        "Chỉ số tổng hợp"
    ]
    header = [c.value for c in sheet[1]]
    row = [c.value for c in sheet[2]]
    chosen = ExportFilter(
        centre_ids=(factories.centre(seeded).id,),
        start=datetime(2026, 11, 16).date(),
        end=datetime(2026, 11, 22).date(),
    )
    counts = fetch_answer_counts(seeded, chosen.answer_filter(), by=["centre"], period="W")
    late = (
        integrity_shares(counts, by=["centre", "period"], min_n=30)
        .set_index("indicator")
        .loc["late"]
    )
    assert row[header.index("Nhận kết quả trễ hẹn: n")] == int(late["n"])
    assert not late["too_few"]  # 40 answers, over the minimum of 30
    assert row[header.index("Nhận kết quả trễ hẹn (%)")] == round(float(late["share"]), 2)
    assert row[header.index("Nhận kết quả trễ hẹn: cận trên")] == round(float(late["ci_high"]), 2)
    for label in (
        "Bị gây phiền hà, sách nhiễu",
        "Bị yêu cầu nộp tiền ngoài quy định",
        "Phải bổ sung hồ sơ hơn một lần",
    ):
        assert f"{label} (%)" in header


def test_aggregates_carry_complaints_received_resolved_and_on_time(
    manager_client: FlaskClient, ratings: None, seeded: Session
) -> None:
    """Six complaints in the week: five resolved in it (four by their deadline), one open."""
    for i in range(6):
        complaint, _receipt = raise_complaint(seeded, received_at=VISIT)
        if i < 5:
            complaint.resolved_at = VISIT + timedelta(days=2)
            complaint.due_at = VISIT + timedelta(days=1 if i == 0 else 3)
    seeded.commit()
    form = aggregates_form(file_format="xlsx")
    sheet = workbook(manager_client.post("/quan-ly/xuat-du-lieu/tong-hop", data=form).data)[
        "Chỉ số tổng hợp"
    ]
    header = [c.value for c in sheet[1]]
    row = dict(zip(header, [c.value for c in sheet[2]], strict=True))
    assert row["Phản ánh nhận trong kỳ"] == 6
    assert row["Phản ánh giải quyết trong kỳ"] == 5
    assert row["Giải quyết đúng hạn"] == 4
    assert row["Tỷ lệ giải quyết đúng hạn (%)"] == 80.0
    share = "Tỷ lệ giải quyết đúng hạn"
    assert row[f"{share}: cận dưới"] < 80.0 < row[f"{share}: cận trên"]


def test_complaint_shares_under_five_are_left_to_their_counts(
    manager_client: FlaskClient, ratings: None, seeded: Session
) -> None:
    complaint, _receipt = raise_complaint(seeded, received_at=VISIT)
    complaint.resolved_at = VISIT + timedelta(days=1)
    seeded.commit()
    rows = read_csv(
        manager_client.post("/quan-ly/xuat-du-lieu/tong-hop", data=aggregates_form()).data
    )
    assert (rows[0]["Phản ánh giải quyết trong kỳ"], rows[0]["Tỷ lệ giải quyết đúng hạn (%)"]) == (
        "1",
        "",
    )
