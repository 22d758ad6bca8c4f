"""The quarterly record (plan III.2.g): one agency's quarter, the Department's table."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from survey_app.core.clock import today_local
from survey_app.models import (
    Agency,
    AgencyKind,
    LastYearResult,
    Progress,
    RemediationTask,
    ReportingPeriod,
    TaskStatus,
)
from survey_app.tracker.assignments import save_assignment
from survey_app.tracker.periods import open_period
from survey_app.tracker.quarterly import LATE, MISSING, ON_TIME, build_quarters, current_quarter
from survey_app.tracker.report_values import ReportValues
from survey_app.tracker.reports import accept_report, return_report, save_draft, submit_report
from tests.html import parse
from tests.tracker.conftest import Tracker, component

# Q1 2026 lies in the past of every test run (the tracker's data is of 2026).
TODAY = date(2026, 12, 3)


def _report(
    session: Session, tracker: Tracker, period: ReportingPeriod, sent: datetime, verdict: str
) -> None:
    report = save_draft(
        session,
        tracker.admin,
        component(tracker.par, "2.1.1"),
        period,
        agency=tracker.justice,
        values=ReportValues(Progress.ON_TRACK, value_number=99.0),
    )
    submit_report(session, tracker.admin, report)
    report.submitted_at = sent
    session.commit()
    if verdict == "accept":
        accept_report(session, tracker.admin, report)
    else:
        return_report(session, tracker.admin, report, "Thiếu tài liệu")


def quarter_one(session: Session, tracker: Tracker) -> None:
    """Justice on 2.1.1: January on time (accepted), February late (returned), March none.

    Justice's tasks due in the quarter: one done on time, one overdue; 2.1.1 had 1 of 1.5
    points last year.
    """
    periods = [
        open_period(session, tracker.admin, tracker.par, date(2026, m, 1), date(2026, m + 1, 10))
        for m in (1, 2, 3)
    ]
    _report(session, tracker, periods[0], datetime(2026, 2, 5, 2, tzinfo=UTC), "accept")
    _report(session, tracker, periods[1], datetime(2026, 3, 15, 2, tzinfo=UTC), "return")
    criterion = component(tracker.par, "2.1.1")
    session.add(LastYearResult(criterion_id=criterion.id, points_self=1.0, points_appraised=1.0))
    for deadline, status in ((date(2026, 2, 1), TaskStatus.DONE), (date(2026, 3, 1), None)):
        session.add(
            RemediationTask(
                criterion_id=criterion.id,
                owner_agency_id=tracker.justice.id,
                person="Ông Minh",
                what="Rà soát kế hoạch",
                deadline=deadline,
                status=status or TaskStatus.IN_PROGRESS,
                done_on=date(2026, 1, 20) if status else None,
            )
        )
    session.commit()


def test_an_agency_quarter_counts_reports_reviews_tasks_and_points(
    seeded: Session, tracker: Tracker
) -> None:
    quarter_one(seeded, tracker)
    quarters = {q.agency.code: q for q in build_quarters(seeded, tracker.par, 1, TODAY)}
    justice = quarters["so-tu-phap"]
    assert (justice.lead_count, justice.support_count) == (1, 1)
    lead = next(line for line in justice.lines if line.leads)
    assert lead.item.criterion.code == "2.1.1"
    assert lead.months == [ON_TIME, LATE, MISSING]
    assert (justice.count(ON_TIME), justice.count(LATE), justice.count(MISSING)) == (1, 1, 1)
    assert (justice.accepted, justice.returned) == (1, 1)
    assert (justice.tasks.done, justice.tasks.overdue) == (1, 1)
    # The accepted 99 % of January reaches the 90 % band: 0.75 of 1.5; last year 1.
    assert justice.total is not None
    assert (justice.total.points, justice.total.maximum) == (0.75, 1.5)
    assert justice.total.last_year == 1.0
    assert justice.at_risk == 0.75
    # Finance reported nothing on 6.1.1: three months missing.
    assert quarters["so-tai-chinh"].count(MISSING) == 3
    # The second quarter has no period: nothing owed.
    q2 = {q.agency.code: q for q in build_quarters(seeded, tracker.par, 2, TODAY)}
    assert q2["so-tu-phap"].due == 0


def test_the_agency_page_shows_its_months_and_a_plain_summary(
    justice_client: FlaskClient, seeded: Session, tracker: Tracker
) -> None:
    quarter_one(seeded, tracker)
    url = f"/quan-ly/chi-so-cchc/{tracker.par.id}/quy/1/co-quan/{tracker.justice.id}"
    page = parse(justice_client.get(url))
    row = page.select_one('#quarter-criteria tr[data-code="2.1.1"]')
    cells = [td.get_text(strip=True) for td in row.select("td")]
    assert cells[2:6] == ["Chủ trì", "Đúng hạn", "Gửi muộn", "Không gửi"]
    assert page.select_one('#quarter-criteria tr[data-code="6.1.1"]')["data-role"] == "support"
    text = page.select_one("#summary").get_text(" ", strip=True)
    assert "Quý I/2026, Sở Tư pháp chủ trì 1 tiêu chí thành phần, phối hợp 1." in text
    assert "3 phải gửi, 1 đúng hạn, 1 muộn, 1 không gửi" in text
    assert "chấp nhận 1 báo cáo, trả lại 1" in text
    assert "1 đã xong (0 xong muộn), 1 quá hạn" in text
    assert "0,75 / 1,5 (năm trước 1)" in text
    assert page.select_one("#quarter-at-risk").get_text(strip=True) == "0,75"


def test_an_agency_opens_only_its_own_quarter(
    justice_client: FlaskClient, seeded: Session, tracker: Tracker
) -> None:
    base = f"/quan-ly/chi-so-cchc/{tracker.par.id}/quy"
    own = f"{base}/1/co-quan/{tracker.justice.id}"
    assert justice_client.get(own).status_code == 200
    assert justice_client.get(f"{base}/1/co-quan/{tracker.finance.id}").status_code == 404
    assert justice_client.get(f"{base}/5/co-quan/{tracker.justice.id}").status_code == 404
    assert justice_client.get(f"{base}/1").status_code == 403
    way_in = justice_client.get("/quan-ly/chi-so-cchc/quy")
    assert way_in.status_code == 302
    assert f"/co-quan/{tracker.justice.id}" in way_in.headers["Location"]
    overview = parse(justice_client.get(f"/quan-ly/chi-so-cchc/{tracker.par.id}/tong-quan"))
    assert f"/co-quan/{tracker.justice.id}" in overview.select_one("#quarter-link")["href"]


def test_the_department_table_sorts_by_vietnamese_names_late_reports_and_risk(
    admin_client: FlaskClient, seeded: Session, tracker: Tracker
) -> None:
    quarter_one(seeded, tracker)
    # "Ủy ban …" comes before "Văn phòng …" in Vietnamese, after it by code point.
    for code, name in (("uy-ban-mt", "Ủy ban Mặt trận"), ("vp", "Văn phòng Đoàn ĐBQH")):
        agency = Agency(code=code, name=name, kind=AgencyKind.DEPARTMENT)
        seeded.add(agency)
        seeded.commit()
        criterion = component(tracker.par, "1.2.1" if code == "vp" else "1.1.1")
        save_assignment(
            seeded,
            tracker.admin,
            criterion,
            lead=agency,
            supporting=[],
            deadline=None,
            product="",
        )
    base = f"/quan-ly/chi-so-cchc/{tracker.par.id}/quy/1"
    page = parse(admin_client.get(base))
    names = [
        r.select_one("td a").get_text(strip=True) for r in page.select("#quarter-agencies tbody tr")
    ]
    assert names == ["Sở Tài chính", "Sở Tư pháp", "Ủy ban Mặt trận", "Văn phòng Đoàn ĐBQH"]
    link = page.select_one('#quarter-agencies tr[data-agency="so-tu-phap"] a')["href"]
    assert link == f"{base}/co-quan/{tracker.justice.id}"
    late = parse(admin_client.get(f"{base}?sap-xep=cham"))
    counts = [int(td.get_text()) for td in late.select("#quarter-agencies td.late")]
    assert counts == sorted(counts, reverse=True)
    assert counts[0] == 3  # each new agency and finance: three months missing
    risk = parse(admin_client.get(f"{base}?sap-xep=nguy-co"))
    risks = [
        float(td.get_text().replace(",", ".")) for td in risk.select("#quarter-agencies td.at-risk")
    ]
    assert risks == sorted(risks, reverse=True)
    way_in = admin_client.get("/quan-ly/chi-so-cchc/quy")
    number = current_quarter(tracker.par, today_local())
    assert way_in.headers["Location"].endswith(f"/{tracker.par.id}/quy/{number}")


@pytest.mark.parametrize("number", [0, 5])
def test_a_quarter_that_does_not_exist_is_not_found(
    admin_client: FlaskClient, tracker: Tracker, number: int
) -> None:
    assert (
        admin_client.get(f"/quan-ly/chi-so-cchc/{tracker.par.id}/quy/{number}").status_code == 404
    )
