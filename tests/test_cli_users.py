"""Staff accounts from the command line."""

from __future__ import annotations

from flask.testing import FlaskCliRunner
from sqlalchemy import select
from sqlalchemy.orm import Session

from survey_app.core.passwords import verify_secret
from survey_app.models import Role, User


def test_create_admin_stores_an_argon2_hash(runner: FlaskCliRunner, session: Session) -> None:
    result = runner.invoke(
        args=["users", "create-admin", "--username", "sonoivu"],
        env={"HAILONG_ADMIN_PASSWORD": "một mật khẩu dài đủ"},
    )
    assert result.exit_code == 0, result.output
    user = session.scalar(select(User).filter_by(username="sonoivu"))
    assert user.role is Role.ADMIN
    assert user.password_hash.startswith("$argon2id$")
    assert verify_secret(user.password_hash, "một mật khẩu dài đủ")
    assert not verify_secret(user.password_hash, "sai mật khẩu")


def test_create_admin_refuses_a_short_password(runner: FlaskCliRunner, session: Session) -> None:
    result = runner.invoke(
        args=["users", "create-admin", "--username", "a"], env={"HAILONG_ADMIN_PASSWORD": "short"}
    )
    assert result.exit_code != 0
    assert "12 characters" in result.output
    assert session.scalar(select(User)) is None


def test_create_admin_refuses_a_taken_username(runner: FlaskCliRunner, session: Session) -> None:
    env = {"HAILONG_ADMIN_PASSWORD": "twelve chars ok"}
    runner.invoke(args=["users", "create-admin", "--username", "dup"], env=env)
    again = runner.invoke(args=["users", "create-admin", "--username", "dup"], env=env)
    assert again.exit_code != 0
    assert "exists already" in again.output
