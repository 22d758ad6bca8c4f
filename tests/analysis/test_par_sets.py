"""The structure check of criterion sets, with good and bad sets, problem by problem."""

from __future__ import annotations

from dataclasses import replace

import pytest

from analysis.par_index import SetItem, check_set, scored_items

BINARY = {"rule_kind": "binary"}
SURVEY = {
    "rule_kind": "survey",
    "rule_params": {
        "mapping": "linear",
        "low": {"index": 50, "points": 0},
        "high": {"index": 90, "points": 4},
    },
    "survey_derived": True,
}


def small_set() -> list[SetItem]:
    """Two fields, 10 points, 4 of them survey-derived; rows numbered as in a sheet."""
    return [
        SetItem("1", "field", 6, row=2),
        SetItem("1.1", "criterion", 4, "1", row=3),
        SetItem("1.1.1", "component", 2.5, "1.1", row=4, **BINARY),
        SetItem(
            "1.1.2",
            "component",
            1.5,
            "1.1",
            row=5,
            rule_kind="bands",
            rule_params={
                "bands": [{"threshold": 100, "points": 1.5}, {"threshold": 90, "points": 0.75}]
            },
        ),
        SetItem(
            "1.2",
            "criterion",
            2,
            "1",
            row=6,
            rule_kind="deduction",
            rule_params={"per_breach": 0.5},
        ),
        SetItem("8", "field", 4, row=7),
        SetItem("8.1", "criterion", 4, "8", row=8, **SURVEY),
    ]


def problems(items, **kwargs):
    return [(p.row, p.code, p.field, p.message) for p in check_set(items, **kwargs)]


def test_a_sound_set_has_no_problems():
    assert check_set(small_set(), total=10, survey_total=4) == []


def test_scored_items_are_the_leaves():
    assert [i.code for i in scored_items(small_set())] == ["1.1.1", "1.1.2", "1.2", "8.1"]


def test_duplicate_codes_are_reported_on_the_second_row():
    items = [*small_set(), SetItem("1.2", "criterion", 0, "1", row=9, **BINARY)]
    found = check_set(items, total=10)
    assert [(p.row, p.message) for p in found] == [(9, "duplicate_code")]
    assert found[0].params["first"] == 6
    assert "row 6" in found[0].text


def test_childrens_maxima_must_add_up_to_the_parent():
    items = small_set()
    items[2] = replace(items[2], maximum=2.0)
    assert problems(items, total=10) == [(3, "1.1", "maximum", "children_sum")]


def test_total_must_be_the_declared_one():
    assert problems(small_set(), total=100) == [(None, "", "maximum", "total_mismatch")]


def test_survey_total_must_be_the_declared_one():
    found = check_set(small_set(), total=10, survey_total=32)
    assert [p.message for p in found] == ["survey_total_mismatch"]
    assert found[0].params == {"got": 4.0, "total": 32}


def test_parents_must_exist_and_sit_one_level_up():
    items = [
        *small_set(),
        SetItem("1.3", "criterion", 0, None, row=9, **BINARY),
        SetItem("1.4", "criterion", 0, "7", row=10, **BINARY),
        SetItem("1.1.9", "component", 0, "1", row=11, **BINARY),
        SetItem("9", "field", 0, "1", row=12),
    ]
    assert problems(items, total=10) == [
        (9, "1.3", "parent", "parent_missing"),
        (10, "1.4", "parent", "parent_unknown"),
        (11, "1.1.9", "parent", "parent_level"),
        (12, "9", "parent", "field_has_parent"),
        (12, "9", "code", "field_empty"),
    ]


def test_rows_without_code_unknown_levels_and_negative_maxima():
    items = [
        *small_set(),
        SetItem(" ", "criterion", 0, "1", row=9),
        SetItem("1.5", "chapter", 0, "1", row=10),
        SetItem("1.6", "criterion", -1, "1", row=11, **BINARY),
    ]
    found = problems(items, total=10)
    assert (9, " ", "code", "empty_code") in found
    assert (10, "1.5", "level", "unknown_level") in found
    assert (11, "1.6", "maximum", "negative_maximum") in found


def test_bad_rules_are_reported_with_the_parameter_at_fault():
    items = small_set()
    items[3] = replace(items[3], rule_params={"bands": [{"threshold": 100, "points": 2}]})
    items[4] = replace(items[4], rule_kind="bonus")
    items[2] = replace(items[2], rule_kind=None)
    found = check_set(items, total=10)
    assert [(p.row, p.field, p.message) for p in found] == [
        (4, "rule", "rule_missing"),
        (5, "params.bands[0].points", "points_above_maximum"),
        (6, "rule", "unknown_kind"),
    ]
    assert "1.5" in found[1].text  # the maximum it exceeds


@pytest.mark.parametrize(
    ("row", "changes"),
    [
        (4, {"survey_derived": True}),  # survey-derived but a binary rule
        (8, {"survey_derived": False}),  # a survey rule on a self-assessed criterion
    ],
)
def test_survey_rules_go_with_survey_derived_criteria(row, changes):
    items = [replace(i, **changes) if i.row == row else i for i in small_set()]
    assert [p.message for p in check_set(items, total=10) if p.row == row] == ["survey_rule_kind"]


def test_a_parent_takes_no_rule():
    items = small_set()
    items[1] = replace(items[1], **BINARY)
    assert problems(items, total=10) == [(3, "1.1", "rule", "rule_on_parent")]


def test_rules_need_not_be_checked_for_a_structure_only_set():
    items = [replace(i, rule_kind=None, rule_params={}) for i in small_set()]
    assert check_set(items, total=10, require_rules=False) == []


def test_every_problem_of_a_bad_file_is_reported_at_once_in_row_order():
    items = small_set()
    items[2] = replace(items[2], maximum=3.0, rule_kind=None)
    items[6] = replace(items[6], parent="7")
    found = check_set(items, total=10, survey_total=4)
    assert [p.row for p in found] == sorted(p.row for p in found if p.row is not None) + [
        None
    ] * sum(p.row is None for p in found)
    assert {p.message for p in found} >= {
        "children_sum",
        "rule_missing",
        "parent_unknown",
        "field_empty",
    }


def test_every_problem_reads_as_a_sentence():
    items = [
        *small_set(),
        SetItem("", "criterion", 0, "1", row=9),
        SetItem("1.5", "chapter", 0, "1", row=10),
        SetItem("1.6", "criterion", 1, "1", row=11, rule_kind="bands", rule_params={}),
        SetItem("1.7", "criterion", 0, "1.1.1", row=12, **BINARY),
        SetItem("1.8", "criterion", "x", "1", row=13, **BINARY),  # a cell that is not a number
    ]
    found = check_set(items, total=100, survey_total=32)
    assert len(found) >= 8
    for problem in found:
        assert problem.text.endswith("."), problem


def test_a_wrong_link_is_reported_once_not_again_as_its_parents_sum():
    items = [*small_set(), SetItem("1.7", "criterion", 1, "1.1.1", row=9, **BINARY)]
    assert problems(items, total=10) == [(9, "1.7", "parent", "parent_level")]
