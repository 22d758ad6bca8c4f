"""Store the one-stop system's daily dossier figures: validate, then replace the day.

One service for both ways the figures come in: the API the one-stop system pushes to and
the staff page for centres whose system cannot push. A day is sent whole and replaces
what was stored for it, so a correction never double-counts.

What is checked, and why only that. A day's figures count events of that day: dossiers
received, results returned on time and late, dossiers asked for papers a second or later
time. Results returned today belong to dossiers received on earlier days, so neither
``on_time + late <= received`` nor ``supplemented_repeatedly <= received`` holds in
general, and checking them would refuse true figures. What does hold:

- every figure is a whole number, 0 or more, and at most ``MAX_PER_DAY`` (a centre
  handles hundreds a day; a larger figure is a slip of the keyboard or of the unit);
- ``late_apologised <= late``: a written apology is owed only for a late result;
- the day is not after today in Lạng Sơn (no figures for days still to come).

Concurrency: the first statement writes (``INSERT … ON CONFLICT DO NOTHING``), so SQLite
takes its write lock at once (and waits its busy timeout) instead of failing to upgrade
a read; PostgreSQL makes a second insert of the same day wait for the first and then do
nothing. The replacement is one ``UPDATE … WHERE`` the stored figures differ, so the
outcome (created, replaced, unchanged) is decided by the database, not by an earlier read.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any, cast

from flask_babel import gettext as _
from sqlalchemy import CursorResult, Insert, or_, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from survey_app.core.audit import record_event
from survey_app.core.clock import today_local
from survey_app.models import OneStopDay, User, utcnow

MAX_PER_DAY = 100_000
FIELDS = ("received", "on_time", "late", "late_apologised", "supplemented_repeatedly")


@dataclass(frozen=True, slots=True)
class DayFigures:
    """What the one-stop system counted at one centre on one day."""

    received: int
    on_time: int
    late: int
    late_apologised: int
    supplemented_repeatedly: int


@dataclass(frozen=True, slots=True)
class FigureSource:
    """Who sent the figures: a staff member, or an integrating system by its API key."""

    kind: str
    user: User | None = None
    api_key_id: int | None = None

    @classmethod
    def staff(cls, user: User) -> FigureSource:
        """Typed in by ``user`` on the staff page."""
        return cls("staff", user=user)

    @classmethod
    def api_key(cls, key_id: int) -> FigureSource:
        """Pushed through the API with the key ``key_id``."""
        return cls("api", api_key_id=key_id)


class Change(enum.StrEnum):
    """What storing a day did."""

    CREATED = "created"
    REPLACED = "replaced"
    UNCHANGED = "unchanged"


@dataclass(frozen=True, slots=True)
class Outcome:
    """The result of storing one day's figures."""

    day: date
    change: Change


class InvalidFiguresError(ValueError):
    """The figures break an invariant; ``problems`` are translated sentences."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def figure_problems(day: date, figures: DayFigures) -> list[str]:
    """Every invariant ``figures`` for ``day`` break, as translated sentences; [] if none."""
    problems: list[str] = []
    for name, value in asdict(figures).items():
        if isinstance(value, bool) or not isinstance(value, int):
            problems.append(_("%(field)s phải là số nguyên.", field=field_label(name)))
        elif value < 0:
            problems.append(_("%(field)s không được âm.", field=field_label(name)))
        elif value > MAX_PER_DAY:
            problems.append(
                _(
                    "%(field)s vượt quá %(max)d trong một ngày.",
                    field=field_label(name),
                    max=MAX_PER_DAY,
                )
            )
    if problems:
        return problems
    if figures.late_apologised > figures.late:
        problems.append(
            _("Số kết quả trễ hạn có văn bản xin lỗi không được lớn hơn số kết quả trễ hạn.")
        )
    if day > today_local():
        problems.append(_("Không nhập số liệu cho ngày chưa đến."))
    return problems


def field_label(name: str) -> str:
    """The Vietnamese (translated) name of a figure."""
    labels = {
        "received": _("Số hồ sơ tiếp nhận"),
        "on_time": _("Số kết quả trả đúng hạn"),
        "late": _("Số kết quả trả trễ hạn"),
        "late_apologised": _("Số kết quả trễ hạn có văn bản xin lỗi"),
        "supplemented_repeatedly": _("Số hồ sơ yêu cầu bổ sung quá một lần"),
    }
    return labels[name]


def replace_day_figures(
    session: Session, centre_id: int, day: date, figures: DayFigures, source: FigureSource
) -> Outcome:
    """Store ``figures`` as the whole of ``day`` at the centre; commits.

    Raises :class:`InvalidFiguresError` (nothing stored) when an invariant is broken.
    Sending the same figures again changes nothing and says so.
    """
    return replace_days_figures(session, centre_id, {day: figures}, source)[0]


def replace_days_figures(
    session: Session,
    centre_id: int,
    days: Mapping[date, DayFigures],
    source: FigureSource,
    *,
    commit: bool = True,
) -> list[Outcome]:
    """Store several days at one centre, all or nothing; outcomes in day order; commits.

    Every day is validated before anything is written, so one bad day stores none.
    Days are written in date order, so two concurrent batches lock rows in the same
    order and cannot deadlock on PostgreSQL. ``commit=False`` leaves the transaction
    open (and, on an error, rolled back) for a caller that stores more with it: the
    API keeps its Idempotency-Key answer in the same transaction as the figures.
    """
    problems = [
        f"{day:%d/%m/%Y}: {problem}"
        for day in sorted(days)
        for problem in figure_problems(day, days[day])
    ]
    if problems:
        raise InvalidFiguresError(problems)
    try:
        outcomes = [_store(session, centre_id, day, days[day], source) for day in sorted(days)]
        if commit:
            session.commit()
    except Exception:
        session.rollback()
        raise
    return outcomes


def _store(
    session: Session, centre_id: int, day: date, figures: DayFigures, source: FigureSource
) -> Outcome:
    values: dict[str, Any] = {
        **asdict(figures),
        "source": source.kind,
        "api_key_id": source.api_key_id,
        "entered_by_id": source.user.id if source.user is not None else None,
        "updated_at": utcnow(),
    }
    created = session.execute(
        _insert_if_new(session)
        .values(centre_id=centre_id, day=day, **values)
        .on_conflict_do_nothing(index_elements=["centre_id", "day"])
        .returning(OneStopDay.id)
    ).scalar()
    if created is not None:
        change = Change.CREATED
    else:
        differs = or_(*(getattr(OneStopDay, name) != getattr(figures, name) for name in FIELDS))
        result = cast(
            "CursorResult[Any]",
            session.execute(
                update(OneStopDay)
                .where(OneStopDay.centre_id == centre_id, OneStopDay.day == day, differs)
                .values(**values)
            ),
        )
        change = Change.REPLACED if result.rowcount else Change.UNCHANGED
    if source.user is not None and change is not Change.UNCHANGED:
        record_event(
            session,
            source.user,
            f"one_stop.{change.value}",
            "one_stop_day",
            f"{centre_id}:{day.isoformat()}",
            day=day.isoformat(),
            **asdict(figures),
        )
    return Outcome(day, change)


def _insert_if_new(session: Session) -> postgresql.Insert | sqlite.Insert:
    """The dialect's INSERT, which knows ``ON CONFLICT``."""
    dialect = session.get_bind().dialect.name
    statement: Insert = (
        postgresql.insert(OneStopDay) if dialect == "postgresql" else sqlite.insert(OneStopDay)
    )
    return cast("postgresql.Insert | sqlite.Insert", statement)
