"""Complaint figures the managers' pages read: on-time rates and what is open now."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, case, func, select
from sqlalchemy.orm import Session

from analysis import wilson_interval
from survey_app.core.collation import sorted_vietnamese
from survey_app.models import OPEN_STATUSES, Centre, Complaint, utcnow


def _scoped(query: Select, centre_ids: Collection[int] | None) -> Select:
    return query if centre_ids is None else query.where(Complaint.centre_id.in_(centre_ids))


# Below this many complaints judged, a share says more about chance than about the centre:
# the counts are shown ("2 of 3"), never a percentage.
MIN_JUDGED = 5


@dataclass(frozen=True, slots=True)
class OnTimeRate:
    """One centre's record over a period: resolved, resolved on time, and open now.

    A complaint counts as on time when it was answered, forwarded or rejected by the
    deadline of that step. A complaint still open past its deadline is already late, so
    it counts too, as not on time: ``judged`` = resolved + overdue now. ``rate`` is
    on_time / judged with its 95 % Wilson interval (``low``, ``high``), and None when
    fewer than ``MIN_JUDGED`` were judged: then only the counts are shown.
    """

    centre_id: int
    centre_name: str
    resolved: int
    on_time: int
    rate: float | None
    open_now: int
    overdue_now: int
    low: float | None = None
    high: float | None = None

    @property
    def judged(self) -> int:
        """Complaints whose timeliness is known: resolved, or open and already late."""
        return self.resolved + self.overdue_now

    @property
    def too_few(self) -> bool:
        """True when there is something to count but too little for a percentage."""
        return 0 < self.judged < MIN_JUDGED


def on_time_rate(centre_id: int, centre_name: str, counts: tuple[int, int, int, int]) -> OnTimeRate:
    """The record from (resolved, on time, open now, overdue now)."""
    resolved, on_time, open_now, overdue_now = counts
    judged = resolved + overdue_now
    rate = low = high = None
    if judged >= MIN_JUDGED:
        interval = wilson_interval([on_time], [judged])
        rate, low, high = on_time / judged, float(interval.low[0]), float(interval.high[0])
    return OnTimeRate(
        centre_id=centre_id,
        centre_name=centre_name,
        resolved=resolved,
        on_time=on_time,
        rate=rate,
        open_now=open_now,
        overdue_now=overdue_now,
        low=low,
        high=high,
    )


def on_time_rates(
    session: Session,
    start: datetime,
    end: datetime,
    centre_ids: Collection[int] | None = None,
    now: datetime | None = None,
) -> list[OnTimeRate]:
    """On-time rates per centre for complaints resolved in ``[start, end)``; by centre name.

    Two GROUP BY queries, so the managers' pages never load complaints one by one.
    """
    now = now or utcnow()
    resolved = {
        row.centre_id: (row.resolved, row.on_time)
        for row in session.execute(
            _scoped(
                select(
                    Complaint.centre_id,
                    func.count().label("resolved"),
                    func.sum(case((Complaint.resolved_at <= Complaint.due_at, 1), else_=0)).label(
                        "on_time"
                    ),
                ),
                centre_ids,
            )
            .where(Complaint.resolved_at >= start, Complaint.resolved_at < end)
            .group_by(Complaint.centre_id)
        )
    }
    still_open = {
        row.centre_id: (row.open_now, row.overdue_now)
        for row in session.execute(
            _scoped(
                select(
                    Complaint.centre_id,
                    func.count().label("open_now"),
                    func.sum(case((Complaint.due_at < now, 1), else_=0)).label("overdue_now"),
                ),
                centre_ids,
            )
            .where(Complaint.status.in_(list(OPEN_STATUSES)))
            .group_by(Complaint.centre_id)
        )
    }
    ids = set(resolved) | set(still_open)
    names = dict(session.execute(select(Centre.id, Centre.name).where(Centre.id.in_(ids))).all())
    rows = []
    for centre_id in ids:
        done, on_time = resolved.get(centre_id, (0, 0))
        open_now, overdue_now = still_open.get(centre_id, (0, 0))
        counts = (int(done), int(on_time or 0), int(open_now), int(overdue_now or 0))
        rows.append(on_time_rate(centre_id, names[centre_id], counts))
    return sorted_vietnamese(rows, lambda r: r.centre_name)
