"""The Monday digest goes to each manager by e-mail (a local SMTP sink stands in)."""

from __future__ import annotations

import email
import socket
from collections.abc import Iterator
from datetime import date
from email.message import Message

import pytest
from aiosmtpd.controller import Controller
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy.orm import Session

from survey_app.models import Role
from survey_app.seeding.demo import seed_demo
from tests import factories


class Sink:
    """Keeps every message it receives."""

    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:  # noqa: N802
        self.messages.append(email.message_from_bytes(envelope.content))
        return "250 OK"


@pytest.fixture
def smtp_sink(app: Flask) -> Iterator[Sink]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_USE_TLS=False)
    try:
        yield sink
    finally:
        controller.stop()


def test_each_manager_gets_last_week_in_text_and_html(
    runner: FlaskCliRunner, seeded: Session, smtp_sink: Sink
) -> None:
    seed_demo(seeded, weeks=2, seed=4, end=date(2026, 11, 25))
    manager = factories.user(seeded, centre_keys=("tinh", "van-quan"))
    manager.email = "quanly@langson.gov.vn"
    factories.user(seeded, username="khongthu", centre_keys=("tinh",))  # no e-mail address
    viewer = factories.user(seeded, username="xem", role=Role.VIEWER, centre_keys=("tinh",))
    viewer.email = "xem@langson.gov.vn"
    seeded.commit()

    result = runner.invoke(args=["digest", "send", "--week", "2026-11-16"])
    assert result.exit_code == 0, result.output
    assert "1 sent, 0 failed" in result.output
    (message,) = smtp_sink.messages
    assert message["To"] == "quanly@langson.gov.vn"
    assert "tuần 16/11–22/11/2026" in str(
        email.header.make_header(email.header.decode_header(message["Subject"]))
    )
    parts = {
        part.get_content_type(): part.get_payload(decode=True).decode()
        for part in message.walk()
        if not part.is_multipart()
    }
    assert set(parts) == {"text/plain", "text/html"}
    for body in parts.values():
        assert "Trung tâm Phục vụ hành chính công tỉnh Lạng Sơn" in body
        assert "Trung tâm Phục vụ hành chính công xã Văn Quan" in body
        assert "Hài lòng chung" in body
        assert "/quan-ly/trung-tam/van-quan?tuan=2026-11-16" in body


def test_dry_run_sends_nothing(runner: FlaskCliRunner, seeded: Session, smtp_sink: Sink) -> None:
    manager = factories.user(seeded)
    manager.email = "a@langson.gov.vn"
    seeded.commit()
    result = runner.invoke(args=["digest", "send", "--dry-run"])
    assert "would send to a@langson.gov.vn" in result.output
    assert smtp_sink.messages == []


def test_an_unreachable_mail_server_is_reported_not_hidden(
    app: Flask, runner: FlaskCliRunner, seeded: Session
) -> None:
    manager = factories.user(seeded)
    manager.email = "a@langson.gov.vn"
    seeded.commit()
    app.config.update(MAIL_SERVER=None)
    result = runner.invoke(args=["digest", "send"])
    assert result.exit_code == 1
    assert "0 sent, 1 failed" in result.output
