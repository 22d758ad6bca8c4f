"""Staff-side services for paper entry and kiosks."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from survey_app.clock import LOCAL_TZ, today_local
from survey_app.feedback.service import Place
from survey_app.models import Centre, Channel, PosterCode, Response, User


def place_of_centre(centre: Centre) -> Place:
    """The whole centre as the place a paper slip is about."""
    return Place(centre_id=centre.id, commune_id=centre.commune_id, centre_name=centre.name)


def slip_time(visit_date: date) -> datetime:
    """A paper slip records a day, not a time: store it as noon of that day in Lạng Sơn."""
    return datetime.combine(visit_date, time(12, 0), tzinfo=LOCAL_TZ).astimezone(UTC)


def slips_entered_today(session: Session, user: User) -> int:
    """How many paper slips ``user`` has typed in today, for the running count on the page."""
    start = datetime.combine(today_local(), time(0), tzinfo=LOCAL_TZ)
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
