"""Where a criterion set stands: each component's forecast, points at risk, judgement, totals.

The scoring engine (``analysis.par_index``) does the arithmetic; this module gathers its
inputs: each component's rule, its latest accepted value (the monthly cycle's
``latest_accepted_values``), last year's appraised points, its overdue remediation tasks,
and for the survey-derived criteria this service's own survey estimates (a forecast of
points the ministry will set, with the interval of the index carried into points).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from analysis.par_index import (
    Forecast,
    IndexEstimate,
    Judgement,
    Measured,
    ParGroup,
    RuleError,
    Totals,
    forecast_criterion,
    forecast_survey_criterion,
    forecast_totals,
    judge_delivery,
    par_group,
    parse_rule,
)
from survey_app.models import (
    Agency,
    Assignment,
    Criterion,
    CriterionLevel,
    CriterionSet,
    CriterionSource,
    LastYearResult,
    SetStatus,
)
from survey_app.tracker.reports import latest_accepted_values
from survey_app.tracker.survey_estimates import survey_estimates
from survey_app.tracker.tasks import fetch_overdue_tasks

REASONS = {
    "full": _l("Dự báo đủ điểm."),
    "full_but_overdue": _l("Dự báo đủ điểm nhưng có việc khắc phục quá hạn."),
    "partial_and_overdue": _l("Dự báo mất một phần điểm và có việc khắc phục quá hạn."),
    "partial_and_worsening": _l("Dự báo mất một phần điểm và đang xấu đi."),
    "partial": _l("Dự báo mất một phần điểm."),
    "low_and_overdue": _l("Dự báo thấp và có việc khắc phục quá hạn."),
    "low_but_improving": _l("Dự báo thấp nhưng đang cải thiện."),
    "low": _l("Dự báo thấp."),
}
BASES = {
    "reported": _l("theo số liệu đã duyệt"),
    "survey_estimate": _l("dự báo từ khảo sát của hệ thống"),
    "last_year": _l("chưa báo cáo: giả định bằng điểm năm trước"),
    "nothing": _l("chưa báo cáo, không có điểm năm trước: giả định 0 điểm"),
}
GROUP_NAMES = {"A": "A", "B": "B", "C": "C", "below_C": _l("dưới C")}


@dataclass(frozen=True, slots=True)
class CriterionStanding:
    """One component criterion: its forecast, judgement, lead agency and overdue tasks."""

    criterion: Criterion
    field: Criterion
    forecast: Forecast
    judgement: Judgement
    agency: Agency | None
    overdue: int
    estimate: IndexEstimate | None = None

    @property
    def reason(self) -> str:
        """The judgement and how the forecast was made, in one sentence.

        "Dự báo thấp (theo số liệu đã duyệt)." rather than a full stop before the bracket.
        """
        judgement = str(REASONS[self.judgement.reason]).rstrip(".")
        return f"{judgement} ({BASES[self.forecast.basis]})."


@dataclass(frozen=True, slots=True)
class SetStanding:
    """A set's standing: every component, totals by field and overall, the group."""

    criterion_set: CriterionSet
    items: list[CriterionStanding]
    totals: Totals
    fields: dict[str, Criterion]
    group: ParGroup | None

    @property
    def is_draft(self) -> bool:
        """Whether the set is a draft (its figures are not the province's decision)."""
        return self.criterion_set.status is SetStatus.DRAFT or self.criterion_set.is_draft_annex

    @property
    def at_risk(self) -> list[CriterionStanding]:
        """Components losing points, most points at risk first."""
        losing = [i for i in self.items if i.forecast.at_risk > 0.005]
        return sorted(losing, key=lambda i: (-i.forecast.at_risk, i.criterion.position))

    def group_name(self) -> str:
        """The PAR group in words ("" when not computed)."""
        return "" if self.group is None else str(GROUP_NAMES[self.group.group])


def _field_of(criterion: Criterion) -> Criterion:
    node = criterion
    while node.parent is not None:
        node = node.parent
    return node


