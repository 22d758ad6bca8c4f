"""The internal index: every scored agency reports each criterion itself, each month."""

from __future__ import annotations

from datetime import UTC, date, datetime

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from survey_app.models import (
    Agency,
    CriterionReport,
    CriterionSet,
    Progress,
    RemediationTask,
    ReportingPeriod,
    ReportStatus,
)
from survey_app.tracker.assignments import save_assignment
from survey_app.tracker.periods import fetch_late_agencies, open_period, reporting_duties
from survey_app.tracker.quarterly import build_quarters
from survey_app.tracker.report_values import ReportValues
from survey_app.tracker.reports import (
    accept_report,
    correct_report,
    fetch_agency_rows,
    latest_report,
    save_draft,
    submit_report,
)
from tests import factories
from tests.html import parse
from tests.tracker.conftest import Tracker, agency_user, component
from tests.tracker.cycle_helpers import march


def internal_set(session: Session, tracker: Tracker) -> tuple[CriterionSet, ReportingPeriod]:
    """The draft internal index with 2.1.1 assigned (the Department's office leads it), March."""
    internal = session.scalars(select(CriterionSet).filter_by(code="CCHC-NOI-BO")).one()
    home = session.scalars(select(Agency).filter_by(code="so-noi-vu")).one()
    for criterion in (component(internal, "2.1.1"), component(internal, "1.1.2")):
        save_assignment(
            session,
            tracker.admin,
            criterion,
            lead=home,
            supporting=[],
            deadline=None,
            product="",
        )
    period = open_period(session, tracker.admin, internal, date(2026, 3, 1), date(2026, 4, 10))
    return internal, period


def _rate(
    session: Session, tracker: Tracker, period: ReportingPeriod, agency: Agency, pct: float
) -> CriterionReport:
    report = save_draft(
        session,
        tracker.admin,
        component(period.criterion_set, "2.1.1"),
        period,
        agency=agency,
        values=ReportValues(Progress.ON_TRACK, value_number=pct),
    )
    submit_report(session, tracker.admin, report)
    report.submitted_at = datetime(2026, 4, 2, 3, tzinfo=UTC)
    session.commit()
    return report


def test_two_agencies_report_the_same_criterion_in_the_same_month(
    seeded: Session, tracker: Tracker
) -> None:
    _internal, period = internal_set(seeded, tracker)
    justice = _rate(seeded, tracker, period, tracker.justice, 99.0)
    finance = _rate(seeded, tracker, period, tracker.finance, 91.0)
    assert justice.id != finance.id
    assert (justice.version, finance.version) == (1, 1)
    criterion = component(period.criterion_set, "2.1.1")
    assert latest_report(seeded, criterion, period, tracker.justice) == justice
    assert latest_report(seeded, criterion, period, tracker.finance) == finance
    accept_report(seeded, tracker.admin, justice)
    accept_report(seeded, tracker.admin, finance)
    # A correction is the agency's own version 2; the other agency's report is untouched.
    copy = correct_report(seeded, tracker.admin, finance)
    assert (copy.agency_id, copy.version) == (tracker.finance.id, 2)
    assert latest_report(seeded, criterion, period, tracker.justice) == justice
    # Each unit's quarter counts its own report and its own points (98 % → 20; 91 % → 10).
    quarters = {
        q.agency.code: q for q in build_quarters(seeded, period.criterion_set, 1, date(2026, 12, 3))
    }
    assert quarters["so-tu-phap"].is_unit
    assert quarters["so-tu-phap"].total is not None
    assert quarters["so-tu-phap"].total.points == 20.0
    assert quarters["so-tai-chinh"].total is not None
    assert quarters["so-tai-chinh"].total.points == 10.0


