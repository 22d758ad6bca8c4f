"""The monthly and quarterly report to the People's Committee (UBND tỉnh): what it holds.

Plan III.2.i and III.3.b: the Department reports to the Committee every month and quarter
on where the province stands and who is behind. The figures are the tracker's own, from
the services the overview page uses (``set_standing``, ``fetch_late_agencies``,
``fetch_overdue_tasks``), never recomputed: the standing and the overdue tasks are as of
the day the report is made; who was late is per reporting month of the period; what was
done (reports accepted or returned, tasks completed) is dated inside the period.
The two renderings (``pc_report_xlsx``, ``pc_report_pdf``) read this and the texts below.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from survey_app.core.clock import LOCAL_TZ
from survey_app.core.formatting import period_words
from survey_app.core.periods import Period, month, parse_period, period_of
from survey_app.models import (
    Criterion,
    CriterionReport,
    CriterionSet,
    CriterionSource,
    RemediationTask,
    ReportingPeriod,
    ReportStatus,
    TaskStatus,
)
from survey_app.tracker.periods import LateAgency, fetch_late_agencies, fetch_periods
from survey_app.tracker.standing import CriterionStanding, SetStanding, set_standing
from survey_app.tracker.tasks import fetch_overdue_tasks

PROVINCE = _l("Tỉnh Lạng Sơn")
DRAFT_MARK = _l("Bản dự thảo — không phải phụ lục chính thức")
REVIEW_WORDS = {
    ReportStatus.ACCEPTED: _l("Đã duyệt"),
    ReportStatus.RETURNED: _l("Trả lại"),
}


@dataclass(frozen=True, slots=True)
class LateMonth:
    """One reporting month of the period: its period (if opened) and who was late for it."""

    month: Period
    period: ReportingPeriod | None
    deadline_passed: bool
    agencies: list[LateAgency]

    def sentence(self) -> str:
        """Why the month lists nobody, in words ("" when someone was late)."""
        label = period_words(self.month)
        if self.period is None:
            return _("%(month)s: chưa mở kỳ báo cáo.", month=label)
        deadline = self.period.deadline.strftime("%d/%m/%Y")
        if not self.deadline_passed:
            return _("%(month)s: hạn báo cáo %(date)s chưa qua.", month=label, date=deadline)
        if not self.agencies:
            return _(
                "%(month)s: mọi cơ quan đã báo cáo đúng hạn %(date)s.", month=label, date=deadline
            )
        return ""


@dataclass(frozen=True, slots=True)
class PcReport:
    """Everything the Committee's report shows for one month or quarter."""

    criterion_set: CriterionSet
    period: Period
    produced: date
    standing: SetStanding
    late_months: list[LateMonth]
    overdue_tasks: list[RemediationTask]
    reviewed: list[CriterionReport]
    done_tasks: list[RemediationTask]

    @property
    def first_day(self) -> date:
        """The period's first day."""
        return self.period.start_local

    @property
    def last_day(self) -> date:
        """The period's last day."""
        return self.period.end_local - timedelta(days=1)

    @property
    def is_draft(self) -> bool:
        """Whether the set is the shipped draft (marked as the overview marks it)."""
        return self.criterion_set.is_draft_annex

    @property
    def period_label(self) -> str:
        """ "Tháng 11/2026" or "Quý IV/2026"."""
        return period_words(self.period)

    @property
    def at_risk(self) -> list[CriterionStanding]:
        """Criteria losing points, most points at risk first (the standing's order)."""
        return self.standing.at_risk

    @property
    def survey(self) -> list[CriterionStanding]:
        """The survey-derived criteria, in the set's order."""
        return [i for i in self.standing.items if i.criterion.source is CriterionSource.SURVEY]

    def title(self) -> str:
        """The report's title line."""
        return _("Báo cáo kết quả theo dõi Chỉ số CCHC — %(period)s", period=self.period_label)

    def set_line(self, *, mark: bool = True) -> str:
        """The criterion set, with the draft mark when it is the shipped draft (and ``mark``)."""
        line = _(
            "Bộ tiêu chí: %(name)s (năm %(year)d)",
            name=self.criterion_set.name,
            year=self.criterion_set.year,
        )
        return f"{line} — {DRAFT_MARK}" if self.is_draft and mark else line

    def file_name(self, extension: str) -> str:
        """An ASCII file name: bao-cao-ubnd-<set>-<period>.<extension>."""
        return f"bao-cao-ubnd-{self.criterion_set.code}-{self.period.label}.{extension}".lower()


