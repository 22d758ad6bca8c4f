"""The overview page: the forecast, warnings linked to criteria, an agency's own only."""

from __future__ import annotations

from datetime import date

from bs4 import BeautifulSoup
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from survey_app.models import CriterionSet, Progress, ReportingPeriod
from survey_app.tracker.periods import open_period
from survey_app.tracker.report_values import ReportValues
from survey_app.tracker.reports import (
    accept_report,
    correct_report,
    latest_report,
    save_draft,
    submit_report,
)
from tests.html import parse
from tests.tracker.conftest import Tracker, component
from tests.tracker.test_standing import worked_set


def test_the_department_sees_the_forecast_and_every_warning(
    admin_client: FlaskClient, seeded: Session, tracker: Tracker
) -> None:
    worked_set(seeded, tracker)
    response = admin_client.get("/quan-ly/chi-so-cchc/tong-quan")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/{tracker.par.id}/tong-quan")
    page = parse(admin_client.get(f"/quan-ly/chi-so-cchc/{tracker.par.id}/tong-quan"))
    assert page.select_one(".draft-banner") is not None
    total = page.select_one("#forecast-total").get_text(" ", strip=True)
    assert "1,75 / 100" in total
    assert "dưới C" in page.select_one("#par-group").get_text()
    assert len(page.select("#fields tbody tr")) == 8
    rows = page.select("#at-risk tbody tr")
    risks = [float(r.select("td")[3].get_text().replace(",", ".")) for r in rows]
    assert risks == sorted(risks, reverse=True)
    justice = page.select_one('#at-risk tr[data-code="2.1.1"]')
    assert "0,75" in justice.select("td")[3].get_text()
    link = justice.select_one("a")["href"]
    assert link.endswith(f"/{tracker.par.id}/tieu-chi/{component(tracker.par, '2.1.1').id}") or (
        str(component(tracker.par, "2.1.1").id) in link
    )
    tasks = page.select_one("#overdue-tasks").get_text(" ", strip=True)
    assert "6.1.1" in tasks
    assert "Đẩy nhanh giải ngân" in tasks
    late = page.select_one("#late-agencies").get_text(" ", strip=True)
    assert "Sở Tài chính" in late
    assert "6.1.1" in late


def test_an_agency_sees_only_its_own_criteria(
    justice_client: FlaskClient, seeded: Session, tracker: Tracker
) -> None:
    worked_set(seeded, tracker)
    page = parse(justice_client.get(f"/quan-ly/chi-so-cchc/{tracker.par.id}/tong-quan"))
    codes = [r["data-code"] for r in page.select("#at-risk tbody tr")]
    assert codes == ["2.1.1"]
    assert "0,75 / 1,5" in page.select_one("#forecast-total").get_text(" ", strip=True)
    assert page.select_one("#par-group") is None
    assert page.select_one("#overdue-tasks") is None
    text = page.get_text(" ", strip=True)
    assert "Sở Tài chính" not in text
    assert "6.1.1" not in text


def test_the_internal_index_ranks_agencies_by_their_own_accepted_reports(
    admin_client: FlaskClient, seeded: Session, tracker: Tracker
) -> None:
    internal = seeded.scalars(select(CriterionSet).filter_by(code="CCHC-NOI-BO")).one()
    criterion = next(c for c in internal.criteria if c.code == "2.1.1")  # 98 % → 20 points
    # Each agency reports the same criterion in the same month, its own report.
    period = open_period(seeded, tracker.admin, internal, date(2026, 3, 1), date(2026, 4, 10))
    for agency, percent in ((tracker.justice, 99.0), (tracker.finance, 91.0)):
        report = save_draft(
            seeded,
            tracker.admin,
            criterion,
            period,
            agency=agency,
            values=ReportValues(Progress.ON_TRACK, value_number=percent),
        )
        submit_report(seeded, tracker.admin, report)
        accept_report(seeded, tracker.admin, report)
    page = parse(admin_client.get(f"/quan-ly/chi-so-cchc/{internal.id}/tong-quan"))
    rows = [
        [td.get_text(strip=True) for td in tr.select("td")] for tr in page.select("#ranking tr")
    ]
    rows = [r for r in rows if r]
    assert rows[0] == ["1", "Sở Tư pháp", "20", "1"]
    assert rows[1] == ["2", "Sở Tài chính", "10", "1"]


def each_cell_names_its_column(page: BeautifulSoup, table_id: str) -> None:
    """A table that becomes one card a row on a phone: every cell says its column's name."""
    table = page.select_one(f"#{table_id}")
    assert "stacked" in table["class"], table_id
    heads = [th.get_text(strip=True) for th in table.select("thead th")]
    rows = table.select("tbody tr")
    assert rows, table_id
    for row in rows:
        assert [td.get("data-label") for td in row.select("td")] == heads, table_id


def test_the_cycles_lists_become_one_card_a_row_on_a_phone(
    admin_client: FlaskClient, seeded: Session, tracker: Tracker
) -> None:
    worked_set(seeded, tracker)
    period = seeded.scalars(select(ReportingPeriod)).one()
    accepted = latest_report(seeded, component(tracker.par, "2.1.1"), period)
    assert accepted is not None
    submit_report(seeded, tracker.admin, correct_report(seeded, tracker.admin, accepted))
    base = f"/quan-ly/chi-so-cchc/{tracker.par.id}"
    overview = parse(admin_client.get(f"{base}/tong-quan"))
    each_cell_names_its_column(overview, "at-risk")
    queue = parse(admin_client.get(f"{base}/duyet"))
    each_cell_names_its_column(queue, "review-queue")
    each_cell_names_its_column(queue, "overdue-tasks")
    each_cell_names_its_column(parse(admin_client.get(f"{base}/bao-cao")), "my-criteria")
