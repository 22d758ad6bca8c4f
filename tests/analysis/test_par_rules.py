"""The PAR INDEX scoring rules: a worked example per kind, their edges, and their errors."""

from __future__ import annotations

import json
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.par_index import (
    KINDS,
    VALUE_KINDS,
    Count,
    DatePair,
    DeductionRule,
    Done,
    IndexValue,
    Rate,
    Rule,
    RuleError,
    parse_rule,
    parse_value,
    value_params,
)

# Pure arithmetic, but a loaded CI machine must not turn a slow example into a failure.
NO_DEADLINE = settings(deadline=None)

ONE_STOP_BANDS = {  # on-time rate of one-stop dossiers: ≥ 100 % full, 90–<100 % half, else 0
    "bands": [{"threshold": 100, "points": 1.0}, {"threshold": 90, "points": 0.5}]
}
LADDER = {"tiers": [{"days_late": 0, "share": 1}, {"days_late": 15, "share": 0.5}]}
DUE = date(2026, 3, 31)

# -- worked examples, one per kind ---------------------------------------------------------


def test_binary_gives_all_or_nothing():
    rule = parse_rule("binary", {})
    assert rule.score(Done(True), 1.5) == 1.5
    assert rule.score(Done(False), 1.5) == 0.0


@pytest.mark.parametrize(
    ("done", "points"),
    [
        (date(2026, 3, 20), 2.0),  # early
        (DUE, 2.0),  # on the due date
        (date(2026, 4, 1), 1.0),  # late by one day
        (date(2026, 4, 15), 1.0),  # the last day of the grace tier
        (date(2026, 4, 16), 0.0),  # beyond every tier
    ],
)
def test_timeliness_ladder_scores_by_days_late(done, points):
    assert parse_rule("timeliness", LADDER).score(DatePair(DUE, done), 2.0) == points


def test_timeliness_open_task_scores_the_best_still_within_reach():
    rule = parse_rule("timeliness", LADDER)
    assert rule.score(DatePair(DUE, None, as_of=date(2026, 3, 1)), 2.0) == 2.0
    assert rule.score(DatePair(DUE, None, as_of=date(2026, 4, 10)), 2.0) == 1.0
    assert rule.score(DatePair(DUE, None, as_of=date(2026, 5, 1)), 2.0) == 0.0
    assert rule.score(DatePair(DUE, None), 2.0) == 0.0  # never done, no reading date


@pytest.mark.parametrize(
    ("rate", "points"),
    [(120.0, 1.0), (100.0, 1.0), (99.99, 0.5), (90.0, 0.5), (89.99, 0.0), (0.0, 0.0)],
)
def test_bands_on_and_around_the_thresholds(rate, points):
    assert parse_rule("bands", ONE_STOP_BANDS).score(Rate(rate), 1.0) == points


def test_bands_threshold_reached_despite_float_rounding():
    # 29 of 100 as a share times 100 is 28.999999999999996 in binary floating point
    rule = parse_rule("bands", {"bands": [{"threshold": 29, "points": 1}]})
    assert rule.score(Rate(0.29 * 100), 1.0) == 1.0


def test_bands_lower_is_better():
    rule = parse_rule(
        "bands",
        {
            "direction": "lower",
            "bands": [{"threshold": 0, "points": 1}, {"threshold": 5, "points": 0.5}],
        },
    )
    assert [rule.score(Rate(r), 1.0) for r in (0, 3, 5, 5.01)] == [1.0, 0.5, 0.5, 0.0]


def test_proportional_is_maximum_times_rate_clipped():
    rule = parse_rule("proportional", {})
    assert rule.score(Rate(62.5), 2.0) == pytest.approx(1.25)
    assert rule.score(Rate(140.0), 2.0) == 2.0  # a rate above 100 % cannot exceed the maximum


def test_proportional_between_two_rates():
    rule = parse_rule("proportional", {"zero_at": 50, "full_at": 90})
    assert [rule.score(Rate(r), 1.0) for r in (40, 50, 70, 90, 99)] == [0, 0, 0.5, 1, 1]


def test_deduction_per_breach_floor_zero_and_cap():
    plain = parse_rule("deduction", {"per_breach": 0.25})
    assert [plain.score(Count(n), 1.0) for n in (0, 1, 3, 4, 9)] == [1, 0.75, 0.25, 0, 0]
    capped = parse_rule("deduction", {"per_breach": 0.25, "cap": 0.5})
    assert capped.score(Count(9), 1.0) == 0.5


def test_survey_bands_and_linear_mapping():
    bands = parse_rule(
        "survey",
        {"mapping": "bands", "bands": [{"index": 85, "points": 2}, {"index": 75, "points": 1}]},
    )
    assert [bands.score(IndexValue(x), 2.0) for x in (90, 85, 80, 74.9)] == [2, 2, 1, 0]
    linear = parse_rule(
        "survey",
        {
            "mapping": "linear",
            "low": {"index": 60, "points": 0.5},
            "high": {"index": 80, "points": 2},
        },
    )
    assert [linear.score(IndexValue(x), 2.0) for x in (50, 60, 70, 80, 99)] == [
        0.5,
        0.5,
        1.25,
        2.0,
        2.0,
    ]