def test_every_scored_agency_owes_each_criterion_but_the_par_index_only_its_lead(
    seeded: Session, tracker: Tracker
) -> None:
    internal, period = internal_set(seeded, tracker)
    duties = reporting_duties(seeded, internal)
    assert {c.code for c in duties[tracker.finance.id][1]} == {"2.1.1", "1.1.2"}
    centre = seeded.scalars(select(Agency).filter_by(code="trung-tam-tinh")).one()
    assert centre.id not in duties  # the one-stop centre is no scored unit
    rows = fetch_agency_rows(seeded, tracker.justice, period)
    assert sorted(r.assignment.criterion.code for r in rows) == ["1.1.2", "2.1.1"]
    par_period = march(seeded, tracker)
    assert [
        r.assignment.criterion.code for r in fetch_agency_rows(seeded, tracker.justice, par_period)
    ] == ["2.1.1"]
    assert set(reporting_duties(seeded, tracker.par)) == {tracker.justice.id, tracker.finance.id}
    # Late: justice sent 2.1.1 on time, not 1.1.2; finance sent nothing.
    _rate(seeded, tracker, period, tracker.justice, 99.0)
    late = {
        row.agency.code: [c.code for c in row.missing]
        for row in fetch_late_agencies(seeded, period, date(2026, 4, 20))
    }
    assert late["so-tu-phap"] == ["1.1.2"]
    assert sorted(late["so-tai-chinh"]) == ["1.1.2", "2.1.1"]


def test_through_the_pages_each_agency_writes_and_sees_only_its_own_report(
    app: Flask, client: FlaskClient, seeded: Session, tracker: Tracker
) -> None:
    internal, _period = internal_set(seeded, tracker)
    criterion = component(internal, "2.1.1")
    url = f"/quan-ly/chi-so-cchc/{internal.id}/bao-cao/{criterion.id}"
    history = f"/quan-ly/chi-so-cchc/{internal.id}/tieu-chi/{criterion.id}/lich-su"
    for agency, username, value in ((tracker.justice, "tp", "99"), (tracker.finance, "tc", "91")):
        other = app.test_client()
        factories.log_in(other, agency_user(seeded, agency, username))
        data = {"progress": "on_track", "value_number": value, "explanation": username, "send": "y"}
        assert other.post(url, data=data).status_code == 303
        versions = parse(other.get(history)).select(".report-version")
        assert len(versions) == 1  # its own report only, not the other agency's
        assert value in versions[0].select_one(".facts").get_text(" ", strip=True)
    reports = seeded.scalars(select(CriterionReport).filter_by(criterion_id=criterion.id)).all()
    assert sorted((r.agency_id, r.status) for r in reports) == sorted(
        [(tracker.justice.id, ReportStatus.SUBMITTED), (tracker.finance.id, ReportStatus.SUBMITTED)]
    )
    # The Department has no report of its own to write in the internal index.
    factories.log_in(client, tracker.admin)
    refused = client.post(
        url, data={"progress": "on_track", "value_number": "50", "explanation": "x"}
    )
    assert refused.status_code == 403


def test_a_department_user_sees_the_internal_set_it_reports_in(
    justice_client: FlaskClient, seeded: Session, tracker: Tracker
) -> None:
    internal, _period = internal_set(seeded, tracker)
    assert justice_client.get(f"/quan-ly/chi-so-cchc/{internal.id}").status_code == 200
    page = justice_client.get(f"/quan-ly/chi-so-cchc/{internal.id}/bao-cao").get_data(as_text=True)
    assert "1.1.2" in page
    assert "2.1.1" in page


def test_each_agency_keeps_its_own_remediation_tasks_in_the_internal_index(
    app: Flask, seeded: Session, tracker: Tracker
) -> None:
    internal, _period = internal_set(seeded, tracker)
    plan = (
        f"/quan-ly/chi-so-cchc/{internal.id}/tieu-chi/{component(internal, '2.1.1').id}/khac-phuc"
    )
    form = {
        "person": "Ông Minh",
        "what": "Rà soát hồ sơ trễ hạn",
        "product": "Báo cáo",
        "deadline": "2026-03-15",
        "status": "planned",
    }
    clients = {}
    for agency, username in ((tracker.justice, "tp2"), (tracker.finance, "tc2")):
        clients[agency.code] = app.test_client()
        factories.log_in(clients[agency.code], agency_user(seeded, agency, username))
    assert clients["so-tu-phap"].post(plan, data=form).status_code == 303
    task = seeded.scalars(select(RemediationTask)).one()
    assert task.owner_agency_id == tracker.justice.id
    own = parse(clients["so-tu-phap"].get(plan)).select("#tasks tbody tr")
    assert [row["data-task"] for row in own] == [str(task.id)]
    assert parse(clients["so-tai-chinh"].get(plan)).select("#tasks tbody tr") == []
    done = {f"t{task.id}-{k}": v for k, v in {**form, "status": "done"}.items()}
    assert clients["so-tai-chinh"].post(f"{plan}/{task.id}", data=done).status_code == 404