def report_period(raw: str | None, today: date) -> Period:
    """The month or quarter ``raw`` names ("2026-11", "2026-Q4"); ValueError otherwise.

    Nothing given: the month of ``today``.
    """
    if not raw:
        return period_of(today, "M")
    return parse_period(raw, ("M", "Q"))


def months_of(period: Period) -> list[Period]:
    """The calendar months of a month or a quarter, in order."""
    found = []
    cursor = period.start_local
    while cursor < period.end_local:
        found.append(month(cursor.year, cursor.month))
        cursor = found[-1].end_local
    return found


def period_choices(session: Session, criterion_set: CriterionSet, today: date) -> list[Period]:
    """What the chooser offers: the months with a reporting period and their quarters, and
    this month and quarter, newest first (a quarter right after its last month)."""
    days = {p.month for p in fetch_periods(session, criterion_set)} | {today}
    months = {period_of(day, "M") for day in days}
    quarters = {period_of(day, "Q") for day in days}
    return sorted(months | quarters, key=lambda p: (p.end_local, p.kind == "M"), reverse=True)


def report_links(last_due: ReportingPeriod | None, today: date) -> tuple[Period, Period]:
    """The month and quarter the overview links to: those of the last period due (when
    agencies can be late for it), else this month and quarter."""
    day = last_due.month if last_due is not None else today
    return period_of(day, "M"), period_of(day, "Q")


def _late_months(
    session: Session, criterion_set: CriterionSet, period: Period, today: date
) -> list[LateMonth]:
    by_month = {p.month: p for p in fetch_periods(session, criterion_set)}
    found = []
    for calendar_month in months_of(period):
        opened = by_month.get(calendar_month.start_local)
        late = fetch_late_agencies(session, opened, today) if opened is not None else []
        passed = opened is not None and today > opened.deadline
        found.append(LateMonth(calendar_month, opened, passed, late))
    return found


def _reviewed(
    session: Session, criterion_set: CriterionSet, period: Period
) -> list[CriterionReport]:
    """Reports accepted or returned inside the period (Lạng Sơn's days), in review order."""
    return list(
        session.scalars(
            select(CriterionReport)
            .join(CriterionReport.period)
            .where(
                ReportingPeriod.set_id == criterion_set.id,
                CriterionReport.status.in_(list(REVIEW_WORDS)),
                CriterionReport.reviewed_at >= period.start_utc,
                CriterionReport.reviewed_at < period.end_utc,
            )
            .options(
                selectinload(CriterionReport.criterion),
                selectinload(CriterionReport.agency),
                selectinload(CriterionReport.period),
            )
            .order_by(CriterionReport.reviewed_at, CriterionReport.id)
        )
    )


def _done_tasks(
    session: Session, criterion_set: CriterionSet, period: Period
) -> list[RemediationTask]:
    last = period.end_local - timedelta(days=1)
    return list(
        session.scalars(
            select(RemediationTask)
            .join(RemediationTask.criterion)
            .where(
                Criterion.set_id == criterion_set.id,
                RemediationTask.status == TaskStatus.DONE,
                RemediationTask.done_on >= period.start_local,
                RemediationTask.done_on <= last,
            )
            .options(
                selectinload(RemediationTask.criterion),
                selectinload(RemediationTask.owner_agency),
            )
            .order_by(RemediationTask.done_on, RemediationTask.id)
        )
    )


def reviewed_on(report: CriterionReport) -> date | None:
    """The day (in Lạng Sơn) the Department accepted or returned the report."""
    return None if report.reviewed_at is None else report.reviewed_at.astimezone(LOCAL_TZ).date()


def build_pc_report(
    session: Session, criterion_set: CriterionSet, period: Period, today: date
) -> PcReport:
    """The Committee's report on ``criterion_set`` for ``period``, made on ``today``."""
    return PcReport(
        criterion_set=criterion_set,
        period=period,
        produced=today,
        standing=set_standing(session, criterion_set, today),
        late_months=_late_months(session, criterion_set, period, today),
        overdue_tasks=fetch_overdue_tasks(session, criterion_set, today),
        reviewed=_reviewed(session, criterion_set, period),
        done_tasks=_done_tasks(session, criterion_set, period),
    )