# -- values --------------------------------------------------------------------------------


def test_negative_counts_and_rates_are_refused():
    with pytest.raises(RuleError) as count_error:
        Count(-1)
    assert (count_error.value.code, count_error.value.field) == ("negative_count", "value")
    with pytest.raises(RuleError, match="negative"):
        Rate(-0.1)
    with pytest.raises(RuleError) as index_error:
        IndexValue(100.5)
    assert index_error.value.code == "index_range"


def test_a_value_of_the_wrong_kind_is_refused():
    with pytest.raises(RuleError) as err:
        parse_rule("deduction", {"per_breach": 0.5}).score(Rate(3.0), 1.0)
    assert err.value.code == "wrong_value"
    assert err.value.params["expected"] == "count"


@pytest.mark.parametrize(
    "value",
    [
        Done(False),
        DatePair(DUE, date(2026, 4, 2), as_of=date(2026, 4, 5)),
        DatePair(DUE),
        Rate(103.5),
        Count(4),
        IndexValue(81.25),
    ],
)
def test_values_round_trip_through_json(value):
    kind = {Done: "done", DatePair: "dates", Rate: "rate", Count: "count", IndexValue: "index"}
    raw = json.loads(json.dumps(value_params(value)))
    assert parse_value(kind[type(value)], raw) == value


@pytest.mark.parametrize(
    ("kind", "raw", "code", "field"),
    [
        ("dates", {"done": "2026-04-01"}, "missing", "due"),
        ("dates", {"due": "31/03/2026"}, "not_date", "due"),
        ("done", {"done": "yes"}, "not_choice", "done"),
        ("count", {"n": 2.5}, "not_integer", "n"),
        ("count", {"n": -1}, "negative_count", "value"),
        ("rate", {"percent": None}, "missing", "percent"),
        ("rate", {"percent": 90, "n": 3}, "unexpected", "n"),
        ("index", {"percent": 101}, "index_range", "value"),
        ("score", {}, "not_choice", "value_kind"),
    ],
)
def test_bad_stored_values_name_their_code_and_field(kind, raw, code, field):
    with pytest.raises(RuleError) as err:
        parse_value(kind, raw)
    assert (err.value.code, err.value.field) == (code, field)


def test_every_rule_asks_for_a_known_kind_of_value():
    samples = {"binary": {}, "timeliness": LADDER, "bands": ONE_STOP_BANDS, "proportional": {}}
    samples |= {"deduction": {"per_breach": 1}, "survey": {"bands": [{"index": 1, "points": 1}]}}
    assert sorted(samples) == sorted(KINDS)
    assert {parse_rule(k, v).value_kind for k, v in samples.items()} == set(VALUE_KINDS)


# -- parsing errors ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "params", "code", "field"),
    [
        ("bonus", {}, "unknown_kind", "kind"),
        ("binary", {"points": 1}, "unexpected", "points"),
        ("bands", {}, "missing", "bands"),
        ("bands", {"bands": []}, "empty_bands", "bands"),
        ("bands", {"bands": "100:1"}, "not_list", "bands"),
        (
            "bands",
            {"bands": [{"threshold": "abc", "points": 1}]},
            "not_number",
            "bands[0].threshold",
        ),
        (
            "bands",
            {"bands": [{"threshold": 90, "points": 1}, {"threshold": 95, "points": 0.5}]},
            "bands_order",
            "bands",
        ),
        (
            "bands",
            {"bands": [{"threshold": 100, "points": 0.5}, {"threshold": 90, "points": 1}]},
            "bands_points_order",
            "bands",
        ),
        (
            "bands",
            {"direction": "up", "bands": [{"threshold": 1, "points": 1}]},
            "not_choice",
            "direction",
        ),
        (
            "timeliness",
            {"tiers": [{"days_late": 1.5, "share": 1}]},
            "not_integer",
            "tiers[0].days_late",
        ),
        (
            "timeliness",
            {"tiers": [{"days_late": 0, "share": 1.2}]},
            "share_range",
            "tiers[0].share",
        ),
        (
            "timeliness",
            {"tiers": [{"days_late": 10, "share": 0.5}, {"days_late": 5, "share": 0.2}]},
            "tiers_order",
            "tiers",
        ),
        ("proportional", {"zero_at": 80, "full_at": 60}, "rates_order", "full_at"),
        ("deduction", {}, "missing", "per_breach"),
        ("deduction", {"per_breach": -0.5}, "not_positive", "per_breach"),
        ("deduction", {"per_breach": 0.5, "cap": 0}, "not_positive", "cap"),
        ("survey", {"mapping": "linear", "low": {"index": 80, "points": 0}}, "missing", "high"),
        (
            "survey",
            {
                "mapping": "linear",
                "low": {"index": 80, "points": 0},
                "high": {"index": 70, "points": 1},
            },
            "anchors_order",
            "high",
        ),
        (
            "survey",
            {
                "mapping": "linear",
                "low": {"index": 0, "points": 0},
                "high": {"index": 120, "points": 1},
            },
            "index_range",
            "high.index",
        ),
    ],
)
def test_bad_parameters_name_their_code_and_field(kind, params, code, field):
    with pytest.raises(RuleError) as err:
        parse_rule(kind, params)
    assert (err.value.code, err.value.field) == (code, field)
    assert str(err.value).endswith(".")  # a sentence, not a repr


