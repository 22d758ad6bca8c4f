"""Counters (quầy) of a centre: add, rename, close and reopen; each gets a poster code."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from survey_app.core.audit import record_event
from survey_app.core.qr.service import ensure_poster_codes
from survey_app.models import Centre, Counter, PosterCode, User


class CounterNumberTakenError(ValueError):
    """The centre already has a counter with this number (open or closed)."""


def fetch_counters(session: Session, centre: Centre) -> list[Counter]:
    """Every counter of ``centre``, open ones first, by number."""
    return list(
        session.scalars(
            select(Counter)
            .filter_by(centre_id=centre.id)
            .order_by(Counter.active.desc(), Counter.number)
        )
    )


def fetch_counter(session: Session, centre: Centre, counter_id: int) -> Counter | None:
    """The counter ``counter_id`` if it belongs to ``centre``."""
    return session.scalar(select(Counter).filter_by(id=counter_id, centre_id=centre.id))


def poster_codes_by_counter(session: Session, centre: Centre) -> dict[int, str]:
    """The active poster code of each counter of ``centre`` that has one."""
    rows = session.execute(
        select(PosterCode.counter_id, PosterCode.code)
        .where(
            PosterCode.centre_id == centre.id,
            PosterCode.counter_id.is_not(None),
            PosterCode.service_field_id.is_(None),
            PosterCode.active,
        )
        .order_by(PosterCode.id.desc())
    ).all()
    # The oldest code wins, as in ensure_poster_codes: it is the one on the wall.
    return {int(counter_id): str(code) for counter_id, code in rows if counter_id is not None}


def add_counter(session: Session, actor: User, centre: Centre, number: int, name: str) -> Counter:
    """A new open counter with its own poster code; commits."""
    taken = session.scalar(select(Counter.id).filter_by(centre_id=centre.id, number=number))
    if taken is not None:
        raise CounterNumberTakenError(number)
    counter = Counter(centre=centre, number=number, name=name.strip())
    session.add(counter)
    session.flush()
    record_event(
        session, actor, "counter.create", "counter", counter.id, centre=centre.key, number=number
    )
    session.commit()
    # Commits again: the poster must be printable as soon as the counter exists.
    ensure_poster_codes(session, centre)
    return counter


def rename_counter(session: Session, actor: User, counter: Counter, name: str) -> None:
    """Give a counter a new name (its poster code stays the same); commits."""
    if name.strip() == counter.name:
        return
    counter.name = name.strip()
    record_event(session, actor, "counter.rename", "counter", counter.id, centre=counter.centre.key)
    session.commit()


def set_counter_active(session: Session, actor: User, counter: Counter, *, active: bool) -> None:
    """Close a counter (its posters leave the print lists) or reopen it; commits."""
    if counter.active == active:
        return
    counter.active = active
    action = "counter.reopen" if active else "counter.close"
    record_event(session, actor, action, "counter", counter.id, centre=counter.centre.key)
    session.commit()
    if active:
        ensure_poster_codes(session, counter.centre)
