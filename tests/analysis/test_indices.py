"""SIPAS indices (sipas.md section 3): hand-worked cases and published national figures."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis import (
    POLICIES,
    SipasMethod,
    composite_indices,
    index_structure,
    item_indices,
    sipas_indices,
    sipas_score,
)


def _value(frame: pd.DataFrame, component: str, column: str = "index") -> float:
    rows = frame.loc[frame["component"] == component, column]
    assert len(rows) == 1, f"expected one row for {component}"
    return float(rows.iloc[0])


def _pulse_centre_counts() -> pd.DataFrame:
    rows = [
        ("access.general", {5: 20, 4: 10, 3: 6, 2: 3, 1: 1}),
        ("procedure.general", {4: 40, 2: 10}),
        ("staff.general", {5: 54, 1: 6}),
        ("result.general", {4: 34, 3: 6}),
        ("feedback.general", {5: 21, 3: 9, None: 25}),
        ("overall.visit", {5: 45, 2: 5}),
    ]
    return pd.DataFrame(
        [
            {"centre": "A", "question": q, "value": v, "n": n}
            for q, levels in rows
            for v, n in levels.items()
        ]
    )


def test_pulse_item_factor_and_service_indices_match_hand_working(pulse_items):
    """Centre A, one week of the pulse.

    access     5×20 4×10 3×6 2×3 1×1   (20 + 10) / 40 = 75.00
    procedure  4×40 2×10               40 / 50        = 80.00
    staff      5×54 1×6                54 / 60        = 90.00
    result     4×34 3×6                34 / 40        = 85.00
    feedback   5×21 3×9, 25 "not applicable"
                                       21 / 30        = 70.00 (not 21 / 55)
    service    (75 + 80 + 90 + 85 + 70) / 5           = 80.00
    overall    5×45 2×5                45 / 50        = 90.00, an item, not in service
    """
    res = sipas_indices(_pulse_centre_counts(), pulse_items, "centre", rng=1)
    items = res.loc[res["level"] == "item"]
    assert _value(items, "access.general") == pytest.approx(75.0)
    assert _value(items, "feedback.general") == pytest.approx(70.0)
    assert _value(items, "feedback.general", "n") == 30
    assert _value(items, "overall.visit") == pytest.approx(90.0)
    factors = res.loc[res["level"] == "factor"]
    assert factors["component"].tolist() == ["access", "procedure", "staff", "result", "feedback"]
    assert factors["index"].tolist() == pytest.approx([75, 80, 90, 85, 70])
    assert _value(res, "service") == pytest.approx(80.0)
    assert _value(res, "service", "n") == 30  # the fewest answers behind any factor
    assert _value(res, "service", "n_answers") == 40 + 50 + 60 + 40 + 30


def test_pulse_is_never_reported_as_sipas(pulse_items):
    res = sipas_indices(_pulse_centre_counts(), pulse_items, "centre", replicates=0)
    assert "sipas" not in set(res["component"])
    assert "policy" not in set(res["family"])


def _survey_counts(rates: dict[str, float], n: int = 100) -> pd.DataFrame:
    rows = []
    for question, rate in rates.items():
        k = round(rate * n / 100)
        rows += [
            {"question": question, "value": 4, "n": k},
            {"question": question, "value": 1, "n": n - k},
        ]
    return pd.DataFrame(rows)


def _survey_rates() -> dict[str, float]:
    rates = {
        "access.1": 80,
        "access.2": 90,
        "access.3": 100,
        "procedure.1": 70,
        "procedure.2": 80,
        "procedure.3": 90,
        "procedure.4": 80,
        "staff.1": 90,
        "staff.2": 90,
        "staff.3": 90,
        "result.1": 60,
        "result.2": 80,
        "result.3": 100,
        "feedback.1": 70,
        "feedback.2": 70,
        "feedback.3": 70,
        "accountability.1": 50,
        "accountability.2": 70,
        "participation.1": 40,
        "participation.2": 60,
        "results.household_economy": 60,
    }
    for policy in POLICIES:
        rates[f"implementation.{policy}"] = 80
        rates[f"results.{policy}"] = 90
    return rates


def test_survey_sipas_matches_hand_working(survey_items):
    """All 39 items, 100 answers each.

    service factors  access (80 + 90 + 100) / 3 = 90; procedure (70 + 80 + 90 + 80) / 4 = 80;
                     staff 90; result (60 + 80 + 100) / 3 = 80; feedback 70
    service          (90 + 80 + 90 + 80 + 70) / 5 = 82
    policies         implementation 80 and results 90 each, except economy whose two
                     results items are 60 (household) and 90 (local):
                     economy (80 + 60 + 90) / 3 = 76.667; the other eight (80 + 90) / 2 = 85
    policy           (76.667 + 8 × 85) / 9 = 756.667 / 9 = 84.074
    SIPAS            (9 × 84.074 + 5 × 82) / 14 = (756.667 + 410) / 14 = 83.333
    policy factors   accountability (50 + 70) / 2 = 60, participation 50,
                     implementation 80, results (60 + 9 × 90) / 10 = 87 — reported
                     beside the policy index, not part of it
    """
    res = composite_indices(_survey_counts(_survey_rates()), survey_items, replicates=0)
    service_factors = res.loc[(res["level"] == "factor") & (res["family"] == "service")]
    assert service_factors["index"].tolist() == pytest.approx([90, 80, 90, 80, 70])
    assert _value(res, "service") == pytest.approx(82.0)
    assert _value(res, "economy") == pytest.approx(230 / 3)
    assert _value(res, "water") == pytest.approx(85.0)
    assert _value(res, "policy") == pytest.approx((230 / 3 + 8 * 85) / 9)
    assert _value(res, "sipas") == pytest.approx((230 / 3 + 680 + 410) / 14)
    assert round(_value(res, "sipas"), 2) == 83.33
    for factor, expected in [
        ("accountability", 60),
        ("participation", 50),
        ("implementation", 80),
        ("results", 87),
    ]:
        assert _value(res, factor) == pytest.approx(expected)


def test_policy_mean_over_factors_weighs_economy_results_items_by_half(survey_items):
    """policy_mean="factors": economy = (80 + (60 + 90) / 2) / 2 = 77.5."""
    method = SipasMethod(policy_mean="factors")
    res = composite_indices(
        _survey_counts(_survey_rates()), survey_items, method=method, replicates=0
    )
    assert _value(res, "economy") == pytest.approx(77.5)
    assert _value(res, "sipas") == pytest.approx((77.5 + 680 + 410) / 14)


def test_sipas_weights_are_configuration(survey_items):
    method = SipasMethod(weight_policy=1, weight_service=1)
    res = composite_indices(
        _survey_counts(_survey_rates()), survey_items, method=method, replicates=0
    )
    assert _value(res, "sipas") == pytest.approx(((230 / 3 + 680) / 9 + 82) / 2)


def _national_counts(policy: float, service: list[float]) -> pd.DataFrame:
    """One item per service factor and per policy component, 10,000 answers each."""
    rates = {
        f"{f}.1": v
        for f, v in zip(
            ("access", "procedure", "staff", "result", "feedback"), service, strict=True
        )
    }
    for p in POLICIES:
        rates[f"implementation.{p}"] = policy
        rates[f"results.{p}"] = policy
    rates["results.household_economy"] = policy
    return _survey_counts(rates, n=10_000)


def _national_items() -> pd.DataFrame:
    rows = [
        (f"{f}.1", "service", f, None)
        for f in ("access", "procedure", "staff", "result", "feedback")
    ]
    rows += [(f"implementation.{p}", "policy", "implementation", p) for p in POLICIES]
    rows += [(f"results.{p}", "policy", "results", p) for p in POLICIES]
    rows += [("results.household_economy", "policy", "results", "economy")]
    return pd.DataFrame(rows, columns=["question", "family", "factor", "policy"])


def test_published_2023_sipas_is_reproduced_from_its_components():
    """2023: 9 policy indices of 82.49 and service 82.97 give SIPAS 82.66 (published).

    (9 × 82.49 + 5 × 82.97) / 14 = (742.41 + 414.85) / 14 = 82.6614 → 82.66.
    """
    res = composite_indices(_national_counts(82.49, [82.97] * 5), _national_items(), replicates=0)
    assert _value(res, "policy") == pytest.approx(82.49)
    assert _value(res, "service") == pytest.approx(82.97)
    assert round(_value(res, "sipas"), 2) == 82.66


def test_published_2023_factor_indices_average_below_the_published_service_index():
    """A known inconsistency in the published 2023 figures, pinned so nobody "fixes" it.

    The reported factor indices 83.00, 83.02, 83.12, 83.03, 82.27 average 82.888, not
    the reported service index 82.97; with them SIPAS would be 82.63, not 82.66. The
    published service and SIPAS figures agree with the 9 + 5 weighting, so the factor
    figures must come from another table or basis (sipas.md section 3, marked R).
    """
    factors = [83.00, 83.02, 83.12, 83.03, 82.27]
    res = composite_indices(_national_counts(82.49, factors), _national_items(), replicates=0)
    assert _value(res, "service") == pytest.approx(82.888)
    assert round(_value(res, "sipas"), 2) == 82.63


def test_published_2024_sipas_is_reproduced_within_a_hundredth():
    """2024: policy 83.84, service 84.09 → 83.929 → 83.93, published 83.94.

    The inputs are themselves rounded to two decimals, so a hundredth apart is as
    close as the reconstruction can be checked.
    """
    res = composite_indices(_national_counts(83.84, [84.09] * 5), _national_items(), replicates=0)
    reported = round(_value(res, "sipas"), 2)
    assert reported == 83.93
    assert abs(reported - 83.94) == pytest.approx(0.01)
    assert sipas_score(83.84, 84.09) == pytest.approx(_value(res, "sipas"))


def test_fewer_than_min_n_answers_is_reported_as_too_few(pulse_items, make_counts):
    counts = make_counts({"staff.general": (20, 29), "access.general": (30, 40)})
    res = item_indices(counts, items=pulse_items)
    staff = res.loc[res["question"] == "staff.general"].iloc[0]
    assert staff["too_few"]
    assert np.isnan(staff["index"])
    assert np.isnan(staff["ci_low"])
    assert staff["index_raw"] == pytest.approx(100 * 20 / 29)
    access = res.loc[res["question"] == "access.general"].iloc[0]
    assert not access["too_few"]
    assert access["index"] == pytest.approx(75.0)


def test_min_n_is_configurable(make_counts):
    counts = make_counts({"staff.general": (20, 29)})
    res = item_indices(counts, method=SipasMethod(min_n=10))
    assert not res["too_few"].iloc[0]


def test_composite_with_a_thin_item_is_too_few(pulse_items, make_pulse):
    counts = make_pulse(centres=1, weeks=1, per_cell=100, rate=0.8, seed=1)
    thin = counts["question"].eq("feedback.general")
    counts.loc[thin, "n"] = counts.loc[thin, "n"] // 10  # about 10 answers
    res = composite_indices(counts, pulse_items, replicates=0)
    service = res.loc[res["component"] == "service"].iloc[0]
    assert service["too_few"]
    assert np.isnan(service["index"])
    assert service["n"] == counts.loc[thin, "n"].sum()


def test_group_without_any_answer_to_a_factor_has_no_service_index(pulse_items, make_counts):
    counts = pd.concat(
        [
            make_counts(dict.fromkeys(pulse_items["question"], (40, 50)), centre="A"),
            make_counts(dict.fromkeys(pulse_items["question"][:4], (40, 50)), centre="B"),
        ]
    )
    res = composite_indices(counts, pulse_items, "centre", replicates=0)
    b = res.loc[(res["centre"] == "B") & (res["component"] == "service")].iloc[0]
    assert b["n"] == 0
    assert b["too_few"]
    assert np.isnan(b["index_raw"])


def test_indices_by_several_group_columns(pulse_items, make_pulse):
    counts = make_pulse(centres=3, weeks=4, per_cell=60, rate=0.8, seed=2)
    res = composite_indices(counts, pulse_items, ["centre", "week"], replicates=0)
    assert len(res.loc[res["component"] == "service"]) == 12
    assert list(res.columns[:2]) == ["centre", "week"]


def test_positive_set_is_configurable(make_counts):
    counts = pd.DataFrame({"question": "q", "value": [5, 4, 3], "n": [10, 10, 20]})
    assert item_indices(counts)["index"].iloc[0] == pytest.approx(50.0)
    strict = SipasMethod(positive=frozenset({5}))
    assert item_indices(counts, method=strict)["index"].iloc[0] == pytest.approx(25.0)


def test_values_off_the_scale_are_rejected():
    counts = pd.DataFrame({"question": "q", "value": [5, 7], "n": [30, 1]})
    with pytest.raises(ValueError, match="not on the satisfaction scale"):
        item_indices(counts)


def test_missing_group_keys_are_rejected():
    counts = pd.DataFrame({"centre": ["A", None], "question": "q", "value": 5, "n": [30, 30]})
    with pytest.raises(ValueError, match="missing values"):
        item_indices(counts, "centre")


def test_duplicate_items_are_rejected(pulse_items):
    with pytest.raises(ValueError, match="twice"):
        index_structure(pd.concat([pulse_items, pulse_items.head(1)]))


def test_inputs_are_not_modified(pulse_items):
    counts = _pulse_centre_counts()
    before, items_before = counts.copy(), pulse_items.copy()
    sipas_indices(counts, pulse_items, "centre", rng=1)
    pd.testing.assert_frame_equal(counts, before)
    pd.testing.assert_frame_equal(pulse_items, items_before)


def test_raw_answers_give_the_same_indices_as_their_counts(pulse_items):
    counts = _pulse_centre_counts()
    raw = counts.loc[counts.index.repeat(counts["n"])].drop(columns="n")
    from_raw = sipas_indices(raw, pulse_items, "centre", replicates=0)
    from_counts = sipas_indices(counts, pulse_items, "centre", replicates=0)
    pd.testing.assert_frame_equal(from_raw, from_counts)


def test_sipas_score_rejects_values_outside_percentages():
    with pytest.raises(ValueError, match="percentages"):
        sipas_score(120, 80)
