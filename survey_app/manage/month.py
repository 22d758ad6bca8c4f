"""A centre's month, beside its week: the same figures over the month's days that are over.

Nothing new is computed: the figures are ``reporting.centre_figures.build_centre_span``
(the API's managers' figures), the warnings and what to fix first are the judgement the
province page makes of a month (``reporting.judging`` through ``summary.judge_centre``).
A month still running counts only its complete weeks, up to the Sunday before the
current week, as the judgement does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy.orm import Session

from survey_app.core import periods
from survey_app.core.weeks import current_monday, last_full_week, local_midnight_utc, monday_of
from survey_app.manage.priorities import Advice
from survey_app.manage.summary import Comment, comments_between, judge_centre, open_complaints
from survey_app.models import Centre, Complaint
from survey_app.reporting import fetch_items
from survey_app.reporting.centre_figures import CentreSpan, Change, build_centre_span, span_changes
from survey_app.reporting.dossiers import fetch_handled_dossiers
from survey_app.reporting.judging import Reason

MONTHS: tuple[periods.PeriodKind, ...] = ("M",)


@dataclass(frozen=True, slots=True)
class CentreMonth:
    """What the month view shows for one centre."""

    centre: Centre
    period: periods.Period
    last_day: date | None  # the last day counted; None when no week of it is over yet
    figures: CentreSpan | None
    previous: CentreSpan  # the month before, whole
    comments: list[Comment]
    open_complaints: list[Complaint]
    overdue_complaints: list[Complaint]
    last_week: date  # the month's last complete week (the trend chart and the week link)
    missing_dossier_weeks: list[date]  # complete weeks of the month with no dossier count
    warnings: list[Reason] = field(default_factory=list)
    first: list[Advice] = field(default_factory=list)
    judged_on: str | None = None
    coarser: str | None = None
    judged: bool = True
    judged_n: int = 0
    week_over: bool = True  # False: no day of the month can be judged yet
    changes: dict[str, Change] = field(default_factory=dict)  # from the month before

    @property
    def complete(self) -> bool:
        """Whether every day of the month is counted."""
        return self.last_day == self.period.end_local - timedelta(days=1)

    @property
    def unhappy_comments(self) -> list[Comment]:
        """The comments of citizens dissatisfied with the visit."""
        return [c for c in self.comments if c.unhappy]


def month_of_week(week: date) -> str:
    """The label of the month a week's Monday falls in: the week page's "Tháng" link."""
    return week.strftime("%Y-%m")


def chosen_month(raw: str | None) -> periods.Period:
    """The month ``raw`` names, or the month of the last complete week; never a later one."""
    fallback = periods.period_of(last_full_week(), "M")
    try:
        month = periods.parse_period(raw or "", MONTHS)
    except ValueError:
        return fallback
    return month if month.start_local <= current_monday() else fallback


def build_centre_month(session: Session, centre: Centre, month: periods.Period) -> CentreMonth:
    """The centre's figures, warnings and comments for ``month`` (its complete weeks)."""
    last_day = min(month.end_local, current_monday()) - timedelta(days=1)
    counted = last_day >= month.start_local
    last_week = monday_of(last_day) if counted else last_full_week()
    before = periods.period_of(month.start_local - timedelta(days=1), "M")
    weeks = _complete_weeks(month, current_monday() - timedelta(days=1))
    handled = fetch_handled_dossiers(session, [centre.id], weeks)
    return CentreMonth(
        centre=centre,
        period=month,
        last_day=last_day if counted else None,
        figures=build_centre_span(session, centre, month.start_local, last_day)
        if counted
        else None,
        previous=build_centre_span(
            session, centre, before.start_local, before.end_local - timedelta(days=1)
        ),
        comments=comments_between(
            session,
            centre,
            month.start_utc,
            local_midnight_utc(last_day + timedelta(days=1)),
        )
        if counted
        else [],
        open_complaints=open_complaints(session, centre, overdue=False),
        overdue_complaints=open_complaints(session, centre, overdue=True),
        last_week=last_week,
        missing_dossier_weeks=[w for w in weeks if (centre.id, w) not in handled],
        changes=span_changes(
            session,
            centre,
            (before.start_local, before.end_local - timedelta(days=1)),
            (month.start_local, last_day),
        )
        if counted
        else {},
        **judge_centre(session, centre, month, fetch_items(session)),
    )


def _complete_weeks(month: periods.Period, last_day: date) -> list[date]:
    """The Mondays in the month whose week is over by ``last_day`` (a week is its Monday's)."""
    monday = monday_of(month.start_local - timedelta(days=1)) + timedelta(weeks=1)
    weeks = []
    while monday < month.end_local and monday + timedelta(days=6) <= last_day:
        weeks.append(monday)
        monday += timedelta(weeks=1)
    return weeks
