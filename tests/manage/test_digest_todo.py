"""The managers' digest opens with each centre's to-do list: the week page's own, linked."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import select
from sqlalchemy.orm import Session

from survey_app.models import Complaint, ComplaintStatus, Role, User
from survey_app.seeding.demo import seed_demo
from tests import factories
from tests.html import parse
from tests.manage.smtp_sinks import bodies, smtp_sink

WEEK = "2026-11-16"
BASE = "https://hailong.langson.gov.vn/he-thong"


@pytest.fixture
def manager(app: Flask, seeded: Session) -> tuple[User, Complaint]:
    """A manager of Văn Quan with an e-mail address, and an overdue complaint there."""
    app.config.update(PUBLIC_BASE_URL=BASE)
    seed_demo(seeded, weeks=2, seed=4, end=date(2026, 11, 25))
    account = factories.user(seeded, username="quanly", role=Role.MANAGER)
    account.email = "quanly@langson.gov.vn"
    complaint = seeded.scalars(select(Complaint).order_by(Complaint.id)).first()
    assert complaint is not None, "the demo has complaints"
    complaint.centre_id = factories.centre(seeded).id
    complaint.status = ComplaintStatus.IN_PROGRESS
    complaint.due_at = datetime.now(UTC) - timedelta(days=3)
    seeded.commit()
    return account, complaint


@pytest.mark.parametrize("starttls", [False, True], ids=["plain", "starttls"])
def test_the_todo_list_comes_first_in_the_managers_digest(
    app: Flask,
    runner: FlaskCliRunner,
    manager: tuple[User, Complaint],
    tmp_path: Path,
    starttls: bool,
) -> None:
    _account, complaint = manager
    with smtp_sink(tmp_path, starttls=starttls) as (sink, settings):
        app.config.update(settings)
        result = runner.invoke(args=["digest", "send", "--week", WEEK, "--audience", "managers"])
        assert result.exit_code == 0, result.output
    (message,) = sink.messages
    for body in bodies(message).values():
        todo = body.index("Việc cần làm tuần này")
        assert todo < body.index("Tình hình tuần") < body.index("Lượt đánh giá")
        assert todo < body.index("phản ánh đã quá hạn") < body.index("Tình hình tuần")
        # Links the manager can open from the mail: absolute, under the public address.
        assert f"{BASE}/quan-ly/phan-anh/{complaint.id}" in body
        assert f"{BASE}/quan-ly/phan-anh/" in body
        assert complaint.tracking_code in body[: body.index("Tình hình tuần")]
    html = parse_html(bodies(message)["text/html"])
    assert all(a["href"].startswith("https://") for a in html.select(".todo a"))


def parse_html(text: str) -> BeautifulSoup:
    return BeautifulSoup(text, "html.parser")


def test_the_digest_carries_the_same_list_as_the_week_page(
    app: Flask, client: FlaskClient, manager: tuple[User, Complaint], tmp_path: Path
) -> None:
    account, _complaint = manager
    factories.log_in(client, account)
    page = parse(client.get(f"/quan-ly/trung-tam/van-quan?tuan={WEEK}"))
    on_page = [li["class"][0] for li in page.select(".todo-list li")]
    assert "todo-overdue" in on_page
    with smtp_sink(tmp_path, starttls=False) as (sink, settings):
        app.config.update(settings)
        result = app.test_cli_runner().invoke(
            args=["digest", "send", "--week", WEEK, "--audience", "managers"]
        )
        assert result.exit_code == 0, result.output
    (message,) = sink.messages
    mail = parse_html(bodies(message)["text/html"])
    in_mail = [li["class"][0] for li in mail.select(".todo li")]
    assert in_mail == on_page
    text = " ".join(bodies(message)["text/plain"].split())
    for li in page.select(".todo-list li"):
        sentence = " ".join(li.get_text(" ", strip=True).split())[:40]
        assert sentence in text
