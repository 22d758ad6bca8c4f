"""Helpers of the monthly-cycle tests: a period, a report with a value."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from survey_app.models import CriterionReport, Progress, ReportingPeriod
from survey_app.tracker.periods import open_period
from survey_app.tracker.report_values import ReportValues
from survey_app.tracker.reports import save_draft
from tests.tracker.conftest import Tracker, component


def march(session: Session, tracker: Tracker) -> ReportingPeriod:
    """March 2026, due on 10 April."""
    return open_period(session, tracker.admin, tracker.par, date(2026, 3, 1), date(2026, 4, 10))


def rate_report(
    session: Session, tracker: Tracker, period: ReportingPeriod, percent: float
) -> CriterionReport:
    """Justice's draft on 2.1.1 (a percentage-bands rule) with ``percent``."""
    return save_draft(
        session,
        tracker.admin,
        component(tracker.par, "2.1.1"),
        period,
        agency=tracker.justice,
        values=ReportValues(Progress.ON_TRACK, value_number=percent, explanation="Đúng kế hoạch"),
    )
