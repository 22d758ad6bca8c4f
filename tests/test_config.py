"""The factory and the configuration classes."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask

from survey_app import create_app
from survey_app.config import (
    ConfigError,
    DevelopmentConfig,
    ProductionConfig,
    new_contact_key,
    normalise_database_url,
    read_or_create_secret,
)


def test_production_refuses_to_start_without_secret_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        create_app("production")


@pytest.mark.parametrize("short", ["a", "changeme", "x" * 31, " " * 40])
def test_production_refuses_a_secret_key_too_short_to_be_secret(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, short: str
) -> None:
    monkeypatch.setenv("SECRET_KEY", short)
    monkeypatch.setenv("HAILONG_CONTACT_KEY", new_contact_key())
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'prod.sqlite3'}")
    with pytest.raises(ConfigError) as refused:
        create_app("production")
    message = str(refused.value)
    assert "SECRET_KEY" in message
    assert "at least 32" in message
    assert "secrets.token_urlsafe(48)" in message


def test_production_takes_its_secret_and_database_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("SECRET_KEY", "a-long-random-production-secret-of-48-characters")
    monkeypatch.setenv("HAILONG_CONTACT_KEY", new_contact_key())
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'prod.sqlite3'}")
    app = create_app("production")
    assert app.config["SECRET_KEY"] == "a-long-random-production-secret-of-48-characters"
    assert app.config["SQLALCHEMY_DATABASE_URI"].endswith("prod.sqlite3")
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert not app.testing


def test_development_keeps_one_secret_in_the_instance_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = DevelopmentConfig().load(tmp_path)["SECRET_KEY"]
    second = DevelopmentConfig().load(tmp_path)["SECRET_KEY"]
    assert first == second
    assert len(first) >= 40
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_secret_file_is_created_once(tmp_path: Path) -> None:
    assert read_or_create_secret(tmp_path) == read_or_create_secret(tmp_path)


def test_default_database_is_sqlite_in_the_instance_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.setenv("HAILONG_CONTACT_KEY", new_contact_key())
    url = ProductionConfig().load(tmp_path)["SQLALCHEMY_DATABASE_URI"]
    assert url == f"sqlite:///{tmp_path / 'hailong.sqlite3'}"


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgres://u:p@h/db", "postgresql+psycopg://u:p@h/db"),
        ("postgresql://u@h:5433/db", "postgresql+psycopg://u@h:5433/db"),
        ("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
        ("sqlite:///x.db", "sqlite:///x.db"),
    ],
)
def test_postgres_urls_use_psycopg3(given: str, expected: str) -> None:
    assert normalise_database_url(given) == expected


def test_unknown_configuration_is_refused() -> None:
    with pytest.raises(ConfigError, match="unknown configuration"):
        create_app("staging")


def test_testing_config_turns_csrf_off_and_marks_testing(app: Flask) -> None:
    assert app.testing
    assert app.config["WTF_CSRF_ENABLED"] is False


@pytest.mark.parametrize(
    ("value", "expected"), [(None, True), ("0", False), ("false", False), ("Yes", True)]
)
def test_mail_use_tls_is_read_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, value: str | None, expected: bool
) -> None:
    if value is None:
        monkeypatch.delenv("MAIL_USE_TLS", raising=False)
    else:
        monkeypatch.setenv("MAIL_USE_TLS", value)
    assert DevelopmentConfig().load(tmp_path)["MAIL_USE_TLS"] is expected


def test_a_mail_use_tls_word_that_is_no_answer_is_refused(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("MAIL_USE_TLS", "flase")
    with pytest.raises(ConfigError, match="MAIL_USE_TLS must be one of"):
        DevelopmentConfig().load(tmp_path)
