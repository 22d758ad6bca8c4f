"""Minting receipt codes per dossier: same dossier, same code; scoped to the key's centres."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from survey_app.core.qr.codes import hash_receipt_code
from survey_app.models import ApiCall, ApiKey, ApiScope, ReceiptCode
from tests.api.keys import api_key, bearer

DOSSIER = {"centre": "van-quan", "dossier_ref": "000.00.31.H40-261125-0001"}


def stored_codes(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(ReceiptCode)) or 0


def test_a_dossier_gets_its_code_once_and_the_same_code_again(
    client: FlaskClient, seeded: Session
) -> None:
    key = api_key(seeded)
    first = client.post("/api/v1/receipt-codes", json=DOSSIER, headers=bearer(key))
    again = client.post("/api/v1/receipt-codes", json=DOSSIER, headers=bearer(key))
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json["code"] == again.json["code"]
    assert (first.json["created"], again.json["created"]) == (True, False)
    assert first.json["url"].endswith("/R/" + first.json["code"])
    assert stored_codes(seeded) == 1
    other = client.post(
        "/api/v1/receipt-codes", json={**DOSSIER, "dossier_ref": "X-2"}, headers=bearer(key)
    )
    assert other.json["code"] != first.json["code"]


def test_the_dossier_reference_is_stored_nowhere(client: FlaskClient, seeded: Session) -> None:
    key = api_key(seeded)
    code = client.post("/api/v1/receipt-codes", json=DOSSIER, headers=bearer(key)).json["code"]
    row = seeded.scalars(select(ReceiptCode)).one()
    assert row.code_hash == hash_receipt_code(code)
    stored = " ".join(str(v) for v in vars(row).values())
    assert DOSSIER["dossier_ref"] not in stored
    assert code not in stored


def test_a_minted_code_opens_the_rating_page(client: FlaskClient, seeded: Session) -> None:
    key = api_key(seeded)
    code = client.post("/api/v1/receipt-codes", json=DOSSIER, headers=bearer(key)).json["code"]
    assert client.get(f"/r/{code}").status_code == 200


def test_qr_symbols_of_a_minted_code(client: FlaskClient, seeded: Session) -> None:
    key = api_key(seeded)
    minted = client.post("/api/v1/receipt-codes", json=DOSSIER, headers=bearer(key)).json
    svg = client.get(minted["qr_svg_url"], headers=bearer(key))
    png = client.get(minted["qr_png_url"], headers=bearer(key))
    assert svg.mimetype == "image/svg+xml"
    assert svg.data.lstrip().startswith(b"<")
    assert png.mimetype == "image/png"
    assert png.data.startswith(b"\x89PNG")


def test_a_key_for_centre_a_can_do_nothing_for_centre_b(
    client: FlaskClient, seeded: Session
) -> None:
    mine = api_key(seeded, centre_keys=("van-quan",))
    theirs = api_key(seeded, centre_keys=("cao-loc",))
    foreign = {**DOSSIER, "centre": "cao-loc"}
    refused = client.post("/api/v1/receipt-codes", json=foreign, headers=bearer(mine))
    assert refused.status_code == 403
    assert refused.mimetype == "application/problem+json"
    code = client.post("/api/v1/receipt-codes", json=foreign, headers=bearer(theirs)).json["code"]
    assert (
        client.get(f"/api/v1/receipt-codes/{code}/qr.svg", headers=bearer(mine)).status_code == 404
    )
    figures = client.get("/api/v1/centres/cao-loc/figures", headers=bearer(mine))
    assert figures.status_code == 403
    assert stored_codes(seeded) == 1


def test_a_key_without_the_scope_is_refused(client: FlaskClient, seeded: Session) -> None:
    key = api_key(seeded, scopes=(ApiScope.READ_INDICES,))
    response = client.post("/api/v1/receipt-codes", json=DOSSIER, headers=bearer(key))
    assert response.status_code == 403
    assert response.json["type"].endswith("scope")
    assert stored_codes(seeded) == 0


def test_a_revoked_key_stops_at_once(client: FlaskClient, seeded: Session) -> None:
    key = api_key(seeded)
    assert (
        client.post("/api/v1/receipt-codes", json=DOSSIER, headers=bearer(key)).status_code == 201
    )
    row = seeded.scalars(select(ApiKey)).one()
    row.revoked_at = row.created_at
    seeded.commit()
    response = client.post("/api/v1/receipt-codes", json=DOSSIER, headers=bearer(key))
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_every_call_with_a_key_is_recorded(client: FlaskClient, seeded: Session) -> None:
    key = api_key(seeded)
    client.post("/api/v1/receipt-codes", json=DOSSIER, headers=bearer(key))
    client.post("/api/v1/receipt-codes", json={"centre": 1}, headers=bearer(key))
    calls = seeded.execute(select(ApiCall.endpoint, ApiCall.status).order_by(ApiCall.id)).all()
    assert [tuple(c) for c in calls] == [
        ("api.mint_receipt_code", 201),
        ("api.mint_receipt_code", 422),
    ]
