"""Demo figures from the one-stop system: plausible daily dossier counts, never real ones.

Most centres report every working day (Monday to Saturday); a few report nothing, so the
pages show what a centre without figures looks like. The centres the demo makes decline
also return more results late, apologise for fewer of them and ask more dossiers for
papers again, rising over the weeks, so the figures agree with what citizens say there.
A generator of its own (seed + 1) leaves the ratings the visit demo draws unchanged.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import numpy as np
from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from survey_app.core.clock import today_local
from survey_app.models import Centre, Commune, CommuneKind, OneStopDay, utcnow

WITHOUT_FIGURES = 6  # centres whose one-stop system sends nothing in the demo
DAILY_DOSSIERS = {CommuneKind.PROVINCE: 60.0, CommuneKind.WARD: 22.0, CommuneKind.COMMUNE: 8.0}
WORKING_DAYS = 6  # Monday to Saturday; the centres are closed on Sunday


def seed_one_stop(
    session: Session,
    *,
    weeks: int,
    seed: int,
    declining: tuple[str, ...],
    end: date | None = None,
) -> int:
    """Daily figures for ``weeks`` weeks before ``end``'s week, up to yesterday; rows added.

    Adds nothing when any one-stop figure is stored already.
    """
    if session.scalar(select(func.count()).select_from(OneStopDay)):
        return 0
    rng = np.random.default_rng(seed + 1)
    centres = session.execute(
        select(Centre.id, Centre.key, Commune.kind).join(Commune).order_by(Centre.id)
    ).all()
    candidates = [i for i, c in enumerate(centres) if c.key not in declining]
    silent = set(rng.choice(candidates, size=min(WITHOUT_FIGURES, len(candidates)), replace=False))
    last = (end or today_local()) - timedelta(days=1)
    first = last - timedelta(days=last.weekday()) - timedelta(weeks=weeks)
    days = [
        first + timedelta(days=i)
        for i in range((last - first).days + 1)
        if (first + timedelta(days=i)).weekday() < WORKING_DAYS
    ]
    stamp = utcnow()
    rows = []
    for index, centre in enumerate(centres):
        if index in silent:
            continue
        scale = DAILY_DOSSIERS[centre.kind] * rng.lognormal(0.0, 0.25)
        for number, day in enumerate(days):
            progress = number / max(len(days) - 1, 1)
            rows.append(
                _day(
                    rng,
                    centre_id=centre.id,
                    day=day,
                    scale=scale,
                    progress=progress,
                    declining=centre.key in declining,
                    stamp=stamp,
                )
            )
    if rows:
        session.execute(insert(OneStopDay), rows)
    session.commit()
    return len(rows)


def _day(
    rng: np.random.Generator,
    *,
    centre_id: int,
    day: date,
    scale: float,
    progress: float,
    declining: bool,
    stamp: datetime,
) -> dict[str, object]:
    """One day: receipts and results around the centre's size, late results by its trend."""
    weight = 0.35 if day.weekday() == 5 else 1.0  # Saturday mornings only
    received = int(rng.poisson(scale * weight))
    results = int(rng.poisson(scale * weight))
    late_share = 0.04 + (0.2 * progress if declining else 0.0)
    apology_share = 0.55 if declining else 0.9
    supplement_share = 0.02 + (0.08 * progress if declining else 0.0)
    late = int(rng.binomial(results, late_share))
    return {
        "centre_id": centre_id,
        "day": day,
        "received": received,
        "on_time": results - late,
        "late": late,
        "late_apologised": int(rng.binomial(late, apology_share)),
        "supplemented_repeatedly": int(rng.binomial(received, supplement_share)),
        "source": "api",
        "api_key_id": None,
        "entered_by_id": None,
        "updated_at": stamp,
    }
