"""The import checks read every rule through the scoring engine and say what is wrong."""

from __future__ import annotations

import json

import pytest
from flask import Flask
from flask_babel import force_locale
from sqlalchemy import select
from sqlalchemy.orm import Session

from analysis.par_index import KINDS, parse_rule
from survey_app.models import Criterion, CriterionLevel
from survey_app.tracker.criteria import rule_in_words
from survey_app.tracker.criterion_rows import SourceRow, check_rows
from survey_app.tracker.draft_sets import DRAFT_SETS, load_draft

HEADER = DRAFT_SETS[0][1]


def rows(kind: str, params: object, maximum: str = "2") -> list[SourceRow]:
    cells = [
        {"level": "field", "code": "1", "name": "Lĩnh vực", "max_points": maximum},
        {"level": "criterion", "code": "1.1", "parent_code": "1", "name": "Tiêu chí"},
        {
            "level": "component",
            "code": "1.1.1",
            "parent_code": "1.1",
            "name": "Thành phần",
            "max_points": maximum,
            "rule_kind": kind,
            "rule_params": json.dumps(params),
        },
    ]
    cells[1]["max_points"] = maximum
    return [SourceRow("Tiêu chí", n + 2, c) for n, c in enumerate(cells)]


def test_every_shipped_rule_parses_in_the_engine_within_its_maximum(seeded: Session) -> None:
    load_draft(seeded)
    components = seeded.scalars(
        select(Criterion).where(Criterion.level == CriterionLevel.COMPONENT)
    ).all()
    assert len(components) > 40
    for criterion in components:
        assert criterion.rule_kind in KINDS
        rule = parse_rule(
            criterion.rule_kind, criterion.rule_params or {}, maximum=criterion.max_points
        )
        assert rule.score  # parsed into a rule object
        assert rule_in_words(criterion.rule_kind, criterion.rule_params)


@pytest.mark.parametrize(
    ("kind", "params", "words"),
    [
        ("ladder", {}, "Cách chấm phải là một trong"),
        ("bands", {"bands": [[100, 1.0]]}, "phải là một đối tượng JSON có tên"),
        ("deduction", {"per_breach": 0.5, "floor": 0}, "Tham số floor không dùng"),
        ("bands", {"bands": [{"threshold": 90, "points": 3}]}, "nhiều hơn điểm tối đa 2"),
        (
            "bands",
            {"bands": [{"threshold": 80, "points": 1}, {"threshold": 90, "points": 0.5}]},
            "phải xếp từ ngưỡng tốt nhất",
        ),
        ("deduction", {}, "Thiếu tham số per_breach."),
    ],
)
def test_a_rule_the_engine_refuses_is_a_row_problem_in_vietnamese(
    app: Flask, kind: str, params: object, words: str
) -> None:
    with app.test_request_context(), force_locale("vi"):
        _roots, problems = check_rows(HEADER, rows(kind, params))
    assert [(p.row, p.column) for p in problems if words in p.message] == [
        (4, "rule_kind" if kind == "ladder" else "rule_params")
    ], [p.message for p in problems]


def test_a_good_rule_passes_the_row_checks(app: Flask) -> None:
    params = {"bands": [{"threshold": 95, "points": 2}, {"threshold": 80, "points": 1}]}
    with app.test_request_context(), force_locale("vi"):
        _roots, problems = check_rows(HEADER, rows("bands", params))
    assert [p.column for p in problems if p.row == 4] == []
