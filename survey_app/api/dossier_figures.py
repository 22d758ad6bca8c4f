"""Dossier figures pushed by the one-stop system: checked as a whole, stored as a whole.

The core service (:mod:`survey_app.core.one_stop`) holds the rules and the storing; here
its sentences become field errors that name the day in the body (``days.2``), and its
outcomes the reply. Nothing is committed here: the API commits the figures together with
the Idempotency-Key's stored answer.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from flask_babel import gettext as _
from sqlalchemy.orm import Session

from survey_app.api.schemas import DayFiguresIn, DayOutcome, DossierFiguresIn, DossierFiguresStored
from survey_app.core.one_stop import (
    Change,
    DayFigures,
    FigureSource,
    figure_problems,
    replace_days_figures,
)
from survey_app.core.problems import FieldError, Problem
from survey_app.models import Centre


def push_problems(days: list[DayFiguresIn]) -> list[FieldError]:
    """Every day the core refuses, and every day sent twice, as field errors; [] if none."""
    errors: list[FieldError] = []
    first_seen: dict[date, int] = {}
    for index, sent in enumerate(days):
        where = f"days.{index}"
        if sent.day in first_seen:
            errors.append(
                FieldError(
                    f"{where}.day",
                    _("Ngày này đã có ở days.%(index)d.", index=first_seen[sent.day]),
                )
            )
            continue
        first_seen[sent.day] = index
        errors += [FieldError(where, problem) for problem in figure_problems(sent.day, _core(sent))]
    return errors


def store_dossier_figures(
    session: Session, centre: Centre, body: DossierFiguresIn, key_id: int
) -> DossierFiguresStored:
    """Replace the days sent at ``centre``, all or nothing; leaves the commit to the caller.

    Raises a 422 :class:`Problem` naming every refused day, with nothing written.
    """
    errors = push_problems(body.days)
    if errors:
        raise Problem(422, "validation", _("Một số trường không hợp lệ."), errors=errors)
    outcomes = replace_days_figures(
        session,
        centre.id,
        {sent.day: _core(sent) for sent in body.days},
        FigureSource.api_key(key_id),
        commit=False,
    )
    counts = Counter(outcome.change for outcome in outcomes)
    return DossierFiguresStored(
        centre=centre.key,
        days=[DayOutcome(day=o.day, change=o.change.value) for o in outcomes],
        created=counts[Change.CREATED],
        replaced=counts[Change.REPLACED],
        unchanged=counts[Change.UNCHANGED],
    )


def _core(sent: DayFiguresIn) -> DayFigures:
    return DayFigures(
        received=sent.received,
        on_time=sent.on_time,
        late=sent.late,
        late_apologised=sent.late_apologised,
        supplemented_repeatedly=sent.supplemented_repeatedly,
    )
