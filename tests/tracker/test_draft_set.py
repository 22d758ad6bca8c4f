"""The shipped draft: 8 fields, 100 points of which 32 survey-derived; loading it twice."""

from __future__ import annotations

import pytest
from flask.testing import FlaskCliRunner
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from survey_app.models import (
    Agency,
    AgencyKind,
    Criterion,
    CriterionLevel,
    CriterionSet,
    CriterionSource,
    SetKind,
)
from survey_app.tracker.criterion_rows import RULE_KINDS, check_rows
from survey_app.tracker.draft_sets import DATA, DRAFT_SETS, load_draft, read_csv_rows


@pytest.mark.parametrize(("file_name", "header"), DRAFT_SETS)
def test_each_shipped_file_passes_the_import_checks(file_name: str, header: object) -> None:
    _roots, problems = check_rows(header, read_csv_rows(DATA / file_name))  # type: ignore[arg-type]
    assert problems == []


def test_the_draft_par_index_adds_up_to_100_with_32_from_the_survey(seeded: Session) -> None:
    load_draft(seeded)
    par = seeded.scalars(select(CriterionSet).filter_by(kind=SetKind.PROVINCIAL)).one()
    fields = [c for c in par.criteria if c.level is CriterionLevel.FIELD]
    components = [c for c in par.criteria if c.level is CriterionLevel.COMPONENT]
    assert len(fields) == 8
    assert sum(c.max_points for c in components) == pytest.approx(100)
    survey = [c for c in components if c.source is CriterionSource.SURVEY]
    assert sum(c.max_points for c in survey) == pytest.approx(32)
    assert all(c.rule_kind == "survey" and c.survey_index for c in survey)
    assert {c.rule_kind for c in components} <= set(RULE_KINDS)
    assert par.is_draft_annex
    assert sum(c.max_points for c in fields) == pytest.approx(100)


def test_the_internal_index_is_a_set_of_its_own_kind(seeded: Session) -> None:
    load_draft(seeded)
    internal = seeded.scalars(select(CriterionSet).filter_by(kind=SetKind.INTERNAL)).one()
    components = [c for c in internal.criteria if c.level is CriterionLevel.COMPONENT]
    assert sum(c.max_points for c in components) == pytest.approx(internal.declared_total)


def test_agencies_are_the_departments_every_commune_and_the_centre(seeded: Session) -> None:
    load_draft(seeded)
    query = select(Agency.kind, func.count()).group_by(Agency.kind)
    kinds: dict[AgencyKind, int] = {}
    for kind, n in seeded.execute(query):
        kinds[kind] = n
    assert kinds[AgencyKind.COMMUNE] == 65
    assert kinds[AgencyKind.CENTRE] == 1
    assert kinds[AgencyKind.DEPARTMENT] >= 10


def test_load_draft_twice_adds_nothing_the_second_time(
    runner: FlaskCliRunner, seeded: Session
) -> None:
    first = runner.invoke(args=["tracker", "load-draft"])
    assert first.exit_code == 0, first.output
    counts = (
        seeded.scalar(select(func.count()).select_from(CriterionSet)),
        seeded.scalar(select(func.count()).select_from(Criterion)),
        seeded.scalar(select(func.count()).select_from(Agency)),
    )
    second = runner.invoke(args=["tracker", "load-draft"])
    assert second.exit_code == 0, second.output
    assert "criterion sets added: 0; agencies added: 0" in second.output
    assert counts == (
        seeded.scalar(select(func.count()).select_from(CriterionSet)),
        seeded.scalar(select(func.count()).select_from(Criterion)),
        seeded.scalar(select(func.count()).select_from(Agency)),
    )
    assert counts[0] == 2
