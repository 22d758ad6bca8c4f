"""Forecasts, points at risk, totals, PAR groups, delivery judgements and rankings."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.par_index import (
    Count,
    DatePair,
    Forecast,
    IndexEstimate,
    Rate,
    RuleError,
    forecast_criterion,
    forecast_survey_criterion,
    forecast_totals,
    judge_delivery,
    par_group,
    parse_rule,
    rank_scored_units,
)

# Pure arithmetic, but a loaded CI machine must not turn a slow example into a failure.
NO_DEADLINE = settings(deadline=None)

ON_TIME = parse_rule(
    "bands", {"bands": [{"threshold": 100, "points": 1}, {"threshold": 90, "points": 0.5}]}
)
SIPAS = parse_rule(
    "survey",
    {"mapping": "bands", "bands": [{"index": 85, "points": 3}, {"index": 80, "points": 2}]},
)


def test_forecast_applies_the_rule_to_the_latest_value():
    forecast = forecast_criterion(ON_TIME, 1.0, Rate(96.4), code="3.4.1", field="3", last_year=1.0)
    assert (forecast.points, forecast.at_risk, forecast.basis) == (0.5, 0.5, "reported")
    assert forecast.change == -0.5
    assert not forecast.assumed


def test_nothing_reported_assumes_last_years_points_and_says_so():
    forecast = forecast_criterion(ON_TIME, 1.0, None, last_year=0.5)
    assert (forecast.points, forecast.basis, forecast.assumed) == (0.5, "last_year", True)


def test_nothing_reported_and_no_last_year_assumes_zero_and_says_so():
    forecast = forecast_criterion(ON_TIME, 1.0, None)
    assert (forecast.points, forecast.at_risk, forecast.basis) == (0.0, 1.0, "nothing")
    assert forecast.change is None


def test_last_year_outside_the_maximum_is_refused():
    with pytest.raises(RuleError) as err:
        forecast_criterion(ON_TIME, 1.0, None, last_year=1.5)
    assert (err.value.code, err.value.field) == ("last_year_range", "last_year")


def test_survey_forecast_gives_points_for_the_estimate_and_both_ends():
    estimate = IndexEstimate(86.0, 84.0, 88.0, n=412)
    forecast = forecast_survey_criterion(SIPAS, 3.0, estimate, code="8.1", field="8")
    assert (forecast.points, forecast.points_low, forecast.points_high) == (3.0, 2.0, 3.0)
    assert (forecast.basis, forecast.n, forecast.at_risk) == ("survey_estimate", 412, 0.0)


def test_survey_interval_inside_one_band_gives_one_point_value():
    forecast = forecast_survey_criterion(SIPAS, 3.0, IndexEstimate(82.0, 80.5, 84.0, n=900))
    assert forecast.points == forecast.points_low == forecast.points_high == 2.0


def test_survey_without_answers_falls_back_like_other_criteria():
    forecast = forecast_survey_criterion(SIPAS, 3.0, None, last_year=2.0)
    assert (forecast.points, forecast.basis, forecast.points_low) == (2.0, "last_year", None)


def test_index_estimate_checks_its_interval():
    with pytest.raises(RuleError) as err:
        IndexEstimate(80.0, 82.0, 85.0, n=10)
    assert err.value.code == "interval_order"
    with pytest.raises(RuleError):
        IndexEstimate(80.0, 78.0, 85.0, n=-1)


def test_totals_by_field_and_for_the_province_against_last_year():
    late = parse_rule("deduction", {"per_breach": 0.25})
    ladder = parse_rule("timeliness", {"tiers": [{"days_late": 0, "share": 1}]})
    forecasts = [
        forecast_criterion(ON_TIME, 1.0, Rate(92.0), code="3.1", field="3", last_year=1.0),
        forecast_criterion(late, 1.0, Count(2), code="3.2", field="3", last_year=0.25),
        forecast_criterion(
            ladder,
            2.0,
            DatePair(date(2026, 6, 30), date(2026, 6, 29)),
            code="1.1",
            field="1",
            last_year=2.0,
        ),
        forecast_survey_criterion(
            SIPAS, 3.0, IndexEstimate(84.0, 79.0, 87.0, n=300), code="8.1", field="8", last_year=2.0
        ),
    ]
    totals = forecast_totals(forecasts)
    assert [t.scope for t in totals.fields] == ["3", "1", "8"]
    field3 = totals.fields[0]
    assert (field3.maximum, field3.points, field3.at_risk) == (2.0, 1.0, 1.0)
    assert field3.last_year == 1.25
    assert field3.change == pytest.approx(-0.25)
    assert field3.index == 50.0
    province = totals.province
    assert (province.maximum, province.points, province.at_risk) == (7.0, 5.0, 2.0)
    assert (province.points_low, province.points_high) == (3.0, 6.0)
    assert province.survey_points == 2.0
    assert province.last_year == 5.25


def test_totals_count_assumed_points_and_missing_last_year():
    totals = forecast_totals(
        [
            forecast_criterion(ON_TIME, 1.0, None, code="a", field="1", last_year=1.0),
            forecast_criterion(ON_TIME, 1.0, Rate(100.0), code="b", field="1"),
        ]
    )
    assert totals.province.assumed == 1
    assert (totals.province.last_year, totals.province.last_year_missing) == (None, 1)
    assert totals.province.change is None


@pytest.mark.parametrize(
    ("points", "group"),
    [
        (95.0, "A"),
        (90.0, "A"),
        (89.99, "B"),
        (80.0, "B"),
        (79.5, "C"),
        (70.0, "C"),
        (69.99, "below_C"),
    ],
)
def test_par_groups_at_their_boundaries(points, group):
    assert par_group(points).group == group


def test_par_group_of_a_set_with_another_total():
    assert par_group(45.0, total=50.0) == par_group(90.0)


# -- delivery judgement --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("points", "previous", "overdue", "level", "reason"),
    [
        (2.0, None, 0, "green", "full"),
        (2.0, 2.0, 1, "amber_green", "full_but_overdue"),
        (1.5, 1.5, 0, "amber_green", "partial"),
        (1.5, 1.0, 0, "amber_green", "partial"),
        (1.5, 2.0, 0, "amber_red", "partial_and_worsening"),
        (1.5, 1.0, 2, "amber_red", "partial_and_overdue"),
        (1.0, 0.5, 0, "amber_red", "low_but_improving"),
        (1.0, 0.5, 1, "red", "low_and_overdue"),
        (1.0, 1.0, 0, "red", "low"),
        (0.0, None, 0, "red", "low"),
    ],
)
def test_delivery_judgement_in_four_levels(points, previous, overdue, level, reason):
    judgement = judge_delivery(points, 2.0, previous=previous, overdue=overdue)
    assert (judgement.level, judgement.reason) == (level, reason)
    assert judgement.text.endswith(".")


def test_judgement_refuses_negative_overdue_counts():
    with pytest.raises(RuleError) as err:
        judge_delivery(1.0, 2.0, overdue=-1)
    assert err.value.code == "negative_overdue"


# -- ranking -------------------------------------------------------------------------------


def test_ranking_shares_ranks_on_ties_and_skips_after_them():
    ranked = rank_scored_units({"Sở A": 88.5, "Xã B": 91.25, "Xã C": 88.5, "Sở D": 70.0})
    assert [(r.unit, r.rank, r.tied) for r in ranked] == [
        ("Xã B", 1, False),
        ("Sở A", 2, True),
        ("Xã C", 2, True),
        ("Sở D", 4, False),
    ]


def test_ranking_ties_differences_below_the_published_precision():
    ranked = rank_scored_units({"a": 80.001, "b": 80.004, "c": 80.01})
    assert [(r.unit, r.rank) for r in ranked] == [("c", 1), ("a", 2), ("b", 2)]
    assert ranked[2].score == 80.004  # the score itself is not rounded


def test_ranking_refuses_scores_that_are_not_numbers():
    with pytest.raises(RuleError):
        rank_scored_units({"a": float("nan")})


@NO_DEADLINE
@given(st.dictionaries(st.text(min_size=1, max_size=4), st.floats(0, 100), min_size=1))
def test_ranks_are_consistent_with_scores(scores):
    ranked = rank_scored_units(scores)
    rounded = [round(r.score, 2) for r in ranked]
    assert rounded == sorted(rounded, reverse=True)
    for unit, value in zip(ranked, rounded, strict=True):
        assert unit.rank == 1 + sum(other > value for other in rounded)
        assert unit.tied == (rounded.count(value) > 1)


@NO_DEADLINE
@given(points=st.floats(0, 3), low=st.floats(0, 100), high=st.floats(0, 100))
def test_forecast_points_stay_within_the_maximum(points, low, high):
    low, high = sorted((low, high))
    estimate = IndexEstimate(low, low, high, n=50)
    forecast = forecast_survey_criterion(SIPAS, 3.0, estimate, last_year=points)
    assert 0.0 <= forecast.points_low <= forecast.points <= forecast.points_high <= 3.0
    assert isinstance(forecast, Forecast)
