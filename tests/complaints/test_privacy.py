"""Contact data at rest, the key, and the retention job."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import select
from sqlalchemy.orm import Session

from survey_app import create_app
from survey_app.complaints.crypto import (
    Contact,
    ContactUnreadableError,
    decrypt_contact,
    encrypt_contact,
    mask_email,
    mask_phone,
)
from survey_app.complaints.privacy import anonymise_finished
from survey_app.complaints.workflow import Step, WorkflowRules, perform
from survey_app.config import (
    CONTACT_KEY_FILE_NAME,
    ConfigError,
    DevelopmentConfig,
    new_contact_key,
)
from survey_app.models import AuditEvent, Complaint, ComplaintClass, ComplaintStatus, User
from tests.complaints.conftest import PHONE, raise_complaint, walk


def test_contact_round_trips_and_another_key_cannot_read_it() -> None:
    key, other = new_contact_key(), new_contact_key()
    token = encrypt_contact(Contact(phone=PHONE, email="a@b.vn"), key)
    assert PHONE.encode() not in token
    assert decrypt_contact(token, key) == Contact(phone=PHONE, email="a@b.vn")
    with pytest.raises(ContactUnreadableError):
        decrypt_contact(token, other)
    assert encrypt_contact(Contact(), key) is None


def test_keys_can_be_rotated_new_key_first() -> None:
    old, new = new_contact_key(), new_contact_key()
    token = encrypt_contact(Contact(phone=PHONE), old)
    assert decrypt_contact(token, f"{new},{old}").phone == PHONE


def test_masking_keeps_only_what_tells_that_it_is_there() -> None:
    assert mask_phone("0912 345 678") == "•••••••678"
    assert mask_email("lan.nguyen@gmail.com") == "l•••@gmail.com"


def test_production_refuses_to_start_without_the_contact_key(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SECRET_KEY", "a-long-random-production-secret-of-48-characters")
    monkeypatch.delenv("HAILONG_CONTACT_KEY", raising=False)
    with pytest.raises(ConfigError, match="HAILONG_CONTACT_KEY"):
        create_app("production")
    monkeypatch.setenv("HAILONG_CONTACT_KEY", "not-a-key")
    with pytest.raises(ConfigError, match="Fernet"):
        create_app("production")


def test_production_takes_the_contact_key_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    key = new_contact_key()
    monkeypatch.setenv("SECRET_KEY", "a-long-random-production-secret-of-48-characters")
    monkeypatch.setenv("HAILONG_CONTACT_KEY", key)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'prod.sqlite3'}")
    assert create_app("production").config["HAILONG_CONTACT_KEY"] == key


def test_development_keeps_one_contact_key_in_the_instance_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("HAILONG_CONTACT_KEY", raising=False)
    first = DevelopmentConfig().load(tmp_path)["HAILONG_CONTACT_KEY"]
    assert DevelopmentConfig().load(tmp_path)["HAILONG_CONTACT_KEY"] == first
    assert (tmp_path / CONTACT_KEY_FILE_NAME).stat().st_mode & 0o077 == 0
    assert decrypt_contact(encrypt_contact(Contact(phone=PHONE), first), first).phone == PHONE


def test_testing_generates_a_key_per_app(app: Flask) -> None:
    assert app.config["HAILONG_CONTACT_KEY"]
    assert app.config["MAIL_SERVER"] is None
    assert app.config["SMS_GATEWAY_URL"] is None


def test_the_retention_job_anonymises_only_complaints_that_ended_long_ago(
    seeded: Session, handler: User, rules: WorkflowRules
) -> None:
    old, _ = raise_complaint(seeded, subject="Cán bộ Nguyễn Văn A gọi 0912 345 678")
    walk(seeded, old, rules, handler, until="close")
    rejected, _ = raise_complaint(seeded)
    perform(
        seeded,
        rejected,
        Step("classify", classification=ComplaintClass.NOT_ACCEPTED),
        handler,
        rules,
    )
    perform(
        seeded,
        rejected,
        Step("reject", reason="Gọi 0987 654 321"),
        handler,
        rules,
        now=old.closed_at,
    )
    still_open, _ = raise_complaint(seeded)
    answered, _ = raise_complaint(seeded)
    walk(seeded, answered, rules, handler, until="answer")

    ended_at = old.closed_at
    report = anonymise_finished(seeded, 30, now=ended_at + timedelta(days=31))
    assert report.complaints == 2
    seeded.expire_all()
    for complaint in (old, rejected):
        assert complaint.anonymised_at is not None
        assert complaint.contact_ciphertext is None
        assert complaint.subject == ""
        assert complaint.body == ""
        assert complaint.status in (ComplaintStatus.CLOSED, ComplaintStatus.REJECTED)
    assert "0987" not in rejected.reject_reason
    for complaint in (still_open, answered):
        assert complaint.anonymised_at is None
        assert complaint.contact_ciphertext is not None
    assert (
        len(seeded.scalars(select(AuditEvent).filter_by(action="complaint.anonymised")).all()) == 2
    )
    again = anonymise_finished(seeded, 30, now=ended_at + timedelta(days=31))
    assert again.complaints == 0


def test_the_retention_job_waits_for_the_retention_period(
    seeded: Session, handler: User, rules: WorkflowRules
) -> None:
    complaint, _ = raise_complaint(seeded)
    walk(seeded, complaint, rules, handler, until="close")
    assert (
        anonymise_finished(seeded, 30, now=complaint.closed_at + timedelta(days=29)).complaints == 0
    )


def test_the_anonymise_command_uses_the_configured_retention(
    app: Flask, runner: FlaskCliRunner, seeded: Session, handler: User, rules: WorkflowRules
) -> None:
    complaint, _ = raise_complaint(seeded, received_at=datetime(2020, 1, 6, 2, tzinfo=UTC))
    walk(seeded, complaint, rules, handler, until="close")
    app.config["COMPLAINT_RETENTION_DAYS"] = 365
    result = runner.invoke(args=["complaints", "anonymise"])
    assert result.exit_code == 0, result.output
    assert "complaints anonymised: 1" in result.output
    seeded.expire_all()
    assert seeded.get_one(Complaint, complaint.id).anonymised_at is not None
    with pytest.raises(ValueError, match="negative"):
        anonymise_finished(seeded, -1)
