"""Staff-side services for paper entry and kiosks."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from survey_app.core.clock import today_local
from survey_app.core.weeks import local_midnight_utc
from survey_app.models import Centre, Channel, PosterCode, Response, User


def slips_entered_today(session: Session, user: User) -> int:
    """How many paper slips ``user`` has typed in today, for the running count on the page."""
    start = local_midnight_utc(today_local())
    return (
        session.scalar(
            select(func.count())
            .select_from(Response)
            .where(
                Response.entered_by_id == user.id,
                Response.channel == Channel.PAPER,
                Response.created_at >= start,
            )
        )
        or 0
    )


def kiosk_codes(session: Session, centres: list[Centre]) -> list[PosterCode]:
    """Active poster codes of ``centres``: a kiosk serves the place its code names."""
    ids = [c.id for c in centres]
    return list(
        session.scalars(
            select(PosterCode)
            .where(PosterCode.centre_id.in_(ids), PosterCode.active)
            .order_by(PosterCode.centre_id, PosterCode.counter_id.is_not(None), PosterCode.id)
        )
    )
