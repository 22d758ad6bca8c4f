"""The monthly reminder: one message per agency, about its own criteria only."""

from __future__ import annotations

from datetime import date

from flask import Flask
from sqlalchemy.orm import Session

from survey_app.core.mail import SmtpSender
from survey_app.tracker.reminders import build_reminders, send_reminders
from tests.fake_smtp import FakeSmtp
from tests.tracker.conftest import Tracker, agency_user
from tests.tracker.test_standing import worked_set


def with_addresses(session: Session, tracker: Tracker) -> None:
    for agency, name in ((tracker.justice, "tuphap"), (tracker.finance, "taichinh")):
        user = agency_user(session, agency, name)
        user.email = f"{name}@langson.gov.vn"
    session.commit()


def test_one_message_per_agency_with_only_its_criteria(
    app: Flask, seeded: Session, tracker: Tracker
) -> None:
    worked_set(seeded, tracker)
    with_addresses(seeded, tracker)
    with app.test_request_context():
        reminders = build_reminders(seeded, tracker.par, date(2026, 4, 20))
        smtp = FakeSmtp()
        sender = SmtpSender(host="smtp.test", smtp_factory=smtp)  # type: ignore[arg-type]
        report = send_reminders(reminders, sender, "hailong@langson.gov.vn")
    assert sorted(report.sent) == ["Sở Tài chính", "Sở Tư pháp"]
    sent = {call[1]: call[3] for call in smtp.calls if call[0] == "send"}
    assert set(sent) == {"tuphap@langson.gov.vn", "taichinh@langson.gov.vn"}
    justice = sent["tuphap@langson.gov.vn"]
    assert "2.1.1" in justice
    assert "0.75 / 1.5" in justice
    assert "6.1.1" not in justice
    finance = sent["taichinh@langson.gov.vn"]
    assert "6.1.1" in finance
    assert "Đẩy nhanh giải ngân" in finance
    assert "2.1.1" not in finance


def test_the_dry_run_prints_each_message_and_sends_nothing(
    app: Flask, seeded: Session, tracker: Tracker
) -> None:
    worked_set(seeded, tracker)
    with_addresses(seeded, tracker)
    result = app.test_cli_runner().invoke(args=["tracker", "remind", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert result.output.count("To: ") == 2
    assert "Kính gửi Sở Tư pháp" in result.output
    assert "2 message(s) not sent (dry run)" in result.output
