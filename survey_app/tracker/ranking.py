"""The internal index's ranking: every agency scored on the whole set from its own reports.

In the internal index each agency (department, commune) is a scored unit: its points are
the set's rules applied to its own latest accepted values (a criterion it has not reported
yet scores 0: nothing to show for it). Ranks are the engine's (ties share a rank).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from analysis.par_index import RankedUnit, RuleError, parse_rule, rank_scored_units
from survey_app.models import (
    Agency,
    Assignment,
    Criterion,
    CriterionLevel,
    CriterionReport,
    CriterionSet,
    ReportingPeriod,
    ReportStatus,
)
from survey_app.tracker.report_values import measured


@dataclass(frozen=True, slots=True)
class AgencyRank:
    """An agency's forecast points on the set, its rank and how many criteria it reported."""

    agency: Agency
    ranked: RankedUnit
    reported: int


def rank_agencies(session: Session, criterion_set: CriterionSet) -> list[AgencyRank]:
    """The agencies with work in the set, ranked by their points from accepted reports."""
    components = {c.id: c for c in criterion_set.criteria if c.level is CriterionLevel.COMPONENT}
    deadlines = {
        a.criterion_id: a.deadline
        for a in session.scalars(
            select(Assignment).where(Assignment.criterion_id.in_(list(components)))
        )
    }
    agencies: dict[int, Agency] = {
        a.lead_agency.id: a.lead_agency
        for a in session.scalars(
            select(Assignment)
            .where(Assignment.criterion_id.in_(list(components)))
            .options(selectinload(Assignment.lead_agency))
        )
    }
    latest: dict[tuple[int, int], float] = {}
    reports = session.scalars(
        select(CriterionReport)
        .join(CriterionReport.period)
        .where(
            ReportingPeriod.set_id == criterion_set.id,
            CriterionReport.status == ReportStatus.ACCEPTED,
        )
        .options(selectinload(CriterionReport.agency), selectinload(CriterionReport.period))
        .order_by(ReportingPeriod.month, CriterionReport.version)
    )
    for report in reports:
        criterion: Criterion | None = components.get(report.criterion_id)
        if criterion is None:
            continue
        agencies[report.agency.id] = report.agency
        value = measured(criterion, report, deadlines.get(criterion.id), report.period.deadline)
        if value is None:
            continue
        try:
            rule = parse_rule(
                criterion.rule_kind or "", criterion.rule_params or {}, maximum=criterion.max_points
            )
            latest[(report.agency.id, criterion.id)] = rule.score(value, criterion.max_points)
        except RuleError:
            continue
    scores = {
        str(agency_id): sum(p for (a, _c), p in latest.items() if a == agency_id)
        for agency_id in agencies
    }
    counts = {a: sum(1 for (b, _c) in latest if b == a) for a in agencies}
    return [
        AgencyRank(agencies[int(r.unit)], r, counts[int(r.unit)]) for r in rank_scored_units(scores)
    ]
