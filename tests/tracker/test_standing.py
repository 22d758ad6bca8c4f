"""The standing of a set: forecasts, points at risk, judgements, totals and survey forecasts."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.orm import Session

from survey_app.core.clock import today_local
from survey_app.models import LastYearResult, RemediationTask, TaskStatus
from survey_app.tracker.reports import accept_report, submit_report
from survey_app.tracker.standing import set_standing
from tests import factories
from tests.tracker.conftest import Tracker, component
from tests.tracker.cycle_helpers import march, rate_report

TODAY = date(2026, 4, 20)


def worked_set(session: Session, tracker: Tracker) -> None:
    """Justice reports 93 % on 2.1.1 (accepted); finance's 6.1.1 had 1 of 2 points last year."""
    report = rate_report(session, tracker, march(session, tracker), 93.0)
    submit_report(session, tracker.admin, report)
    accept_report(session, tracker.admin, report)
    session.add(
        LastYearResult(
            criterion_id=component(tracker.par, "6.1.1").id,
            points_self=1.0,
            points_appraised=1.0,
        )
    )
    session.add(
        RemediationTask(
            criterion_id=component(tracker.par, "6.1.1").id,
            owner_agency_id=tracker.finance.id,
            person="Bà Lan",
            what="Đẩy nhanh giải ngân",
            deadline=date(2026, 4, 1),
            status=TaskStatus.IN_PROGRESS,
        )
    )
    session.commit()


def test_forecast_points_at_risk_and_judgement_on_a_worked_set(
    seeded: Session, tracker: Tracker
) -> None:
    worked_set(seeded, tracker)
    standing = set_standing(seeded, tracker.par, TODAY, with_survey=False)
    items = {i.criterion.code: i for i in standing.items}
    justice = items["2.1.1"]
    # 93 % reaches the 90 % band: 0.75 of 1.5 points; 0.75 at risk.
    assert (justice.forecast.points, justice.forecast.at_risk) == (0.75, 0.75)
    assert justice.forecast.basis == "reported"
    assert justice.judgement.level == "red"  # 50 % of the maximum, below 75 %
    finance = items["6.1.1"]
    assert (finance.forecast.points, finance.forecast.basis) == (1.0, "last_year")
    assert finance.overdue == 1
    assert finance.judgement.reason == "low_and_overdue"
    assert finance.reason == (
        "Dự báo thấp và có việc khắc phục quá hạn (chưa báo cáo: giả định bằng điểm năm trước)."
    )
    # Nothing reported and no last year: 0 assumed, the whole maximum at risk.
    binary = items["1.2.1"]
    assert (binary.forecast.points, binary.forecast.basis) == (0.0, "nothing")
    province = standing.totals.province
    assert province.maximum == pytest.approx(100)
    assert province.points == pytest.approx(1.75)
    assert standing.group is not None
    assert standing.group.group == "below_C"
    assert standing.is_draft
    field_two = next(t for t in standing.totals.fields if t.scope == "2")
    assert field_two.points == pytest.approx(0.75)
    # At risk: most points first; 2.1.1's 0.75 comes after every component with more.
    at_risk = standing.at_risk
    assert [i.forecast.at_risk for i in at_risk] == sorted(
        (i.forecast.at_risk for i in at_risk), reverse=True
    )
    assert justice in at_risk


def test_an_agency_standing_holds_only_the_criteria_it_leads(
    seeded: Session, tracker: Tracker
) -> None:
    worked_set(seeded, tracker)
    standing = set_standing(seeded, tracker.par, TODAY, agency=tracker.justice, with_survey=False)
    assert [i.criterion.code for i in standing.items] == ["2.1.1"]
    assert standing.totals.province.points == pytest.approx(0.75)
    assert standing.group is None


def test_a_survey_derived_criterion_is_forecast_from_the_visit_ratings_with_interval(
    seeded: Session, tracker: Tracker
) -> None:
    for n in range(40):
        factories.pulse_response(seeded, level=5 if n % 4 else 2)
    standing = set_standing(seeded, tracker.par, today_local())
    item = next(i for i in standing.items if i.criterion.code == "8.1.5")
    forecast = item.forecast
    assert forecast.basis == "survey_estimate"
    assert forecast.n == 40
    assert item.estimate is not None
    assert item.estimate.estimate == pytest.approx(75.0)
    # 75 % on the line from 60 % (0 points) to 90 % (1.5 points): 0.75 points.
    assert forecast.points == pytest.approx(0.75)
    assert forecast.points_low is not None
    assert forecast.points_high is not None
    assert forecast.points_low < forecast.points < forecast.points_high
    assert "dự báo" in item.reason
    # The leaders' survey is not measured here: assumed.
    leaders = next(i for i in standing.items if i.criterion.survey_index == "leaders_direction")
    assert leaders.forecast.basis == "nothing"
