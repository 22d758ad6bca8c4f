"""The administrators' key pages: create (secret shown once), list without it, revoke."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from survey_app.models import ApiKey, AuditEvent, Role
from tests import factories
from tests.api.keys import bearer
from tests.html import parse

DOSSIER = {"centre": "van-quan", "dossier_ref": "HS-5"}


def admin_client(client: FlaskClient, session: Session) -> FlaskClient:
    factories.log_in(
        client, factories.user(session, username="qt", role=Role.ADMIN, centre_keys=())
    )
    return client


def create(client: FlaskClient, session: Session) -> str:
    centre = factories.centre(session)
    response = client.post(
        "/quan-ly/khoa-api/moi",
        data={"system_name": "Một cửa tỉnh", "scopes": ["mint_codes"], "centres": [centre.id]},
    )
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    return parse(response).select_one(".secret code").get_text()


def test_the_secret_is_shown_once_and_stored_only_hashed(
    client: FlaskClient, seeded: Session
) -> None:
    admin_client(client, seeded)
    plain = create(client, seeded)
    key = seeded.scalars(select(ApiKey)).one()
    assert plain.startswith(f"hl_{key.prefix}_")
    assert plain not in key.secret_hash
    listing = client.get("/quan-ly/khoa-api")
    assert plain not in listing.get_data(as_text=True)
    assert key.prefix in parse(listing).select_one("table.data tbody").get_text()
    events = seeded.scalars(select(AuditEvent).filter_by(action="api_key.create")).all()
    assert len(events) == 1
    assert plain not in str(events[0].detail)
    assert (
        client.post("/api/v1/receipt-codes", json=DOSSIER, headers=bearer(plain)).status_code == 201
    )


def test_a_revoked_key_is_refused_from_its_next_call(client: FlaskClient, seeded: Session) -> None:
    admin_client(client, seeded)
    plain = create(client, seeded)
    key = seeded.scalars(select(ApiKey)).one()
    confirm = client.get(f"/quan-ly/khoa-api/{key.id}/thu-hoi")
    assert parse(confirm).select_one("form[method=post] button")
    assert client.post(f"/quan-ly/khoa-api/{key.id}/thu-hoi").status_code == 303
    seeded.expire_all()
    assert key.revoked_at is not None
    refused = client.post("/api/v1/receipt-codes", json=DOSSIER, headers=bearer(plain))
    assert refused.status_code == 401


def test_revoking_needs_the_forms_token(app: Flask, client: FlaskClient, seeded: Session) -> None:
    admin_client(client, seeded)
    create(client, seeded)
    key = seeded.scalars(select(ApiKey)).one()
    app.config["WTF_CSRF_ENABLED"] = True
    assert client.post(f"/quan-ly/khoa-api/{key.id}/thu-hoi").status_code == 400
    seeded.expire_all()
    assert key.revoked_at is None


def test_a_key_needs_a_scope_and_a_centre(client: FlaskClient, seeded: Session) -> None:
    admin_client(client, seeded)
    response = client.post("/quan-ly/khoa-api/moi", data={"system_name": "X"})
    assert response.status_code == 400
    assert seeded.scalars(select(ApiKey)).all() == []
