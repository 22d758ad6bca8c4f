"""Dossier counts for many centres at once: a CSV or Excel file, all saved or none."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.test import TestResponse

from survey_app.core.weeks import last_full_week
from survey_app.models import AuditEvent, DossierCount
from tests.admin.conftest import OTHER_CENTRE
from tests.html import parse

URL = "/quan-ly/ho-so/tai-len"
HEADER = "Mã trung tâm,Tên trung tâm,Tuần từ ngày (thứ Hai),Số hồ sơ\n"


def post(client: FlaskClient, content: bytes, name: str = "so-ho-so.csv") -> TestResponse:
    return client.post(
        URL,
        data={"dossier_file": (io.BytesIO(content), name)},
        content_type="multipart/form-data",
    )


def send(client: FlaskClient, content: bytes, name: str = "so-ho-so.csv") -> tuple[int, str]:
    response = post(client, content, name)
    return response.status_code, response.get_data(as_text=True)


def counts(session: Session) -> dict[tuple[str, date], int]:
    rows = session.scalars(select(DossierCount))
    return {(r.centre.key, r.week_start): r.dossiers for r in rows}


def test_a_csv_for_every_centre_and_week_is_saved_and_audited(
    admin_client: FlaskClient, seeded: Session
) -> None:
    text = HEADER + (
        "van-quan,Văn Quan,16/11/2026,120\n"
        f"{OTHER_CENTRE},,16/11/2026,87\n"
        "van-quan,,2026-11-09,1.204\n"
        ",,,\n"  # an empty row is skipped
    )
    status, _page = send(admin_client, ("\ufeff" + text).encode())
    assert status == 303
    assert counts(seeded) == {
        ("van-quan", date(2026, 11, 16)): 120,
        (OTHER_CENTRE, date(2026, 11, 16)): 87,
        ("van-quan", date(2026, 11, 9)): 1204,
    }
    events = seeded.scalars(select(AuditEvent).filter_by(action="dossiers.create"))
    assert len(list(events)) == 3


def test_an_excel_file_with_semicolons_or_date_cells_is_read_too(
    admin_client: FlaskClient, seeded: Session
) -> None:
    semicolons = HEADER.replace(",", ";") + "van-quan;;16/11/2026;5\n"
    assert send(admin_client, semicolons.encode())[0] == 303
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Mã trung tâm", "Tên trung tâm", "Tuần từ ngày (thứ Hai)", "Số hồ sơ"])
    sheet.append(["van-quan", "Văn Quan", date(2026, 11, 16), 140])
    out = io.BytesIO()
    book.save(out)
    assert send(admin_client, out.getvalue(), "so-ho-so.xlsx")[0] == 303
    assert counts(seeded) == {("van-quan", date(2026, 11, 16)): 140}


def test_one_wrong_row_saves_nothing_and_every_problem_is_reported(
    manager_client: FlaskClient, seeded: Session
) -> None:
    factories_before = counts(seeded)
    text = HEADER + (
        "van-quan,,16/11/2026,120\n"  # fine
        f"{OTHER_CENTRE},,16/11/2026,87\n"  # not this manager's centre
        "van-quan,,17/11/2026,10\n"  # a Tuesday
        "van-quan,,09/11/2026,-3\n"  # negative
        "van-quan,,16/11/2026,121\n"  # the same week twice
        "van-quan,,30/12/2030,4\n"  # a week not begun
    )
    response = post(manager_client, text.encode())
    assert response.status_code == 422
    assert counts(seeded) == factories_before == {}
    problems = [
        [td.get_text(strip=True) for td in tr.select("td")]
        for tr in parse(response).select("#problems tbody tr")
    ]
    assert [p[:2] for p in problems] == [
        ["3", "Mã trung tâm"],
        ["4", "Tuần từ ngày (thứ Hai)"],
        ["5", "Số hồ sơ"],
        ["6", "Tuần từ ngày (thứ Hai)"],
        ["7", "Tuần từ ngày (thứ Hai)"],
    ]
    assert "không phải thứ Hai" in problems[1][2]
    assert "Trùng với dòng 2" in problems[3][2]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\xff\xfe\x00garbage", "không phải Excel (.xlsx) hay CSV"),
        (b"PK\x03\x04 not really a zip", "Không đọc được tệp Excel"),
        ("Trung tâm,Số\nvan-quan,3\n".encode(), "thiếu cột"),
        (HEADER.encode(), "không có dòng số liệu"),
    ],
)
def test_a_file_that_cannot_be_read_gets_a_clear_message(
    manager_client: FlaskClient, seeded: Session, content: bytes, message: str
) -> None:
    status, page = send(manager_client, content)
    assert status == 422
    assert message in page
    assert counts(seeded) == {}


def test_the_template_lists_the_users_centres_for_last_week(
    manager_client: FlaskClient, seeded: Session
) -> None:
    response = manager_client.get("/quan-ly/ho-so/mau.xlsx")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Mã trung tâm", "Tên trung tâm", "Tuần từ ngày (thứ Hai)", "Số hồ sơ")
    assert [(r[0], r[2].date(), r[3]) for r in rows[1:]] == [("van-quan", last_full_week(), None)]
    assert sheet.cell(2, 3).number_format == "DD/MM/YYYY"


def test_the_upload_is_reached_from_the_dossier_page(manager_client: FlaskClient) -> None:
    page = parse(manager_client.get("/quan-ly/ho-so/van-quan", follow_redirects=True))
    assert page.select_one(f'a[href="{URL}"]') is not None


def test_the_upload_needs_its_csrf_token(
    app: Flask, admin_client: FlaskClient, seeded: Session
) -> None:
    app.config["WTF_CSRF_ENABLED"] = True
    token = parse(admin_client.get(URL)).select_one("input[name=csrf_token]")["value"]
    content = (HEADER + "van-quan,,16/11/2026,12\n").encode()
    assert send(admin_client, content)[0] == 400
    assert counts(seeded) == {}
    accepted = admin_client.post(
        URL,
        data={"dossier_file": (io.BytesIO(content), "so-ho-so.csv"), "csrf_token": token},
        content_type="multipart/form-data",
    )
    assert accepted.status_code == 303
    assert counts(seeded) == {("van-quan", date(2026, 11, 16)): 12}
