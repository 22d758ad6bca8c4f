"""Complaint columns of the aggregate export: received, resolved, resolved on time.

Per centre and period, from the complaints' own dates: received in the period, resolved
(answered, forwarded or rejected) in it, and resolved by the deadline of that step. The
share on time is over the complaints resolved in the period, with its 95 % Wilson
interval, and left blank under ``MIN_JUDGED`` (the counts say enough). The week page
also counts the complaints open past their deadline today; an export of past periods
cannot, since what was open then is not what is open now.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from analysis import wilson_interval
from survey_app.core.periods import parse_period
from survey_app.core.weeks import local_midnight_utc
from survey_app.models import Complaint
from survey_app.reporting.complaints import MIN_JUDGED

COMPLAINT_HEADERS = [
    "Phản ánh nhận trong kỳ",
    "Phản ánh giải quyết trong kỳ",
    "Giải quyết đúng hạn",
    "Tỷ lệ giải quyết đúng hạn (%)",
    "Tỷ lệ giải quyết đúng hạn: cận dưới",
    "Tỷ lệ giải quyết đúng hạn: cận trên",
]
BLANK = [0, 0, 0, None, None, None]


def complaint_cells(
    session: Session, centre_ids: Collection[int], periods: Iterable[str]
) -> dict[tuple[int, str], list[Any]]:
    """(centre, period label) → the complaint columns, in ``COMPLAINT_HEADERS`` order."""
    cells: dict[tuple[int, str], list[Any]] = {}
    for label in sorted(set(periods)):
        period = parse_period(label)
        start, end = local_midnight_utc(period.start_local), local_midnight_utc(period.end_local)
        received = dict(
            session.execute(
                select(Complaint.centre_id, func.count())
                .where(
                    Complaint.centre_id.in_(centre_ids),
                    Complaint.received_at >= start,
                    Complaint.received_at < end,
                )
                .group_by(Complaint.centre_id)
            ).all()
        )
        resolved = {
            row.centre_id: (int(row.resolved), int(row.on_time or 0))
            for row in session.execute(
                select(
                    Complaint.centre_id,
                    func.count().label("resolved"),
                    func.sum(case((Complaint.resolved_at <= Complaint.due_at, 1), else_=0)).label(
                        "on_time"
                    ),
                )
                .where(
                    Complaint.centre_id.in_(centre_ids),
                    Complaint.resolved_at >= start,
                    Complaint.resolved_at < end,
                )
                .group_by(Complaint.centre_id)
            )
        }
        for centre_id in set(received) | set(resolved):
            done, on_time = resolved.get(centre_id, (0, 0))
            share: list[float | None] = [None, None, None]
            if done >= MIN_JUDGED:
                interval = wilson_interval([on_time], [done])
                share = [
                    round(100 * on_time / done, 2),
                    round(100 * float(interval.low[0]), 2),
                    round(100 * float(interval.high[0]), 2),
                ]
            cells[(int(centre_id), label)] = [
                int(received.get(centre_id, 0)),
                done,
                on_time,
                *share,
            ]
    return cells
