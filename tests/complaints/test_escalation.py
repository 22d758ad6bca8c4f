"""Escalation of overdue complaints to the centre's leader: once per deadline, by e-mail."""

from __future__ import annotations

import smtplib
import threading
from datetime import UTC, datetime
from email.message import EmailMessage

from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import select
from sqlalchemy.orm import Session

from survey_app.complaints.escalation import (
    EscalationReport,
    due_escalations,
    escalate,
    escalate_due,
)
from survey_app.complaints.history import credit
from survey_app.complaints.workflow import Step, WorkflowRules, perform
from survey_app.core.mail import SmtpSender
from survey_app.extensions import db
from survey_app.models import ComplaintClass, ComplaintEvent, Role, User
from tests import factories
from tests.complaints.conftest import PHONE, raise_complaint
from tests.fake_smtp import FakeSmtp

NOW = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)  # a Tuesday
SUBJECT = "Cán bộ Nguyễn Văn A đòi tiền"


def leaders(session: Session) -> tuple[User, User]:
    here = factories.user(session, username="lanhdao")
    there = factories.user(session, username="lanhdaotinh", centre_keys=("tinh",))
    here.email, there.email = "lanhdao@example.vn", "tinh@example.vn"
    session.commit()
    return here, there


def run(
    session: Session, rules: WorkflowRules, now: datetime = NOW
) -> tuple[EscalationReport, FakeSmtp]:
    smtp = FakeSmtp()
    sender = SmtpSender(host="smtp.test", smtp_factory=smtp)  # type: ignore[arg-type]
    report = escalate(
        session,
        rules.deadlines,
        now,
        base_url="https://hailong.test",
        send=sender.send,
        from_address="hailong@example.vn",
    )
    return report, smtp


def sent(smtp: FakeSmtp) -> list[tuple[str, str, str]]:
    return [(c[1], c[2], c[3]) for c in smtp.calls if c[0] == "send"]


def escalations(session: Session) -> list[ComplaintEvent]:
    session.expire_all()
    return list(
        session.scalars(select(ComplaintEvent).where(ComplaintEvent.deadline_at.is_not(None)))
    )


def test_an_overdue_complaint_is_escalated_once_to_its_centres_leader(
    seeded: Session, rules: WorkflowRules
) -> None:
    leaders(seeded)
    late, _ = raise_complaint(
        seeded, received_at=datetime(2026, 11, 2, 2, tzinfo=UTC), subject=SUBJECT
    )
    raise_complaint(seeded, received_at=datetime(2026, 11, 30, 2, tzinfo=UTC))  # not yet due
    report, smtp = run(seeded, rules)
    assert report.escalated == 1
    (message,) = sent(smtp)
    to, subject, text = message
    assert to == "lanhdao@example.vn"
    assert "1 phản ánh quá hạn" in subject
    assert late.tracking_code in text
    assert f"https://hailong.test/quan-ly/phan-anh/{late.id}" in text
    assert PHONE not in text
    assert SUBJECT not in text
    assert "Nguyễn Văn A" not in text
    (event,) = escalations(seeded)
    assert event.complaint_id == late.id
    assert event.deadline_at == late.due_at
    assert event.actor_id is None
    assert credit(event, {}) == "Hệ thống"
    # The daily re-run finds nothing new and sends nothing.
    again, smtp = run(seeded, rules, NOW.replace(day=2))
    assert again.escalated == 0
    assert sent(smtp) == []
    assert len(escalations(seeded)) == 1


def test_a_new_deadline_missed_is_a_new_stage(
    seeded: Session, rules: WorkflowRules, handler: User
) -> None:
    leaders(seeded)
    late, _ = raise_complaint(seeded, received_at=datetime(2026, 10, 1, 2, tzinfo=UTC))
    run(seeded, rules)
    perform(
        seeded,
        late,
        Step("classify", classification=ComplaintClass.REGULATION),
        handler,
        rules,
        now=NOW,
    )
    report, smtp = run(seeded, rules, NOW.replace(day=2))
    assert report.escalated == 1
    assert len(sent(smtp)) == 1
    assert sorted(e.deadline_at for e in escalations(seeded)) == sorted(
        {e.deadline_at for e in escalations(seeded)}
    )
    assert len(escalations(seeded)) == 2


