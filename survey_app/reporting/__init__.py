"""The one bridge from database rows to tidy DataFrames for ``analysis``.

Every SIPAS figure depends only on counts per group, question and answer value, so the
database does the counting (GROUP BY over indexed columns) and Python never loads the
answers themselves. Suspect responses are left out unless asked for.
"""

from survey_app.reporting.counts import fetch_answer_counts, fetch_items, fetch_response_counts
from survey_app.reporting.exports import (
    EXPORT_RESPONSE_COLUMNS,
    fetch_export_answers,
    fetch_export_responses,
    fetch_response_period_counts,
)
from survey_app.reporting.filters import GROUPINGS, AnswerFilter, PeriodKind, period_label
from survey_app.reporting.patterns import fetch_answer_patterns

__all__ = [
    "EXPORT_RESPONSE_COLUMNS",
    "GROUPINGS",
    "AnswerFilter",
    "PeriodKind",
    "fetch_answer_counts",
    "fetch_answer_patterns",
    "fetch_export_answers",
    "fetch_export_responses",
    "fetch_items",
    "fetch_response_counts",
    "fetch_response_period_counts",
    "period_label",
]