def _forecast(
    criterion: Criterion,
    field: str,
    values: dict[int, Measured],
    estimates: dict[str, IndexEstimate],
    last_year: float | None,
) -> tuple[Forecast, IndexEstimate | None]:
    maximum = criterion.max_points
    top = None if last_year is None else min(max(last_year, 0.0), maximum)
    try:
        rule = parse_rule(criterion.rule_kind or "", criterion.rule_params or {}, maximum=maximum)
    except RuleError:
        rule = None
    if rule is not None and criterion.source is CriterionSource.SURVEY:
        estimate = estimates.get(criterion.survey_index or "")
        found = forecast_survey_criterion(
            rule, maximum, estimate, code=criterion.code, field=field, last_year=top
        )
        return found, estimate
    if rule is None:  # a rule the engine refuses (loaded before the checks): nothing known
        return Forecast(criterion.code, field, maximum, top or 0.0, "nothing", top), None
    value = values.get(criterion.id)
    return forecast_criterion(
        rule, maximum, value, code=criterion.code, field=field, last_year=top
    ), None


def set_standing(
    session: Session,
    criterion_set: CriterionSet,
    today: date,
    *,
    agency: Agency | None = None,
    with_survey: bool = True,
    through: date | None = None,
) -> SetStanding:
    """The set's standing on ``today``; with ``agency``, only the criteria it leads.

    With ``through``, reports of later months are left out (a past quarter's standing).
    """
    components = [c for c in criterion_set.criteria if c.level is CriterionLevel.COMPONENT]
    leads = {
        a.criterion_id: a.lead_agency
        for a in session.scalars(
            select(Assignment)
            .join(Assignment.criterion)
            .where(Criterion.set_id == criterion_set.id)
        )
    }
    if agency is not None:
        components = [c for c in components if (lead := leads.get(c.id)) and lead.id == agency.id]
    last = {
        r.criterion_id: r.points_appraised
        for r in session.scalars(
            select(LastYearResult).where(
                LastYearResult.criterion_id.in_([c.id for c in components])
            )
        )
    }
    values = latest_accepted_values(session, criterion_set.id, through=through)
    estimates = survey_estimates(session, criterion_set.year, today) if with_survey else {}
    overdue: dict[int, int] = {}
    for task in fetch_overdue_tasks(session, criterion_set, today):
        overdue[task.criterion_id] = overdue.get(task.criterion_id, 0) + 1
    fields: dict[str, Criterion] = {}
    items: list[CriterionStanding] = []
    for criterion in sorted(components, key=lambda c: c.position):
        field = _field_of(criterion)
        fields[field.code] = field
        forecast, estimate = _forecast(
            criterion, field.code, values, estimates, last.get(criterion.id)
        )
        judgement = judge_delivery(
            forecast.points, forecast.maximum, overdue=overdue.get(criterion.id, 0)
        )
        items.append(
            CriterionStanding(
                criterion,
                field,
                forecast,
                judgement,
                leads.get(criterion.id),
                overdue.get(criterion.id, 0),
                estimate,
            )
        )
    totals = forecast_totals([i.forecast for i in items])
    group = None
    if agency is None and items and criterion_set.declared_total > 0:
        group = par_group(totals.province.points, criterion_set.declared_total)
    return SetStanding(criterion_set, items, totals, fields, group)


def unit_items(
    session: Session, standing: SetStanding, agency: Agency, *, through: date | None = None
) -> list[CriterionStanding]:
    """An internal-index unit's own standing on the set's criteria.

    Each self-assessed criterion from the agency's own latest accepted report (one it has
    not reported scores 0, as in the ranking: nothing to show for it); survey-derived ones
    as the set's.
    """
    values = latest_accepted_values(
        session, standing.criterion_set.id, through=through, agency=agency
    )
    items = []
    for item in standing.items:
        if item.criterion.source is CriterionSource.SURVEY:
            items.append(item)
            continue
        forecast, _estimate = _forecast(item.criterion, item.field.code, values, {}, None)
        judgement = judge_delivery(forecast.points, forecast.maximum, overdue=item.overdue)
        items.append(replace(item, forecast=forecast, judgement=judgement))
    return items
