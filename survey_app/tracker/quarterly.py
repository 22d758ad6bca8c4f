"""An agency's quarter (plan III.2.g): its criteria, its monthly reports, its tasks, its points.

The plan asks the Department to evaluate each agency head every quarter on the results of
administrative reform. This module gathers the facts for that, per agency: the criteria it
leads and supports, for each month of the quarter whether each report it owes was sent on
time, late or not at all, how the Department judged them, its remediation tasks falling due
in the quarter, and the forecast points of the criteria it leads as at the quarter's end
(or today, while the quarter runs). A report or a task is judged as it stands today (the
March report is due in April: whether it came is known only then). No score of its own is
made up: these are counts.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from analysis.par_index import Total, forecast_totals
from survey_app.core.clock import LOCAL_TZ
from survey_app.core.periods import Period, quarter
from survey_app.models import (
    Agency,
    Assignment,
    Criterion,
    CriterionReport,
    CriterionSet,
    RemediationTask,
    ReportingPeriod,
    ReportStatus,
    TaskStatus,
)
from survey_app.reporting.one_stop import Rate, fetch_period_totals
from survey_app.tracker.periods import per_agency, reporting_duties
from survey_app.tracker.standing import CriterionStanding, set_standing, unit_items

# What became of one report an agency owed for one month.
ON_TIME, LATE, MISSING, WAITING, NO_PERIOD = "on_time", "late", "missing", "waiting", "no_period"


@dataclass(frozen=True, slots=True)
class Month:
    """One month of the quarter: its period (None: not opened) and the agency's counts."""

    start: date
    period: ReportingPeriod | None
    counts: dict[str, int]


@dataclass(frozen=True, slots=True)
class Line:
    """One of the agency's criteria: lead or supporting, its standing, each month's fate."""

    item: CriterionStanding
    leads: bool
    months: list[str]


@dataclass(frozen=True, slots=True)
class Tasks:
    """The agency's remediation tasks due in the quarter, by where they stand."""

    done_on_time: int = 0
    done_late: int = 0
    overdue: int = 0
    open: int = 0

    @property
    def done(self) -> int:
        """Tasks done, on time or not."""
        return self.done_on_time + self.done_late


@dataclass(frozen=True, slots=True)
class AgencyQuarter:
    """What the Department knows of one agency over one quarter."""

    agency: Agency
    quarter: Period
    number: int
    as_of: date
    lines: list[Line]
    months: list[Month]
    accepted: int
    returned: int
    tasks: Tasks
    total: Total | None
    dossiers: Rate | None = None
    reports: dict[str, int] = field(default_factory=dict)
    # An internal-index unit: its own reports and points on every criterion of the set.
    is_unit: bool = False

    @property
    def lead_count(self) -> int:
        """Criteria the agency leads."""
        return sum(1 for line in self.lines if line.leads)

    @property
    def support_count(self) -> int:
        """Criteria the agency supports."""
        return sum(1 for line in self.lines if not line.leads)

    @property
    def at_risk(self) -> float:
        """Points at risk on the criteria it leads (0 with none)."""
        return 0.0 if self.total is None else round(self.total.at_risk, 2)

    def count(self, fate: str) -> int:
        """Reports of the quarter that met ``fate`` (ON_TIME, LATE, MISSING, WAITING)."""
        return self.reports.get(fate, 0)

    @property
    def due(self) -> int:
        """Reports owed in the quarter's opened periods."""
        return sum(self.reports.get(f, 0) for f in (ON_TIME, LATE, MISSING, WAITING))


def quarter_of(criterion_set: CriterionSet, number: int) -> Period:
    """Quarter ``number`` (1–4) of the set's year; ValueError for another number."""
    if number not in (1, 2, 3, 4):
        raise ValueError(number)
    return quarter(criterion_set.year, number)


def current_quarter(criterion_set: CriterionSet, today: date) -> int:
    """Today's quarter in the set's year; the first or the last for another year."""
    if today.year < criterion_set.year:
        return 1
    if today.year > criterion_set.year:
        return 4
    return (today.month - 1) // 3 + 1


def _fate(report_times: list[date], period: ReportingPeriod, as_of: date) -> str:
    if report_times:
        return ON_TIME if min(report_times) <= period.deadline else LATE
    return MISSING if as_of > period.deadline else WAITING


def _task_fate(task: RemediationTask, as_of: date) -> str:
    if task.status is TaskStatus.DONE:
        return "done_late" if task.done_on and task.done_on > task.deadline else "done_on_time"
    return "overdue" if task.overdue(as_of) else "open"


def _month_starts(period: Period) -> list[date]:
    first = period.start_local
    return [date(first.year, first.month + n, 1) for n in range(3)]


@dataclass(slots=True)
class _Facts:
    """What the quarter's queries found, for every agency at once."""

    period: Period
    as_of: date
    today: date
    periods: dict[date, ReportingPeriod]
    items: dict[int, CriterionStanding]
    duties: dict[int, set[int]] = field(default_factory=dict)
    agencies: dict[int, Agency] = field(default_factory=dict)
    leads: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))
    supports: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))
    sent: dict[tuple[int, int, int], list[date]] = field(default_factory=lambda: defaultdict(list))
    judged: dict[int, dict[ReportStatus, int]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(int))
    )
    tasks: dict[int, dict[str, int]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(int))
    )
    rates: dict[int, Rate] = field(default_factory=dict)
    # Internal index: each unit's own standing, {agency id: {criterion id: item}}.
    units: dict[int, dict[int, CriterionStanding]] = field(default_factory=dict)

    def fate(self, agency_id: int, criterion_id: int, start: date) -> str:
        """What became of the agency's report on the criterion for the month of ``start``."""
        p = self.periods.get(start)
        if p is None:
            return NO_PERIOD
        if criterion_id not in self.duties.get(agency_id, set()):
            return ""
        return _fate(self.sent.get((agency_id, criterion_id, p.id), []), p, self.today)


