"""The figures the API hands out, turned from reporting's rows into response models."""

from __future__ import annotations

import numbers
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from survey_app.api.schemas import (
    CentreFigures,
    CentreItem,
    CentreList,
    CentreWarning,
    ComplaintsOnTime,
    FactorFigure,
    IndexFigure,
    Indices,
)
from survey_app.core import periods
from survey_app.core.weeks import last_full_week
from survey_app.models import Centre, Commune
from survey_app.reporting.centre_figures import Figure, build_centre_span
from survey_app.reporting.counts import fetch_items
from survey_app.reporting.judging import Finding, Judgement, judge
from survey_app.reporting.public_figures import (
    PUBLIC_QUESTION,
    Level,
    PublicRow,
    build_public_figures,
    public_weeks,
)

LATEST = "latest-12-weeks"


def centre_list(session: Session) -> CentreList:
    """Every active centre, by code."""
    rows = session.execute(
        select(Centre.key, Centre.name, Commune.name)
        .join(Commune)
        .where(Centre.active)
        .order_by(Centre.key)
    ).all()
    return CentreList(
        centres=[CentreItem(code=key, name=name, commune=commune) for key, name, commune in rows]
    )


def _span(month: tuple[date, date] | None) -> tuple[str, date, date]:
    if month is None:
        first, last = public_weeks()
        return LATEST, first, last
    return month[0].strftime("%Y-%m"), month[0], month[1]


def _index(row: PublicRow) -> IndexFigure:
    return IndexFigure(
        code=row.key,
        name=row.name,
        n=row.n,
        index=row.index,
        ci_low=row.ci_low,
        ci_high=row.ci_high,
        margin=row.margin,
        suppressed=row.index is None,
    )


def indices(session: Session, month: tuple[date, date] | None, level: str) -> Indices:
    """The public figures for the month (or the public page's twelve weeks) at ``level``."""
    label, first, last = _span(month)
    chosen: Level = (
        "province" if level == "province" else "commune" if level == "commune" else "centre"
    )
    view = build_public_figures(session, first, last, chosen)
    return Indices(
        period=label,
        first_day=view.first_day,
        last_day=view.last_day,
        level=chosen,
        question=PUBLIC_QUESTION,
        province=_index(view.province),
        rows=[_index(row) for row in view.rows],
    )


def _factor(figure: Figure) -> FactorFigure:
    return FactorFigure(
        key=figure.key,
        label=figure.label,
        n=figure.n,
        index=figure.value,
        ci_low=figure.ci_low,
        ci_high=figure.ci_high,
    )


def centre_figures(
    session: Session, centre: Centre, month: tuple[date, date] | None
) -> CentreFigures:
    """A centre's managers' figures for the month, or for the last full week's month."""
    if month is None:
        last_week = last_full_week()
        first = last_week.replace(day=1)
        month = first, last_week
    label, first, last = month[0].strftime("%Y-%m"), month[0], month[1]
    span = build_centre_span(session, centre, first, last)
    rate = span.complaints
    verdict = _verdict(session, centre, first)
    return CentreFigures(
        centre=centre.key,
        period=label,
        first_day=first,
        last_day=last,
        factors=[_factor(f) for f in span.factors],
        integrity=[_factor(f) for f in span.integrity],
        complaints=ComplaintsOnTime(
            resolved=rate.resolved if rate else 0,
            on_time=rate.on_time if rate else 0,
            judged=rate.judged if rate else 0,
            rate=rate.rate if rate else None,
            low=rate.low if rate else None,
            high=rate.high if rate else None,
            open_now=rate.open_now if rate else 0,
            overdue_now=rate.overdue_now if rate else 0,
        ),
        judged_on=verdict.window.kind if verdict and verdict.window else None,
        warnings=[_warning(f) for f in verdict.findings] if verdict else [],
    )


def _verdict(session: Session, centre: Centre, first: date) -> Judgement | None:
    """The week page's judgement of the centre for the month (None: nothing to judge)."""
    choice = periods.month(first.year, first.month)
    return judge(session, choice, fetch_items(session), centre_ids=[centre.id]).get(centre.id)


def _number(value: object) -> float | None:
    if not isinstance(value, numbers.Real) or value != value:  # None or NaN  # noqa: PLR0124
        return None
    return float(value)


def _warning(finding: Finding) -> CentreWarning:
    row = finding.row
    return CentreWarning(
        component=finding.component,
        reason=finding.reason,  # type: ignore[arg-type]
        rule=str(row.get("rule", "")),
        severity=finding.severity,  # type: ignore[arg-type]
        period=str(row.get("period", "")),
        n=int(_number(row.get("n_current")) or 0),
        current=_number(row.get("current")),
        previous=_number(row.get("previous")),
        upper_bound=_number(row.get("upper_bound")),
        target=_number(row.get("target")),
    )
