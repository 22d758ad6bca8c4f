"""Flags for answers that look suspect. Flagged answers are kept, never deleted.

Each flag is a reason code stored with the response; indices leave flagged answers out
by default and can show both figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from survey_app.models import Response

HONEYPOT = "honeypot"
TOO_FAST = "too_fast"
DEVICE_REPEAT = "device_repeat"
BURST = "burst"
UNSIGNED = "unsigned"


@dataclass(frozen=True, slots=True)
class IntegrityRules:
    """Thresholds, from the app's configuration."""

    min_seconds: float
    burst_window: timedelta
    burst_limit: int


@dataclass(frozen=True, slots=True)
class SubmissionSignals:
    """What we know about a submission besides its answers."""

    centre_id: int
    honeypot_filled: bool
    issued_at: datetime | None
    received_at: datetime
    recently_rated_here: bool


def assess(session: Session, signals: SubmissionSignals, rules: IntegrityRules) -> list[str]:
    """The reasons, if any, to treat a submission as suspect."""
    flags = []
    if signals.honeypot_filled:
        flags.append(HONEYPOT)
    if signals.issued_at is None:
        flags.append(UNSIGNED)
    elif (signals.received_at - signals.issued_at).total_seconds() < rules.min_seconds:
        # Nobody reads and answers ten questions in a few seconds.
        flags.append(TOO_FAST)
    if signals.recently_rated_here:
        flags.append(DEVICE_REPEAT)
    if _recent_count(session, signals, rules) >= rules.burst_limit:
        flags.append(BURST)
    return flags


def _recent_count(session: Session, signals: SubmissionSignals, rules: IntegrityRules) -> int:
    since = signals.received_at - rules.burst_window
    return (
        session.scalar(
            select(func.count())
            .select_from(Response)
            .where(Response.centre_id == signals.centre_id, Response.submitted_at >= since)
        )
        or 0
    )