def _gather(session: Session, criterion_set: CriterionSet, period: Period, today: date) -> _Facts:
    as_of = min(today, period.end_local - timedelta(days=1))
    starts = _month_starts(period)
    periods = {
        p.month: p
        for p in session.scalars(
            select(ReportingPeriod).where(
                ReportingPeriod.set_id == criterion_set.id, ReportingPeriod.month.in_(starts)
            )
        )
    }
    standing = set_standing(session, criterion_set, as_of, through=period.end_local)
    facts = _Facts(period, as_of, today, periods, {i.criterion.id: i for i in standing.items})
    for a in session.scalars(
        select(Assignment)
        .join(Assignment.criterion)
        .where(Criterion.set_id == criterion_set.id)
        .options(selectinload(Assignment.supporting), selectinload(Assignment.lead_agency))
    ):
        facts.agencies[a.lead_agency.id] = a.lead_agency
        facts.leads[a.lead_agency.id].append(a.criterion_id)
        for s in a.supporting:
            facts.agencies[s.id] = s
            facts.supports[s.id].append(a.criterion_id)
    for agency, criteria in reporting_duties(session, criterion_set).values():
        facts.agencies[agency.id] = agency
        facts.duties[agency.id] = {c.id for c in criteria}
    for report in session.scalars(
        select(CriterionReport).where(
            CriterionReport.period_id.in_([p.id for p in periods.values()])
        )
    ):
        if report.submitted_at is not None:
            day = report.submitted_at.astimezone(LOCAL_TZ).date()
            facts.sent[(report.agency_id, report.criterion_id, report.period_id)].append(day)
        facts.judged[report.agency_id][report.status] += 1
    for task in session.scalars(
        select(RemediationTask)
        .join(RemediationTask.criterion)
        .where(
            Criterion.set_id == criterion_set.id,
            RemediationTask.deadline >= period.start_local,
            RemediationTask.deadline < period.end_local,
        )
    ):
        facts.tasks[task.owner_agency_id][_task_fate(task, today)] += 1
    facts.rates = _dossier_rates(session, list(facts.agencies.values()), period)
    if per_agency(criterion_set):
        for agency_id, (agency, _criteria) in reporting_duties(session, criterion_set).items():
            own = unit_items(session, standing, agency, through=period.end_local)
            facts.units[agency_id] = {i.criterion.id: i for i in own}
    return facts


def _record(facts: _Facts, agency: Agency, number: int) -> AgencyQuarter:
    owed = facts.duties.get(agency.id, set())
    reports: dict[str, int] = defaultdict(int)
    months = []
    for start in _month_starts(facts.period):
        counts: dict[str, int] = defaultdict(int)
        if start in facts.periods:
            for criterion_id in owed:
                fate = facts.fate(agency.id, criterion_id, start)
                counts[fate] += 1
                reports[fate] += 1
        months.append(Month(start, facts.periods.get(start), dict(counts)))
    led = facts.leads[agency.id]
    items = facts.items
    if agency.id in facts.units:  # an internal-index unit: the criteria it reports, its points
        items, led = facts.units[agency.id], []
    ids = [(c, True) for c in led] + [(c, True) for c in sorted(owed - set(led))]
    ids += [(c, False) for c in facts.supports[agency.id] if c not in owed]
    lines = [
        Line(
            item,
            leads,
            [
                facts.fate(agency.id, criterion_id, s) if leads else ""
                for s in _month_starts(facts.period)
            ],
        )
        for criterion_id, leads in ids
        if (item := items.get(criterion_id)) is not None
    ]
    lines.sort(key=lambda line: (not line.leads, line.item.criterion.position))
    forecasts = [line.item.forecast for line in lines if line.leads]
    return AgencyQuarter(
        agency=agency,
        quarter=facts.period,
        number=number,
        as_of=facts.as_of,
        lines=lines,
        months=months,
        accepted=facts.judged[agency.id][ReportStatus.ACCEPTED],
        returned=facts.judged[agency.id][ReportStatus.RETURNED],
        tasks=Tasks(**facts.tasks[agency.id]),
        total=forecast_totals(forecasts).province if forecasts else None,
        dossiers=facts.rates.get(agency.id),
        reports=dict(reports),
        is_unit=agency.id in facts.units,
    )


def build_quarters(
    session: Session, criterion_set: CriterionSet, number: int, today: date
) -> list[AgencyQuarter]:
    """Every agency with work in the set, its quarter ``number`` (order: as found)."""
    facts = _gather(session, criterion_set, quarter_of(criterion_set, number), today)
    return [_record(facts, agency, number) for agency in facts.agencies.values()]


def _dossier_rates(session: Session, agencies: list[Agency], period: Period) -> dict[int, Rate]:
    """A commune's on-time dossier rate over the quarter, from its centre's one-stop figures."""
    centres = {
        a.commune.centre.id: a.id for a in agencies if a.commune and a.commune.centre is not None
    }
    totals = fetch_period_totals(session, centres, period)
    return {centres[c]: t.on_time_rate for c, t in totals.items() if t.results > 0}


def agency_quarter(
    session: Session, criterion_set: CriterionSet, number: int, today: date, agency: Agency
) -> AgencyQuarter | None:
    """One agency's quarter (None when it has no work in the set)."""
    return next(
        (
            q
            for q in build_quarters(session, criterion_set, number, today)
            if q.agency.id == agency.id
        ),
        None,
    )
