"""HàiLòng analysis: SIPAS indices, intervals, tests, rankings and alerts from counts.

A pure library (pandas, numpy, scipy): it never imports flask, sqlalchemy or
survey_app. Public functions take a DataFrame plus column names and return a tidy
DataFrame or a frozen dataclass, and never modify their input. Figures are computed
from counts per group, question and answer value (:func:`count_answers`), which the
app gets from SQL ``GROUP BY``; raw answers are accepted too and counted first.
"""

from __future__ import annotations

from analysis.alerts import MESSAGES, RULE_TEXT, early_warnings, format_message
from analysis.compare import benjamini_hochberg, period_change
from analysis.counts import as_counts, count_answers, expand_counts
from analysis.ewma import ewma_chart
from analysis.fix_first import fix_first
from analysis.indices import composite_indices, item_indices, sipas_indices, sipas_score
from analysis.integrity import (
    INTEGRITY_INDICATORS,
    ShareDefinition,
    integrity_shares,
    option_shares,
)
from analysis.integrity_alerts import (
    INDICATOR_TEXT,
    SERIOUS_INDICATORS,
    TOLERANCES,
    integrity_warnings,
)
from analysis.intervals import Interval, binomial_draws, bootstrap_interval, wilson_interval
from analysis.method import (
    POLICIES,
    POLICY_FACTORS,
    SERVICE_FACTORS,
    SERVICE_ITEMS,
    Component,
    IndexStructure,
    SipasMethod,
    index_structure,
    national_survey_items,
)
from analysis.periods import add_period, period_order, previous_periods
from analysis.ranking import BetaPrior, fit_beta_prior, rank_intervals, rank_units
from analysis.reliability import DriverAnalysis, cronbach_alpha, driver_analysis
from analysis.respondent import CoCounts, co_counts, pattern_counts
from analysis.sampling import pps_systematic_sample, yamane_sample_size
from analysis.suspect import SuspectRules, suspect_responses

__all__ = [
    "INDICATOR_TEXT",
    "INTEGRITY_INDICATORS",
    "MESSAGES",
    "POLICIES",
    "POLICY_FACTORS",
    "RULE_TEXT",
    "SERIOUS_INDICATORS",
    "SERVICE_FACTORS",
    "SERVICE_ITEMS",
    "TOLERANCES",
    "BetaPrior",
    "CoCounts",
    "Component",
    "DriverAnalysis",
    "IndexStructure",
    "Interval",
    "ShareDefinition",
    "SipasMethod",
    "SuspectRules",
    "add_period",
    "as_counts",
    "benjamini_hochberg",
    "binomial_draws",
    "bootstrap_interval",
    "co_counts",
    "composite_indices",
    "count_answers",
    "cronbach_alpha",
    "driver_analysis",
    "early_warnings",
    "ewma_chart",
    "expand_counts",
    "fit_beta_prior",
    "fix_first",
    "format_message",
    "index_structure",
    "integrity_shares",
    "integrity_warnings",
    "item_indices",
    "national_survey_items",
    "option_shares",
    "pattern_counts",
    "period_change",
    "period_order",
    "pps_systematic_sample",
    "previous_periods",
    "rank_intervals",
    "rank_units",
    "sipas_indices",
    "sipas_score",
    "suspect_responses",
    "wilson_interval",
    "yamane_sample_size",
]
