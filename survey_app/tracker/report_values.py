"""A report's measured value: which column a criterion's rule reads, and checking it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from flask_babel import gettext as _

from analysis.par_index import RuleError, parse_rule
from analysis.par_index.values import Count, DatePair, Done, IndexValue, Measured, Rate
from survey_app.models import Criterion, CriterionReport, Progress


class ValueProblemError(ValueError):
    """A value that the criterion's rule cannot read; the message says why, translated."""


@dataclass(frozen=True, slots=True)
class ReportValues:
    """What an agency fills in: progress, the one value its rule needs, an explanation."""

    progress: Progress
    value_number: float | None = None
    value_date: date | None = None
    value_bool: bool | None = None
    explanation: str = ""


# What each rule kind reads. The draft set's parameters are not all in the engine's form
# yet (its ladder is the engine's "timeliness", its bands are pairs): the measurement a
# kind needs does not depend on its parameters, so it is known even then.
KIND_VALUES = {
    "binary": "done",
    "timeliness": "dates",
    "ladder": "dates",
    "bands": "rate",
    "proportional": "rate",
    "deduction": "count",
    "survey": "index",
}


def value_kind(criterion: Criterion) -> str | None:
    """What the criterion's rule reads: done, dates, rate, count, index (None: no rule)."""
    if not criterion.rule_kind:
        return None
    try:
        rule = parse_rule(
            criterion.rule_kind, criterion.rule_params or {}, maximum=criterion.max_points
        )
    except RuleError:
        return KIND_VALUES.get(criterion.rule_kind.strip().lower())
    return rule.value_kind


def measured(
    criterion: Criterion, report: CriterionReport, due: date | None, as_of: date | None
) -> Measured | None:
    """The report's value as the scoring engine reads it (None: nothing usable reported)."""
    kind = value_kind(criterion)
    number = report.value_number
    builders: dict[str, Any] = {
        "done": lambda: None if report.value_bool is None else Done(report.value_bool),
        "dates": lambda: None if due is None else DatePair(due, report.value_date, as_of),
        "rate": lambda: None if number is None else Rate(number),
        "index": lambda: None if number is None else IndexValue(number),
        "count": lambda: None if number is None else Count(int(number)),
    }
    build = builders.get(kind or "")
    try:
        value: Measured | None = build() if build else None
    except RuleError:
        return None
    return value


def check_values(criterion: Criterion, values: ReportValues) -> ReportValues:
    """Keep only the column the rule reads, checked by the engine; raise ValueProblemError."""
    kind = value_kind(criterion)
    number = values.value_number
    try:
        if kind in ("rate", "index") and number is not None:
            Rate(number) if kind == "rate" else IndexValue(number)
        if kind == "count" and number is not None:
            if number != int(number):
                raise ValueProblemError(_("Số lần phải là số nguyên."))
            Count(int(number))
    except RuleError as error:
        raise ValueProblemError(
            _("Giá trị không hợp lệ: số không được âm, chỉ số từ 0 đến 100.")
        ) from error
    return ReportValues(
        progress=values.progress,
        value_number=number if kind in ("rate", "index", "count") else None,
        value_date=values.value_date if kind == "dates" else None,
        value_bool=values.value_bool if kind == "done" else None,
        explanation=values.explanation.strip(),
    )


def has_value(criterion: Criterion, report: CriterionReport) -> bool:
    """Whether the report holds what its rule needs (a date may be empty: not done yet)."""
    kind = value_kind(criterion)
    if kind == "done":
        return report.value_bool is not None
    if kind in ("rate", "index", "count"):
        return report.value_number is not None
    return True
