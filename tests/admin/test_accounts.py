"""Staff accounts: only administrators manage them, and every change is audited."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from survey_app.core.passwords import verify_secret
from survey_app.models import AuditEvent, Role, User
from tests import factories
from tests.admin.conftest import OTHER_CENTRE
from tests.html import parse, text_of

NEW_PASSWORD = "một mật khẩu đủ dài"


def new_account(seeded: Session, **overrides: object) -> dict[str, object]:
    form = {
        "username": "canbo.moi",
        "full_name": "Cán Bộ Mới",
        "email": "canbo@langson.gov.vn",
        "role": "manager",
        "centres": [factories.centre(seeded).id, factories.centre(seeded, OTHER_CENTRE).id],
        "password": NEW_PASSWORD,
    }
    return form | overrides


def events(seeded: Session, action: str) -> list[AuditEvent]:
    return list(seeded.scalars(select(AuditEvent).filter_by(action=action)))


def test_the_new_account_form_preselects_the_least_powerful_role(
    admin_client: FlaskClient, seeded: Session
) -> None:
    page = parse(admin_client.get("/quan-ly/tai-khoan/moi"))
    assert page.select_one("select#role option[selected]")["value"] == Role.VIEWER.value


def test_admin_creates_a_scoped_account_that_can_sign_in(
    app: Flask, admin_client: FlaskClient, seeded: Session
) -> None:
    response = admin_client.post("/quan-ly/tai-khoan/moi", data=new_account(seeded))
    assert response.status_code == 303
    created = seeded.scalar(select(User).filter_by(username="canbo.moi"))
    assert created.role is Role.MANAGER
    assert {c.key for c in created.centres} == {"van-quan", OTHER_CENTRE}
    assert verify_secret(created.password_hash, NEW_PASSWORD)
    [event] = events(seeded, "user.create")
    assert event.detail == {
        "username": "canbo.moi",
        "role": "manager",
        "centres": sorted(["van-quan", OTHER_CENTRE]),
    }
    assert NEW_PASSWORD not in str(event.detail)
    other = app.test_client()
    factories.log_in(other, created, NEW_PASSWORD)


def test_an_administrator_account_gets_no_centre_scope(
    admin_client: FlaskClient, seeded: Session
) -> None:
    admin_client.post("/quan-ly/tai-khoan/moi", data=new_account(seeded, role="admin"))
    created = seeded.scalar(select(User).filter_by(username="canbo.moi"))
    assert created.role is Role.ADMIN
    assert created.centres == []


def test_a_manager_needs_a_centre_and_a_taken_username_is_refused(
    admin_client: FlaskClient, admin: User, seeded: Session
) -> None:
    response = admin_client.post("/quan-ly/tai-khoan/moi", data=new_account(seeded, centres=[]))
    assert response.status_code == 400
    assert parse(response).select_one(".has-error #centres") is not None
    response = admin_client.post(
        "/quan-ly/tai-khoan/moi", data=new_account(seeded, username=admin.username)
    )
    assert response.status_code == 400
    assert "đã có người dùng" in text_of(parse(response), "#username-error")


def test_a_generated_password_is_shown_once_and_never_stored_in_clear(
    admin_client: FlaskClient, seeded: Session
) -> None:
    response = admin_client.post("/quan-ly/tai-khoan/moi", data=new_account(seeded, password=""))
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    shown = text_of(parse(response), ".secret")
    created = seeded.scalar(select(User).filter_by(username="canbo.moi"))
    assert verify_secret(created.password_hash, shown)
    page = admin_client.get(f"/quan-ly/tai-khoan/{created.id}").get_data(as_text=True)
    assert shown not in page
    with admin_client.session_transaction() as cookie_session:
        assert shown not in str(dict(cookie_session))


def test_admin_changes_role_and_scope_and_the_change_is_audited(
    admin_client: FlaskClient, manager: User, seeded: Session
) -> None:
    form = {
        "full_name": manager.full_name,
        "email": "",
        "role": "viewer",
        "centres": [factories.centre(seeded, OTHER_CENTRE).id],
    }
    response = admin_client.post(f"/quan-ly/tai-khoan/{manager.id}", data=form)
    assert response.status_code == 303
    seeded.refresh(manager)
    assert manager.role is Role.VIEWER
    assert [c.key for c in manager.centres] == [OTHER_CENTRE]
    [event] = events(seeded, "user.update")
    assert event.detail["role"] == ["manager", "viewer"]
    assert event.detail["centres_added"] == [OTHER_CENTRE]
    assert event.detail["centres_removed"] == ["van-quan"]


def test_disabling_a_user_ends_their_sessions(
    app: Flask, admin_client: FlaskClient, manager: User, seeded: Session
) -> None:
    theirs = app.test_client()
    factories.log_in(theirs, manager)
    assert theirs.get("/quan-ly/").status_code == 200
    response = admin_client.post(
        f"/quan-ly/tai-khoan/{manager.id}/trang-thai", data={"active": "0"}
    )
    assert response.status_code == 303
    assert theirs.get("/quan-ly/").status_code == 302
    reply = theirs.post("/dang-nhap", data={"username": "quanly", "password": factories.PASSWORD})
    assert reply.status_code == 401
    assert len(events(seeded, "user.disable")) == 1
    admin_client.post(f"/quan-ly/tai-khoan/{manager.id}/trang-thai", data={"active": "1"})
    factories.log_in(theirs, manager)


def test_resetting_a_password_ends_sessions_and_shows_the_new_one_once(
    app: Flask, admin_client: FlaskClient, manager: User, seeded: Session
) -> None:
    theirs = app.test_client()
    factories.log_in(theirs, manager)
    response = admin_client.post(f"/quan-ly/tai-khoan/{manager.id}/mat-khau", data={})
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    temporary = text_of(parse(response), ".secret")
    assert theirs.get("/quan-ly/").status_code == 302
    factories.log_in(theirs, manager, temporary)
    [event] = events(seeded, "user.password_reset")
    assert temporary not in str(event.detail)


def test_admin_may_type_the_temporary_password_but_not_a_short_one(
    app: Flask, admin_client: FlaskClient, manager: User
) -> None:
    short = admin_client.post(
        f"/quan-ly/tai-khoan/{manager.id}/mat-khau", data={"password": "ngan"}
    )
    assert short.status_code == 400
    response = admin_client.post(
        f"/quan-ly/tai-khoan/{manager.id}/mat-khau", data={"password": NEW_PASSWORD}
    )
    assert response.status_code == 303
    factories.log_in(app.test_client(), manager, NEW_PASSWORD)


def test_an_admin_cannot_change_their_own_role_or_lock_themselves_out(
    admin_client: FlaskClient, admin: User, seeded: Session
) -> None:
    form = {"full_name": "Tôi", "email": "", "role": "viewer", "centres": []}
    response = admin_client.post(f"/quan-ly/tai-khoan/{admin.id}", data=form)
    assert response.status_code == 400
    admin_client.post(f"/quan-ly/tai-khoan/{admin.id}/trang-thai", data={"active": "0"})
    seeded.refresh(admin)
    assert admin.role is Role.ADMIN
    assert admin.active


def test_a_manager_cannot_reach_accounts_nor_raise_their_own_role(
    manager_client: FlaskClient, manager: User, seeded: Session
) -> None:
    assert manager_client.get("/quan-ly/tai-khoan").status_code == 403
    form = {"full_name": "X", "email": "", "role": "admin", "centres": []}
    assert manager_client.post(f"/quan-ly/tai-khoan/{manager.id}", data=form).status_code == 403
    assert (
        manager_client.post("/quan-ly/tai-khoan/moi", data=new_account(seeded)).status_code == 403
    )
    seeded.refresh(manager)
    assert manager.role is Role.MANAGER


def test_a_user_changes_their_own_password_behind_the_current_one(
    app: Flask, manager_client: FlaskClient, manager: User, seeded: Session
) -> None:
    elsewhere = app.test_client()
    factories.log_in(elsewhere, manager)
    wrong = {"current": "sai", "new": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    response = manager_client.post("/quan-ly/mat-khau", data=wrong)
    assert response.status_code == 400
    assert "không đúng" in text_of(parse(response), "#current-error")
    short = {"current": factories.PASSWORD, "new": "ngắn quá", "confirm": "ngắn quá"}
    assert manager_client.post("/quan-ly/mat-khau", data=short).status_code == 400
    good = {"current": factories.PASSWORD, "new": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    assert manager_client.post("/quan-ly/mat-khau", data=good).status_code == 303
    assert manager_client.get("/quan-ly/").status_code == 200
    assert elsewhere.get("/quan-ly/").status_code == 302
    seeded.refresh(manager)
    assert verify_secret(manager.password_hash, NEW_PASSWORD)
    assert len(events(seeded, "user.password_change")) == 1
