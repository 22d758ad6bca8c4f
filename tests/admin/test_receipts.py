"""Receipt-code batches: the codes leave once, in a ZIP; only their hashes stay."""

from __future__ import annotations

import csv
import io
import zipfile

from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from survey_app.core.qr.codes import hash_receipt_code
from survey_app.models import AuditEvent, ReceiptCode, ServiceField
from tests.admin.conftest import OTHER_CENTRE
from tests.html import parse


def mint(client: FlaskClient, count: int = 3, field: str = "") -> zipfile.ZipFile:
    response = client.post(
        "/quan-ly/ma-bien-nhan/van-quan", data={"count": count, "service_field": field}
    )
    assert response.status_code == 200, response.status_code
    assert response.mimetype == "application/zip"
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Content-Disposition"].isascii()
    return zipfile.ZipFile(io.BytesIO(response.data))


def test_minted_codes_are_downloaded_once_and_only_their_hashes_are_stored(
    manager_client: FlaskClient, seeded: Session
) -> None:
    archive = mint(manager_client, 3)
    [csv_name] = [n for n in archive.namelist() if n.endswith(".csv")]
    [pdf_name] = [n for n in archive.namelist() if n.endswith(".pdf")]
    assert archive.read(pdf_name).startswith(b"%PDF")
    rows = list(csv.DictReader(io.StringIO(archive.read(csv_name).decode("utf-8"))))
    codes = [row["code"] for row in rows]
    stored = list(seeded.scalars(select(ReceiptCode)))
    assert len(codes) == 3
    assert {r.code_hash for r in stored} == {hash_receipt_code(c) for c in codes}
    assert all(r.centre.key == "van-quan" and r.batch == rows[0]["batch"] for r in stored)
    for row in seeded.execute(select(ReceiptCode.__table__)).mappings():
        assert not any(code in str(value) for value in row.values() for code in codes)
    event = seeded.scalar(select(AuditEvent).filter_by(action="receipts.mint"))
    assert event.detail["count"] == 3
    assert not any(code in str(event.detail) for code in codes)


def test_past_batches_are_listed_with_use_but_without_codes(
    manager_client: FlaskClient, seeded: Session
) -> None:
    field = seeded.scalars(select(ServiceField)).first()
    archive = mint(manager_client, 2, str(field.id))
    codes = [
        r["code"] for r in csv.DictReader(io.StringIO(archive.read(archive.namelist()[0]).decode()))
    ]
    used = seeded.scalars(select(ReceiptCode)).first()
    used.used_at = used.created_at
    seeded.commit()
    response = manager_client.get("/quan-ly/ma-bien-nhan/van-quan")
    page = parse(response)
    cells = [td.get_text(" ", strip=True) for td in page.select(".admin-table tbody td")]
    assert cells[2:] == [field.name_vi, "2", "1"]
    assert not any(code in response.get_data(as_text=True) for code in codes)


def test_the_ui_mints_at_most_two_thousand_codes(
    manager_client: FlaskClient, seeded: Session
) -> None:
    response = manager_client.post(
        "/quan-ly/ma-bien-nhan/van-quan", data={"count": 2001, "service_field": ""}
    )
    assert response.status_code == 400
    assert seeded.scalar(select(ReceiptCode)) is None


def test_another_centres_batches_are_not_found(
    manager_client: FlaskClient, seeded: Session
) -> None:
    assert manager_client.get(f"/quan-ly/ma-bien-nhan/{OTHER_CENTRE}").status_code == 404
    data = {"count": 1, "service_field": ""}
    assert (
        manager_client.post(f"/quan-ly/ma-bien-nhan/{OTHER_CENTRE}", data=data).status_code == 404
    )
    assert seeded.scalar(select(ReceiptCode)) is None
