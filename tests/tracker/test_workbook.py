"""The Excel template: a good file loads whole, a bad one loads nothing and says where."""

from __future__ import annotations

from io import BytesIO

from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from openpyxl import load_workbook
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from survey_app.models import Criterion, CriterionSet
from survey_app.tracker.workbook_export import write_workbook
from survey_app.tracker.workbook_import import CRITERIA_SHEET, SET_SHEET, import_workbook
from tests.html import parse
from tests.tracker.conftest import Tracker


def edited(content: bytes, **changes: dict[str, object]) -> BytesIO:
    """The workbook ``content`` with cells changed: sheet → {cell: value}."""
    workbook = load_workbook(BytesIO(content))
    sheets = {"particulars": SET_SHEET, "criteria": CRITERIA_SHEET}
    for key, cells in changes.items():
        for cell, value in cells.items():
            workbook[sheets[key]][cell] = value
    out = BytesIO()
    workbook.save(out)
    out.seek(0)
    return out


def next_year(content: bytes, **more: dict[str, object]) -> BytesIO:
    """The workbook as next year's edition, with ``more`` changes."""
    particulars = {"C3": 2027, **more.pop("particulars", {})}
    return edited(content, particulars=particulars, **more)


def counts(session: Session) -> tuple[int | None, int | None]:
    return (
        session.scalar(select(func.count()).select_from(CriterionSet)),
        session.scalar(select(func.count()).select_from(Criterion)),
    )


def test_export_then_import_as_next_year_gives_the_same_tree(
    seeded: Session, tracker: Tracker
) -> None:
    content = write_workbook(tracker.par)
    result = import_workbook(seeded, next_year(content))
    assert result.problems == []
    loaded = result.criterion_set
    assert loaded is not None
    assert loaded.year == 2027
    assert loaded.is_draft_annex
    assert loaded.declared_total == 100

    def shape(s: CriterionSet) -> list[tuple[object, ...]]:
        codes = {c.id: c.code for c in s.criteria}
        return [
            (
                c.code,
                codes.get(c.parent_id or 0),
                c.level,
                c.name,
                c.max_points,
                c.source,
                c.rule_kind,
                c.rule_params,
                c.evidence,
                c.survey_index,
            )
            for c in s.criteria
        ]

    assert shape(loaded) == shape(tracker.par)
    # The old edition stays, and the new one exports to the same workbook rows.
    assert seeded.get(CriterionSet, tracker.par.id) is not None
    again = load_workbook(BytesIO(write_workbook(loaded)))[CRITERIA_SHEET]
    first = load_workbook(BytesIO(content))[CRITERIA_SHEET]
    assert list(again.values) == list(first.values)


def test_the_same_edition_twice_is_refused(seeded: Session, tracker: Tracker) -> None:
    result = import_workbook(seeded, BytesIO(write_workbook(tracker.par)))
    assert result.criterion_set is None
    assert [(p.sheet, p.column) for p in result.problems] == [(SET_SHEET, "code")]


def test_a_file_with_several_wrong_rows_reports_each_and_loads_nothing(
    seeded: Session, tracker: Tracker
) -> None:
    before = counts(seeded)
    bad = next_year(
        write_workbook(tracker.par),
        criteria={
            "A3": "chapter",  # row 3: an unknown level
            "E4": "nhiều",  # row 4: points not a number
            "H5": "{not json",  # row 5: parameters not JSON
            "C6": "9.9",  # row 6: a parent that does not exist
        },
    )
    result = import_workbook(seeded, bad)
    assert result.criterion_set is None
    found = {(p.sheet, p.row, p.column) for p in result.problems}
    assert {
        (CRITERIA_SHEET, 3, "level"),
        (CRITERIA_SHEET, 4, "max_points"),
        (CRITERIA_SHEET, 5, "rule_params"),
        (CRITERIA_SHEET, 6, "parent_code"),
    } <= found
    assert all(p.message for p in result.problems)
    seeded.rollback()
    assert counts(seeded) == before