def test_dry_run_prints_whole_messages_and_records_nothing(
    app: Flask, seeded: Session, runner: FlaskCliRunner
) -> None:
    leaders(seeded)
    late, _ = raise_complaint(seeded, received_at=datetime(2026, 10, 1, 2, tzinfo=UTC))
    result = runner.invoke(args=["complaints", "escalate", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "To: lanhdao@example.vn" in result.output
    assert late.tracking_code in result.output
    assert "Kính gửi" in result.output
    assert "(dry run)" in result.output
    assert escalations(seeded) == []


def test_without_a_mail_server_the_run_fails_and_records_nothing(
    app: Flask, seeded: Session, runner: FlaskCliRunner
) -> None:
    raise_complaint(seeded, received_at=datetime(2026, 10, 1, 2, tzinfo=UTC))
    app.config.update(MAIL_SERVER=None)
    result = runner.invoke(args=["complaints", "escalate"])
    assert result.exit_code != 0
    assert escalations(seeded) == []


def test_a_centre_without_a_leaders_address_is_named(seeded: Session, rules: WorkflowRules) -> None:
    factories.user(seeded, username="lanhdao", role=Role.MANAGER)  # no e-mail
    raise_complaint(seeded, received_at=datetime(2026, 10, 1, 2, tzinfo=UTC))
    report, smtp = run(seeded, rules)
    assert sent(smtp) == []
    assert (
        report.unheard == ["Trung tâm Phục vụ hành chính công xã Văn Quan"]
        or len(report.unheard) == 1
    )


def test_a_refused_message_leaves_the_complaint_due_for_the_next_run(
    seeded: Session, rules: WorkflowRules
) -> None:
    """The relay refuses today: nothing is recorded, so tomorrow's run tells the leader."""
    leaders(seeded)
    raise_complaint(seeded, received_at=datetime(2026, 10, 1, 2, tzinfo=UTC))

    def refuse(message: EmailMessage) -> None:
        raise smtplib.SMTPRecipientsRefused({str(message["To"]): (550, b"mailbox unavailable")})

    report = escalate(
        seeded,
        rules.deadlines,
        NOW,
        base_url="https://hailong.test",
        send=refuse,
        from_address="hailong@example.vn",
    )
    assert report.failed
    assert report.escalated == 0
    assert escalations(seeded) == []
    again, smtp = run(seeded, rules)
    assert again.escalated == 1
    assert len(sent(smtp)) == 1


def test_a_centre_nobody_hears_of_stays_due(seeded: Session, rules: WorkflowRules) -> None:
    factories.user(seeded, username="lanhdao", role=Role.MANAGER)  # no e-mail
    raise_complaint(seeded, received_at=datetime(2026, 10, 1, 2, tzinfo=UTC))
    report, _smtp = run(seeded, rules)
    assert len(report.unheard) == 1
    assert escalations(seeded) == []


def test_two_overlapping_runs_record_and_send_each_escalation_once(
    seeded: Session, rules: WorkflowRules
) -> None:
    """Run A reads what is due; run B does all its work; A's claim then finds it taken."""
    leaders(seeded)
    raise_complaint(seeded, received_at=datetime(2026, 10, 1, 2, tzinfo=UTC))
    smtp = FakeSmtp()
    sender = SmtpSender(host="smtp.test", smtp_factory=smtp)  # type: ignore[arg-type]
    with Session(db.engine) as first, Session(db.engine) as second:
        stale = due_escalations(first, rules.deadlines, NOW)
        other, other_smtp = run(second, rules)
        mine = escalate_due(
            first,
            stale,
            NOW,
            base_url="https://hailong.test",
            send=sender.send,
            from_address="hailong@example.vn",
        )
    assert len(stale) == 1
    assert other.escalated == 1
    assert len(sent(other_smtp)) == 1
    assert mine.escalated == 0
    assert sent(smtp) == []
    assert len(escalations(seeded)) == 1


def test_a_run_starting_while_another_sends_finds_the_escalation_claimed(
    seeded: Session, rules: WorkflowRules
) -> None:
    """The claim is committed before the e-mail goes: a run overlapping the send skips it."""
    leaders(seeded)
    raise_complaint(seeded, received_at=datetime(2026, 10, 1, 2, tzinfo=UTC))
    smtp = FakeSmtp()
    sender = SmtpSender(host="smtp.test", smtp_factory=smtp)  # type: ignore[arg-type]
    overlapping: list[tuple[EscalationReport, FakeSmtp]] = []
    with Session(db.engine) as first, Session(db.engine) as second:

        def send_slowly(message: EmailMessage) -> None:
            overlapping.append(run(second, rules))
            sender.send(message)

        mine = escalate(
            first,
            rules.deadlines,
            NOW,
            base_url="https://hailong.test",
            send=send_slowly,
            from_address="hailong@example.vn",
        )
    ((other, other_smtp),) = overlapping
    assert mine.escalated == 1
    assert len(sent(smtp)) == 1
    assert other.escalated == 0
    assert sent(other_smtp) == []
    assert len(escalations(seeded)) == 1


def test_two_runs_at_the_same_moment_in_threads_tell_the_leader_once(
    seeded: Session, rules: WorkflowRules
) -> None:
    """Both runs read what is due, then both claim at once: the database lets one win."""
    leaders(seeded)
    for day in (1, 2, 3):
        raise_complaint(seeded, received_at=datetime(2026, 10, day, 2, tzinfo=UTC))
    engine, ready = db.engine, threading.Barrier(2, timeout=30)
    reports: list[EscalationReport] = []
    smtp = FakeSmtp()
    sender = SmtpSender(host="smtp.test", smtp_factory=smtp)  # type: ignore[arg-type]

    def one_run() -> None:
        with Session(engine) as session:
            due = due_escalations(session, rules.deadlines, NOW)
            ready.wait()
            reports.append(
                escalate_due(
                    session,
                    due,
                    NOW,
                    base_url="https://hailong.test",
                    send=sender.send,
                    from_address="hailong@example.vn",
                )
            )

    runs = [threading.Thread(target=one_run) for _ in range(2)]
    for run_ in runs:
        run_.start()
    for run_ in runs:
        run_.join(60)
    assert len(reports) == 2
    assert sum(r.escalated for r in reports) == 3
    assert sum(len(sent_) for sent_ in (r.sent for r in reports)) >= 1
    codes = [
        line for _to, _subject, text in sent(smtp) for line in text.splitlines() if "PA-" in line
    ]
    assert len(codes) == 3  # each complaint in one e-mail only
    assert len(escalations(seeded)) == 3
