"""Managers download QR images and posters for their own centres only."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from survey_app.models import Role, User
from tests import factories
from tests.html import parse


@pytest.fixture
def manager(client: FlaskClient, seeded: Session) -> User:
    account = factories.user(seeded)
    factories.log_in(client, account)
    return account


def test_posters_page_lists_a_code_for_the_centre_and_each_counter(
    client: FlaskClient, manager: User, seeded: Session
) -> None:
    factories.poster(seeded, counter_number=1)
    page = parse(client.get("/quan-ly/ap-phich"))
    assert [h.get_text() for h in page.select("h2")] == [
        "Trung tâm Phục vụ hành chính công xã Văn Quan"
    ]
    rows = page.select("section.posters tbody tr")
    assert len(rows) >= 2
    for link in page.select("a[href^='/quan-ly/ma-qr/']"):
        response = client.get(link["href"])
        assert response.status_code == 200
        assert response.mimetype in {"image/png", "image/svg+xml"}


def test_poster_pdf_downloads_for_an_own_centre(client: FlaskClient, manager: User) -> None:
    response = client.get("/quan-ly/ap-phich/van-quan.pdf")
    assert response.status_code == 200
    assert response.data.startswith(b"%PDF")
    assert client.get("/quan-ly/ap-phich/van-quan-nhan-dan.pdf").data.startswith(b"%PDF")


def test_another_centres_posters_and_codes_are_not_found(
    client: FlaskClient, manager: User, seeded: Session
) -> None:
    foreign = factories.poster(seeded, centre_key="tinh")
    assert client.get("/quan-ly/ap-phich/tinh.pdf").status_code == 404
    assert client.get("/quan-ly/ap-phich/tinh-nhan-dan.pdf").status_code == 404
    assert client.get(f"/quan-ly/ma-qr/{foreign.code}.png").status_code == 404


def test_viewers_and_handlers_cannot_print_posters(client: FlaskClient, seeded: Session) -> None:
    for role in (Role.VIEWER, Role.HANDLER):
        account = factories.user(seeded, username=role.value, role=role)
        factories.log_in(client, account)
        assert client.get("/quan-ly/ap-phich").status_code == 403
        client.post("/dang-xuat")
