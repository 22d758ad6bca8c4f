"""The PAR INDEX engine: scoring rules as data, forecasts, judgements and set checks.

A pure library (python, no storage) that the criterion tracker calls: it never imports
flask, sqlalchemy or survey_app. :mod:`~analysis.par_index.rules` parses a criterion's
rule from its kind and plain-dict parameters; :mod:`~analysis.par_index.forecast` turns
the latest accepted values into forecasts, points at risk, totals and the PAR group;
:mod:`~analysis.par_index.standing` judges delivery in four levels and ranks units;
:mod:`~analysis.par_index.sets` checks a criterion set's structure row by row. Errors and
texts are codes plus numbers, with English reference sentences the app mirrors in
Vietnamese (:data:`ERROR_MESSAGES`, :data:`DESCRIPTIONS`, :data:`JUDGEMENT_TEXT`).
"""

from __future__ import annotations

from analysis.par_index.describe import DESCRIPTIONS, Description, Line
from analysis.par_index.errors import ERROR_MESSAGES, RuleError, render_message
from analysis.par_index.forecast import (
    BASES,
    GROUPS,
    Forecast,
    IndexEstimate,
    ParGroup,
    Total,
    Totals,
    forecast_criterion,
    forecast_survey_criterion,
    forecast_totals,
    par_group,
)
from analysis.par_index.rules import (
    KINDS,
    Band,
    BandsRule,
    BinaryRule,
    DeductionRule,
    ProportionalRule,
    Rule,
    SurveyRule,
    Tier,
    TimelinessRule,
    parse_rule,
)
from analysis.par_index.sets import SET_LEVELS, Problem, SetItem, check_set, scored_items
from analysis.par_index.standing import (
    JUDGEMENT_TEXT,
    LEVELS,
    Judgement,
    RankedUnit,
    judge_delivery,
    rank_scored_units,
)
from analysis.par_index.values import (
    VALUE_KINDS,
    Count,
    DatePair,
    Done,
    IndexValue,
    Measured,
    Rate,
    parse_value,
    value_params,
)

__all__ = [
    "BASES",
    "DESCRIPTIONS",
    "ERROR_MESSAGES",
    "GROUPS",
    "JUDGEMENT_TEXT",
    "KINDS",
    "LEVELS",
    "SET_LEVELS",
    "VALUE_KINDS",
    "Band",
    "BandsRule",
    "BinaryRule",
    "Count",
    "DatePair",
    "DeductionRule",
    "Description",
    "Done",
    "Forecast",
    "IndexEstimate",
    "IndexValue",
    "Judgement",
    "Line",
    "Measured",
    "ParGroup",
    "Problem",
    "ProportionalRule",
    "RankedUnit",
    "Rate",
    "Rule",
    "RuleError",
    "SetItem",
    "SurveyRule",
    "Tier",
    "TimelinessRule",
    "Total",
    "Totals",
    "check_set",
    "forecast_criterion",
    "forecast_survey_criterion",
    "forecast_totals",
    "judge_delivery",
    "par_group",
    "parse_rule",
    "parse_value",
    "rank_scored_units",
    "render_message",
    "scored_items",
    "value_params",
]
