"""The tracker's models: one tree per set, a new edition per year, points lost."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from survey_app.models import (
    Criterion,
    CriterionLevel,
    CriterionSet,
    LastYearResult,
    SetKind,
    SetStatus,
)


def a_set(session: Session, *, year: int = 2026) -> CriterionSet:
    criterion_set = CriterionSet(
        code="TEST",
        name="Bộ thử",
        year=year,
        kind=SetKind.INTERNAL,
        status=SetStatus.OFFICIAL,
        declared_total=2.0,
        survey_total=0.0,
    )
    field = Criterion(
        criterion_set=criterion_set,
        level=CriterionLevel.FIELD,
        code="1",
        name="Lĩnh vực",
        max_points=2.0,
        position=1,
    )
    Criterion(
        criterion_set=criterion_set,
        parent=field,
        level=CriterionLevel.COMPONENT,
        code="1.1",
        name="Thành phần",
        max_points=2.0,
        position=2,
        rule_kind="binary",
        rule_params={},
    )
    session.add(criterion_set)
    session.commit()
    return criterion_set


def test_a_set_holds_its_tree_in_order(seeded: Session) -> None:
    criterion_set = a_set(seeded)
    assert [c.code for c in criterion_set.criteria] == ["1", "1.1"]
    component = criterion_set.criteria[1]
    assert component.parent is criterion_set.criteria[0]
    assert component.rule_params == {}
    assert not criterion_set.is_draft_annex


def test_a_new_year_is_a_new_edition_but_the_same_year_twice_is_refused(
    seeded: Session,
) -> None:
    a_set(seeded)
    a_set(seeded, year=2027)
    with pytest.raises(IntegrityError):
        a_set(seeded)
    seeded.rollback()


@pytest.mark.parametrize(
    ("points_self", "points_appraised", "lost"),
    [(2.0, 1.5, 0.5), (1.0, None, 1.0), (None, None, 0.0), (2.0, 2.0, 0.0)],
)
def test_points_lost_are_the_maximum_minus_the_appraised_or_self_assessed_points(
    seeded: Session, points_self: float | None, points_appraised: float | None, lost: float
) -> None:
    component = a_set(seeded).criteria[1]
    result = LastYearResult(
        criterion=component, points_self=points_self, points_appraised=points_appraised
    )
    seeded.add(result)
    seeded.commit()
    assert result.points_lost == lost
