"""On-time rates per centre and the weekly overdue list, for the managers' pages."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from flask.testing import FlaskCliRunner
from sqlalchemy.orm import Session

from survey_app.complaints.queries import fetch_overdue_by_centre
from survey_app.complaints.workflow import Step, WorkflowRules, perform
from survey_app.models import ComplaintClass, Role, User
from survey_app.reporting.complaints import on_time_rates
from tests import factories
from tests.complaints.conftest import raise_complaint

START = datetime(2026, 11, 1, tzinfo=UTC)
END = datetime(2026, 12, 1, tzinfo=UTC)


def answer_at(
    session: Session,
    rules: WorkflowRules,
    handler: User,
    received: datetime,
    answered: datetime,
    *,
    key: str = "van-quan",
) -> None:
    complaint, _ = raise_complaint(session, centre_key=key, received_at=received)
    for step in (
        Step("classify", classification=ComplaintClass.REGULATION),
        Step("assign", assignee_id=handler.id),
        Step("start"),
        Step("answer", answer="Đã xử lý."),
    ):
        perform(session, complaint, step, handler, rules, now=answered)


def test_on_time_rates_per_centre_count_answers_by_their_deadline(
    seeded: Session, handler: User, rules: WorkflowRules
) -> None:
    province = factories.user(seeded, username="tinh", role=Role.HANDLER, centre_keys=("tinh",))
    monday = datetime(2026, 11, 2, 2, tzinfo=UTC)  # due 16/11 (10 working days)
    answer_at(seeded, rules, handler, monday, monday + timedelta(days=3))  # on time
    answer_at(
        seeded, rules, handler, monday, datetime(2026, 11, 16, 16, tzinfo=UTC)
    )  # 23:00 local: on time
    answer_at(seeded, rules, handler, monday, datetime(2026, 11, 17, 2, tzinfo=UTC))  # late
    answer_at(seeded, rules, province, monday, monday + timedelta(days=1), key="tinh")
    raise_complaint(seeded, received_at=datetime(2026, 10, 1, 2, tzinfo=UTC))  # open, overdue
    raise_complaint(seeded, received_at=datetime(2026, 11, 20, 2, tzinfo=UTC))  # open

    rates = on_time_rates(seeded, START, END, now=datetime(2026, 11, 25, 2, tzinfo=UTC))
    van_quan = next(r for r in rates if r.centre_name.endswith("Văn Quan"))
    assert (van_quan.resolved, van_quan.on_time, van_quan.open_now, van_quan.overdue_now) == (
        3,
        2,
        2,
        1,
    )
    # The open overdue one is late already: 2 on time of 4 judged, too few for a share.
    assert van_quan.judged == 4
    assert van_quan.too_few
    assert van_quan.rate is None
    province_row = next(r for r in rates if "tỉnh" in r.centre_name)
    assert (province_row.resolved, province_row.judged, province_row.rate) == (1, 1, None)
    assert len(rates) == 2
    only = on_time_rates(seeded, START, END, centre_ids=[van_quan.centre_id])
    assert [r.centre_id for r in only] == [van_quan.centre_id]
    assert on_time_rates(seeded, END, END + timedelta(days=30)) != []  # open ones still show
    empty = [r for r in on_time_rates(seeded, END, END + timedelta(days=30)) if r.resolved == 0]
    assert all(r.rate is None for r in empty)


def test_the_overdue_list_counts_working_days_late(
    seeded: Session, rules: WorkflowRules, runner: FlaskCliRunner
) -> None:
    # Received Friday 13/2/2026, classification due 24/2 (Tết in between).
    complaint, _ = raise_complaint(seeded, received_at=datetime(2026, 2, 13, 2, tzinfo=UTC))
    now = datetime(2026, 2, 27, 2, tzinfo=UTC)  # Friday: 25, 26, 27 are three days late
    (group,) = fetch_overdue_by_centre(seeded, None, rules.deadlines, now=now)
    (item,) = group.items
    assert item.tracking_code == complaint.tracking_code
    assert item.working_days_late == 3
    assert fetch_overdue_by_centre(seeded, [], rules.deadlines, now=now) == []
    result = runner.invoke(args=["complaints", "overdue"])
    assert result.exit_code == 0, result.output
    assert complaint.tracking_code in result.output


def test_from_five_judged_the_share_counts_open_overdue_as_late_with_its_interval(
    seeded: Session, handler: User, rules: WorkflowRules
) -> None:
    monday = datetime(2026, 11, 2, 2, tzinfo=UTC)
    for _ in range(4):
        answer_at(seeded, rules, handler, monday, monday + timedelta(days=3))
    raise_complaint(seeded, received_at=datetime(2026, 10, 1, 2, tzinfo=UTC))  # open, overdue
    (rate,) = on_time_rates(seeded, START, END, now=datetime(2026, 11, 25, 2, tzinfo=UTC))
    assert (rate.resolved, rate.on_time, rate.overdue_now, rate.judged) == (4, 4, 1, 5)
    assert rate.rate == 0.8
    assert rate.low is not None
    assert rate.high is not None
    assert rate.low < 0.8 < rate.high < 1