def test_maxima_that_do_not_add_up_are_reported_on_the_parent_row(
    seeded: Session, tracker: Tracker
) -> None:
    before = counts(seeded)
    # Row 3 is criterion 1.1: its components add up to 2.5, not 3; and field 1 (row 2)
    # no longer adds up either.
    result = import_workbook(seeded, next_year(write_workbook(tracker.par), criteria={"E3": 3}))
    assert result.criterion_set is None
    assert sorted((p.row, p.column) for p in result.problems) == [
        (2, "max_points"),
        (3, "max_points"),
    ]
    seeded.rollback()
    assert counts(seeded) == before


def test_a_wrong_declared_total_and_missing_particulars_are_reported(
    seeded: Session, tracker: Tracker
) -> None:
    content = write_workbook(tracker.par)
    totals = import_workbook(seeded, next_year(content, particulars={"C7": 99}))
    assert [(p.column) for p in totals.problems] == ["max_points"]
    missing = import_workbook(seeded, next_year(content, particulars={"C1": None, "C4": "x"}))
    assert {(p.sheet, p.row, p.column) for p in missing.problems} == {(SET_SHEET, 1, "code")}


def test_a_file_that_is_not_a_workbook_is_refused(seeded: Session, tracker: Tracker) -> None:
    result = import_workbook(seeded, BytesIO(b"%PDF-1.4 not a workbook"))
    assert result.criterion_set is None
    assert len(result.problems) == 1


def test_the_upload_page_lists_problems_by_row_and_loads_nothing(
    admin_client: FlaskClient, seeded: Session, tracker: Tracker
) -> None:
    before = counts(seeded)
    bad = next_year(write_workbook(tracker.par), criteria={"A3": "chapter"})
    response = admin_client.post(
        "/quan-ly/chi-so-cchc/nhap",
        data={"workbook": (bad, "bo.xlsx")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    rows = [
        [td.get_text() for td in tr.select("td")][:3]
        for tr in parse(response).select("#problems tbody tr")
    ]
    assert [CRITERIA_SHEET, "3", "level"] in rows
    assert counts(seeded) == before


def test_the_upload_page_loads_a_good_file_and_shows_it(
    admin_client: FlaskClient, seeded: Session, tracker: Tracker
) -> None:
    good = next_year(write_workbook(tracker.par))
    response = admin_client.post(
        "/quan-ly/chi-so-cchc/nhap",
        data={"workbook": (good, "bo.xlsx")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 303
    page = parse(admin_client.get(response.headers["Location"]))
    assert page.select_one(".draft-banner") is not None
    assert len(page.select("#criteria tbody tr")) == len(tracker.par.criteria)


def test_cli_export_then_import(runner: FlaskCliRunner, tracker: Tracker, tmp_path: object) -> None:
    path = tmp_path / "par.xlsx"  # type: ignore[operator]
    exported = runner.invoke(args=["tracker", "export", str(path), "--code", "PAR-INDEX"])
    assert exported.exit_code == 0, exported.output
    refused = runner.invoke(args=["tracker", "import", str(path)])
    assert refused.exit_code != 0
    path.write_bytes(next_year(path.read_bytes()).getvalue())
    loaded = runner.invoke(args=["tracker", "import", str(path)])
    assert loaded.exit_code == 0, loaded.output
    assert "PAR-INDEX 2027" in loaded.output


def test_the_upload_needs_its_csrf_token(
    app: Flask, admin_client: FlaskClient, seeded: Session, tracker: Tracker
) -> None:
    app.config["WTF_CSRF_ENABLED"] = True
    page = parse(admin_client.get("/quan-ly/chi-so-cchc/nhap"))
    token = page.select_one("input[name=csrf_token]")["value"]
    content = next_year(write_workbook(tracker.par)).getvalue()
    refused = admin_client.post(
        "/quan-ly/chi-so-cchc/nhap",
        data={"workbook": (BytesIO(content), "bo.xlsx")},
        content_type="multipart/form-data",
    )
    assert refused.status_code == 400
    accepted = admin_client.post(
        "/quan-ly/chi-so-cchc/nhap",
        data={"workbook": (BytesIO(content), "bo.xlsx"), "csrf_token": token},
        content_type="multipart/form-data",
    )
    assert accepted.status_code == 303
