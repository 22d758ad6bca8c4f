"""Complaint fixtures: a handler, a manager, an administrator, and complaints made to order."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from flask import Flask, current_app
from sqlalchemy.orm import Session

from survey_app.complaints.crypto import Contact
from survey_app.complaints.intake import NewComplaint, Receipt, save_complaint
from survey_app.complaints.workflow import Step, WorkflowRules, perform
from survey_app.core.deadlines import DeadlineRules
from survey_app.models import Complaint, ComplaintClass, Role, User
from tests import factories

PHONE = "0912345678"
EMAIL = "lan.nguyen@example.vn"


@pytest.fixture
def handler(seeded: Session) -> User:
    return factories.user(seeded, username="xuly", role=Role.HANDLER)


@pytest.fixture
def manager(seeded: Session) -> User:
    return factories.user(seeded, username="quanly", role=Role.MANAGER)


@pytest.fixture
def admin(seeded: Session) -> User:
    return factories.user(seeded, username="quantri", role=Role.ADMIN, centre_keys=())


@pytest.fixture
def rules(app: Flask) -> WorkflowRules:
    return WorkflowRules.from_config(app.config)


def raise_complaint(
    session: Session,
    *,
    centre_key: str = "van-quan",
    phone: str | None = PHONE,
    email: str | None = None,
    received_at: datetime | None = None,
    subject: str = "Chờ quá lâu ở quầy đất đai",
) -> tuple[Complaint, Receipt]:
    """A complaint as a citizen raises it, with consent when contact data is given."""
    contact = Contact(phone=phone, email=email)
    receipt = save_complaint(
        session,
        NewComplaint(
            centre_id=factories.centre(session, centre_key).id,
            subject=subject,
            body="Tôi chờ ba tiếng mà chưa được tiếp nhận hồ sơ.",
            submission_id=uuid.uuid4().hex,
            contact=contact,
            consent=bool(contact),
        ),
        DeadlineRules.from_config(current_app.config),
        now=received_at or datetime(2026, 11, 23, 2, 0, tzinfo=UTC),
    )
    return session.get_one(Complaint, receipt.complaint_id), receipt


def walk(
    session: Session,
    complaint: Complaint,
    rules: WorkflowRules,
    handler: User,
    *,
    until: str,
    cls: ComplaintClass = ComplaintClass.REGULATION,
) -> Complaint:
    """Take a complaint along the main path up to and including step ``until``."""
    path = [
        ("classify", Step("classify", classification=cls)),
        ("assign", Step("assign", assignee_id=handler.id)),
        ("start", Step("start")),
        ("answer", Step("answer", answer="Trung tâm đã bố trí thêm một quầy đất đai.")),
        ("close", Step("close")),
    ]
    for name, step in path:
        perform(session, complaint, step, handler, rules, now=_later(complaint))
        if name == until:
            break
    return complaint


def _later(complaint: Complaint) -> datetime:
    return max(e.at for e in complaint.events).replace(microsecond=0).astimezone(UTC)
