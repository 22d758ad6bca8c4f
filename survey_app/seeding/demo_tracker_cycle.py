"""The tracker's monthly cycle on a demo database: three months of reports and some tasks.

The provincial set gets the last three months as reporting periods (due on the 10th of
the next month): most self-assessed components reported and accepted, some returned,
some submitted late or not at all, values drawn so that most criteria keep their points
and some lose part; remediation tasks on the weakest, some of them overdue. Only when the
set has no period yet, so a second run adds nothing.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from survey_app.models import (
    CriterionReport,
    CriterionSet,
    PeriodStatus,
    Progress,
    RemediationTask,
    ReportingPeriod,
    ReportStatus,
    SetKind,
    TaskStatus,
)
from survey_app.tracker.periods import reported_components
from survey_app.tracker.report_values import value_kind

MONTHS = 3
TASKS = (
    "Rà soát, bổ sung tài liệu kiểm chứng",
    "Đôn đốc các phòng chuyên môn hoàn thành chỉ tiêu",
    "Báo cáo UBND tỉnh nguyên nhân và giải pháp",
)


def _month_start(day: date, back: int) -> date:
    year, month = day.year, day.month - back
    while month < 1:
        year, month = year - 1, month + 12
    return date(year, month, 1)


def _at(day: date, hour: int = 9) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=UTC)


def _values(kind: str | None, rng: np.random.Generator, deadline: date) -> dict[str, object]:
    weak = rng.random() < 0.25
    if kind == "done":
        return {"value_bool": not weak}
    if kind == "rate":
        return {
            "value_number": round(float(rng.uniform(82, 94) if weak else rng.uniform(96, 100)), 1)
        }
    if kind == "count":
        return {"value_number": float(rng.integers(1, 4) if weak else 0)}
    if kind == "dates":
        late = int(rng.integers(5, 40)) if weak else -int(rng.integers(0, 10))
        return {"value_date": deadline + timedelta(days=late)}
    return {}


def seed_tracker_cycle(session: Session, today: date, *, seed: int = 2026) -> int:
    """Periods, reports and tasks for the provincial set; the number of reports added."""
    criterion_set = session.scalars(
        select(CriterionSet).filter_by(kind=SetKind.PROVINCIAL).order_by(CriterionSet.year.desc())
    ).first()
    if criterion_set is None or session.scalar(
        select(ReportingPeriod.id).filter_by(set_id=criterion_set.id).limit(1)
    ):
        return 0
    rng = np.random.default_rng(seed)
    assignments = reported_components(session, criterion_set)
    added = 0
    for back in range(MONTHS, 0, -1):
        month = _month_start(today, back)
        deadline = _month_start(today, back - 1) + timedelta(days=9)
        period = ReportingPeriod(
            criterion_set=criterion_set,
            month=month,
            deadline=deadline,
            status=PeriodStatus.CLOSED if deadline < today else PeriodStatus.OPEN,
        )
        session.add(period)
        for assignment in assignments:
            draw = rng.random()
            if draw < 0.08:  # not reported at all
                continue
            criterion = assignment.criterion
            values = _values(value_kind(criterion), rng, assignment.deadline or deadline)
            late = draw > 0.9
            submitted = deadline + timedelta(days=3) if late else deadline - timedelta(days=2)
            status = ReportStatus.ACCEPTED
            if deadline >= today:
                status = ReportStatus.SUBMITTED if draw < 0.6 else ReportStatus.DRAFT
            elif draw < 0.14:
                status = ReportStatus.RETURNED
            session.add(
                CriterionReport(
                    criterion=criterion,
                    period=period,
                    agency=assignment.lead_agency,
                    status=status,
                    progress=Progress.ON_TRACK,
                    explanation="Số liệu của cơ quan (dữ liệu minh hoạ)",
                    submitted_at=None
                    if status is ReportStatus.DRAFT
                    else _at(min(submitted, today)),
                    reviewed_at=_at(min(submitted, today), 15)
                    if status in (ReportStatus.ACCEPTED, ReportStatus.RETURNED)
                    else None,
                    review_comment="Đề nghị bổ sung tài liệu kiểm chứng"
                    if status is ReportStatus.RETURNED
                    else "",
                    **values,
                )
            )
            added += 1
    for n, assignment in enumerate(assignments[:: max(1, len(assignments) // 8)][:8]):
        due = (
            today - timedelta(days=int(rng.integers(5, 30)))
            if n % 2 == 0
            else today + timedelta(days=20)
        )
        session.add(
            RemediationTask(
                criterion=assignment.criterion,
                owner_agency=assignment.lead_agency,
                person="Phó Giám đốc phụ trách",
                what=TASKS[n % len(TASKS)],
                deadline=due,
                status=TaskStatus.DONE if n == 6 else TaskStatus.IN_PROGRESS,
                done_on=due if n == 6 else None,
            )
        )
    session.commit()
    return added
