"""The Monday digest for the Department and for handlers, sent to a real SMTP server.

Each audience is sent in the clear and through STARTTLS (with the relay's certificate
checked), and a dry run prints every message whole.
"""

from __future__ import annotations

import email.header
import itertools
import re
from datetime import UTC, date, datetime, timedelta
from email.message import Message
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import select
from sqlalchemy.orm import Session

from survey_app.models import Complaint, ComplaintStatus, Role
from survey_app.seeding.demo import seed_demo
from tests import factories
from tests.manage.smtp_sinks import bodies, smtp_sink

WEEK = "2026-11-16"


def subject(message: Message) -> str:
    return str(email.header.make_header(email.header.decode_header(message["Subject"])))


@pytest.fixture
def province(seeded: Session) -> dict[str, int]:
    """Two weeks of demo data, a Department reader, a handler with an overdue complaint."""
    seed_demo(seeded, weeks=2, seed=4, end=date(2026, 11, 25))
    department = factories.user(seeded, username="sonoivu", role=Role.DEPARTMENT, centre_keys=())
    department.email = "sonoivu@langson.gov.vn"
    handler = factories.user(seeded, username="xuly", role=Role.HANDLER)
    handler.email = "xuly@langson.gov.vn"
    manager = factories.user(seeded, username="quanly", role=Role.MANAGER)
    manager.email = "quanly@langson.gov.vn"
    complaint = seeded.scalars(select(Complaint).order_by(Complaint.id)).first()
    assert complaint is not None, "the demo has complaints"
    complaint.centre_id = factories.centre(seeded).id  # the handler's centre
    complaint.status = ComplaintStatus.IN_PROGRESS
    complaint.assigned_to_id = handler.id
    complaint.due_at = datetime.now(UTC) - timedelta(days=3)
    seeded.commit()
    return {"complaint": complaint.id}


@pytest.mark.parametrize("starttls", [False, True], ids=["plain", "starttls"])
def test_each_audience_gets_its_own_digest_through_a_real_relay(
    app: Flask,
    runner: FlaskCliRunner,
    province: dict[str, int],
    tmp_path: Path,
    starttls: bool,
) -> None:
    with smtp_sink(tmp_path, starttls=starttls) as (sink, settings):
        app.config.update(settings)
        for audience in ("managers", "department", "handlers"):
            result = runner.invoke(args=["digest", "send", "--week", WEEK, "--audience", audience])
            assert result.exit_code == 0, result.output
            assert "1 sent, 0 failed" in result.output
    manager, department, handler = sink.messages
    assert manager["To"] == "quanly@langson.gov.vn"
    for body in bodies(manager).values():
        assert "Trung tâm Phục vụ hành chính công xã Văn Quan" in body
    assert department["To"] == "sonoivu@langson.gov.vn"
    assert "toàn tỉnh: tuần 16/11–22/11/2026" in subject(department)
    for body in bodies(department).values():
        assert "Chỉ số phục vụ hành chính công" in body
        assert "Trung tâm có nguy cơ" in body
        assert "Phản ánh quá hạn chưa trả lời" in body
        assert "/quan-ly/tinh?ky=2026-11-16" in body
    assert handler["To"] == "xuly@langson.gov.vn"
    assert "phản ánh cần xử lý" in subject(handler)
    for body in bodies(handler).values():
        assert f"/quan-ly/phan-anh/{province['complaint']}" in body
        assert "quá hạn 3 ngày" in body or "quá hạn 2 ngày" in body


def test_starttls_refuses_a_relay_whose_certificate_is_not_trusted(
    app: Flask, runner: FlaskCliRunner, province: dict[str, int], tmp_path: Path
) -> None:
    with smtp_sink(tmp_path, starttls=True) as (sink, settings):
        app.config.update({**settings, "MAIL_TLS_CA_FILE": None})
        result = runner.invoke(args=["digest", "send", "--week", WEEK, "--audience", "handlers"])
    assert result.exit_code == 1
    assert "0 sent, 1 failed" in result.output
    assert "CERTIFICATE_VERIFY_FAILED" in result.output
    assert sink.messages == []


def test_a_dry_run_prints_every_message_whole_and_sends_nothing(
    app: Flask, runner: FlaskCliRunner, province: dict[str, int], tmp_path: Path
) -> None:
    with smtp_sink(tmp_path, starttls=False) as (sink, settings):
        app.config.update(settings)
        result = runner.invoke(args=["digest", "send", "--week", WEEK, "--dry-run"])
    assert result.exit_code == 0, result.output
    assert sink.messages == []
    assert "would send to sonoivu@langson.gov.vn" in result.output
    assert "would send to xuly@langson.gov.vn" in result.output
    assert "would send to quanly@langson.gov.vn" in result.output
    assert "Kính gửi Sonoivu," in result.output  # the body, not only the subject
    assert "Phản ánh, kiến nghị đang chờ bạn" in result.output
    assert "none sent (dry run)" in result.output


def test_the_province_digest_goes_to_the_department_and_to_the_administrators_too(
    app: Flask, runner: FlaskCliRunner, province: dict[str, int], seeded: Session
) -> None:
    administrator = factories.user(seeded, username="quantri", role=Role.ADMIN, centre_keys=())
    administrator.email = "quantri@langson.gov.vn"
    seeded.commit()
    result = runner.invoke(
        args=["digest", "send", "--week", WEEK, "--dry-run", "--audience", "department"]
    )
    assert result.exit_code == 0, result.output
    assert "would send to sonoivu@langson.gov.vn" in result.output
    assert "would send to quantri@langson.gov.vn" in result.output


def test_the_department_reads_integrity_warnings_whole_and_notices_a_line_a_centre(
    app: Flask, runner: FlaskCliRunner, province: dict[str, int]
) -> None:
    """Any single report of harassment or an extra payment is a notice: across 66 centres
    that is many, so the Department's e-mail gives each noticed centre one line of counts
    and leaves the full sentences to the warnings, where a share is credibly too high."""
    result = runner.invoke(
        args=["digest", "send", "--week", WEEK, "--dry-run", "--audience", "department"]
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    heading = next(i for i, line in enumerate(lines) if line.startswith("Liêm chính, thông báo"))
    centres = int(lines[heading].rsplit(":", 1)[1].split()[0])
    listed = list(itertools.takewhile(lambda line: line.startswith("- "), lines[heading + 1 :]))
    assert centres > 0
    assert len(listed) == centres
    for line in listed:
        assert not line.startswith("- Trung tâm Phục vụ")  # the short name: "xã Na Dương"
        assert re.search(r"\): \d+/\d+ người: ", line), line
    assert "Thông báo cho lãnh đạo" not in "\n".join(listed)  # the long sentence is not repeated