def test_points_above_the_maximum_are_refused_when_parsing_and_scoring():
    params = {"bands": [{"threshold": 90, "points": 1.5}]}
    with pytest.raises(RuleError) as err:
        parse_rule("bands", params, maximum=1.0)
    assert (err.value.code, err.value.field) == ("points_above_maximum", "bands[0].points")
    with pytest.raises(RuleError, match="maximum"):
        parse_rule("bands", params).score(Rate(95.0), 1.0)


def test_excel_cells_with_a_decimal_comma_are_read():
    rule = parse_rule("deduction", {"per_breach": "0,5", "cap": " 1,5 "})
    assert rule == DeductionRule(0.5, 1.5)


@pytest.mark.parametrize(
    ("kind", "params"),
    [
        ("binary", {}),
        ("timeliness", LADDER),
        ("bands", ONE_STOP_BANDS),
        ("proportional", {"zero_at": 50, "full_at": 90}),
        ("deduction", {"per_breach": 0.25, "cap": 1}),
        ("survey", {"mapping": "bands", "bands": [{"index": 80, "points": 1}]}),
        (
            "survey",
            {
                "mapping": "linear",
                "low": {"index": 60, "points": 0},
                "high": {"index": 90, "points": 1},
            },
        ),
    ],
)
def test_params_round_trip_through_json(kind, params):
    rule = parse_rule(kind, params)
    assert parse_rule(kind, json.loads(json.dumps(rule.params()))) == rule
    assert rule.kind in KINDS


def test_describe_gives_coded_lines_and_english_text():
    description = parse_rule("bands", ONE_STOP_BANDS).describe()
    assert [line.code for line in description.lines] == [
        "rate_at_least",
        "rate_at_least",
        "band_else",
    ]
    assert description.lines[1].values == {"threshold": 90.0, "points": 0.5}
    assert description.text.startswith("Rate at least 100 %: 1 points.")
    for kind, params in [("timeliness", LADDER), ("deduction", {"per_breach": 1, "cap": 2})]:
        assert parse_rule(kind, params).describe().text


# -- properties ----------------------------------------------------------------------------

rates = st.floats(min_value=0, max_value=500, allow_nan=False)
maxima = st.floats(min_value=0, max_value=20, allow_nan=False)


@st.composite
def band_rules(draw: st.DrawFn) -> Rule:
    thresholds = sorted(
        draw(st.lists(st.integers(0, 150), min_size=1, max_size=5, unique=True)), reverse=True
    )
    points = sorted(
        draw(st.lists(st.floats(0, 1), min_size=len(thresholds), max_size=len(thresholds))),
        reverse=True,
    )
    return parse_rule(
        "bands",
        {"bands": [{"threshold": t, "points": p} for t, p in zip(thresholds, points, strict=True)]},
    )


@NO_DEADLINE
@given(rule=band_rules(), low=rates, high=rates)
def test_bands_are_monotone_in_the_rate_and_within_the_maximum(rule, low, high):
    low, high = sorted((low, high))
    assert 0.0 <= rule.score(Rate(low), 1.0) <= rule.score(Rate(high), 1.0) <= 1.0


@NO_DEADLINE
@given(low=rates, high=rates, maximum=maxima)
def test_proportional_is_monotone_and_within_the_maximum(low, high, maximum):
    rule = parse_rule("proportional", {})
    low, high = sorted((low, high))
    assert 0.0 <= rule.score(Rate(low), maximum) <= rule.score(Rate(high), maximum) <= maximum


@NO_DEADLINE
@given(n=st.integers(0, 1000), per=st.floats(0.01, 5), maximum=maxima)
def test_deduction_stays_within_zero_and_the_maximum(n, per, maximum):
    score = parse_rule("deduction", {"per_breach": per}).score(Count(n), maximum)
    assert 0.0 <= score <= maximum


@NO_DEADLINE
@given(days=st.integers(-400, 400), maximum=maxima)
def test_timeliness_stays_within_zero_and_the_maximum(days, maximum):
    done = date.fromordinal(DUE.toordinal() + days)
    score = parse_rule("timeliness", LADDER).score(DatePair(DUE, done), maximum)
    assert 0.0 <= score <= maximum
