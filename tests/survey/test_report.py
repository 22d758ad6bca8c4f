"""The SIPAS workbook: its sheets, Vietnamese headings, and figures straight from analysis."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy.orm import Session

from analysis import cronbach_alpha, fix_first, integrity_shares, option_shares, sipas_indices
from survey_app.reporting import (
    AnswerFilter,
    fetch_answer_counts,
    fetch_answer_patterns,
    fetch_items,
)
from survey_app.seeding.demo import seed_demo
from survey_app.survey.demo import seed_survey_demo
from survey_app.survey.report import SHEETS
from survey_app.survey.report_data import respondents

REPLICATES = 200
Q3 = AnswerFilter(
    instrument_key="sipas_survey",
    start=datetime(2026, 6, 30, 17, tzinfo=UTC),
    end=datetime(2026, 9, 30, 17, tzinfo=UTC),
)


@pytest.fixture
def workbook(app: Flask, runner: FlaskCliRunner, seeded: Session, tmp_path: Path) -> Path:
    seed_survey_demo(seeded, margin=0.1, communes=4, seed=3)
    seed_demo(seeded, weeks=1, seed=3, end=date(2026, 8, 12))
    app.config["SURVEY_REPORT_REPLICATES"] = REPLICATES
    out = tmp_path / "sipas.xlsx"
    result = runner.invoke(args=["report", "sipas", "--period", "2026-Q3", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


def rows(sheet: Worksheet, header: str) -> list[dict[str, object]]:
    """The table under the header row whose first cell is ``header``, as dicts."""
    values = list(sheet.iter_rows(values_only=True))
    top = next(i for i, row in enumerate(values) if row[0] == header)
    names = values[top]
    table = []
    for row in values[top + 1 :]:
        if row[0] is None:
            break
        table.append(dict(zip(names, row, strict=True)))
    return table


def test_the_workbook_has_every_sheet_with_vietnamese_headings(workbook: Path) -> None:
    book = load_workbook(workbook)
    assert book.sheetnames == list(SHEETS)
    overview = rows(book["Tổng quan"], "Chỉ số")
    assert [r["Chỉ số"] for r in overview] == [
        "Chỉ số SIPAS",
        "Chỉ số hài lòng về chính sách công",
        "Chỉ số hài lòng về cung ứng dịch vụ hành chính công",
    ]
    assert set(overview[0]) >= {"n", "Giá trị (%)", "KTC 95% — cận dưới", "KTC 95% — cận trên"}
    assert "KHÔNG phải chỉ số SIPAS" in book["Theo trung tâm (phiếu nhanh)"]["A1"].value
    notes = " ".join(str(c.value) for c in book["Phương pháp"]["A"] if c.value)
    assert "(R)" in notes
    assert "Yamane" in notes


def test_every_index_equals_what_analysis_computes_from_the_same_counts(
    workbook: Path, seeded: Session
) -> None:
    counts = fetch_answer_counts(seeded, Q3)
    items = fetch_items(seeded, "sipas_survey")
    patterns = fetch_answer_patterns(seeded, Q3)
    expected = sipas_indices(
        counts, items, replicates=REPLICATES, rng=2026, patterns=patterns
    ).set_index("component")
    # The respondent-level intervals never move a point estimate.
    plain = sipas_indices(counts, items, replicates=0).set_index("component")
    assert expected["index"].equals(plain["index"])
    assert expected.loc["sipas", "ci_method"] == "respondent"
    book = load_workbook(workbook)
    sipas = rows(book["Tổng quan"], "Chỉ số")[0]
    figure = expected.loc["sipas"]
    assert sipas["Giá trị (%)"] == round(figure["index"], 2)
    assert sipas["n"] == figure["n"]
    assert sipas["KTC 95% — cận dưới"] == round(figure["ci_low"], 2)
    assert sipas["KTC 95% — cận trên"] == round(figure["ci_high"], 2)
    items = {r["Câu hỏi"]: r for r in rows(book["Tiêu chí"], "STT")}
    polite = items["Công chức giao tiếp lịch sự, tôn trọng người dân"]  # staff.polite
    assert polite["Giá trị (%)"] == round(expected.loc["staff.polite", "index"], 2)
    assert len(items) == 39


def test_shares_equal_what_analysis_computes(workbook: Path, seeded: Session) -> None:
    counts = fetch_answer_counts(seeded, Q3)
    harassment = option_shares(
        counts, questions=["perception.harassment"], options={"perception.harassment": [1, 2, 3]}
    )
    book = load_workbook(workbook)
    survey = [
        r for r in rows(book["Liêm chính"], "Câu hỏi") if r["Phương án"] == "Có nhiều công chức"
    ]
    assert survey[0]["n"] == int(harassment["n"].iloc[0])
    assert survey[0]["Tỉ lệ (%)"] == round(
        float(harassment.loc[harassment["value"] == 3, "share"].iloc[0]), 2
    )
    pulse = integrity_shares(fetch_answer_counts(seeded, AnswerFilter(start=Q3.start, end=Q3.end)))
    province = [r for r in rows(book["Liêm chính"], "Trung tâm") if r["Trung tâm"] == "Toàn tỉnh"]
    late = next(r for r in province if r["Chỉ báo"] == "Nhận kết quả trễ hẹn")
    expected = pulse.set_index("indicator").loc["late"]
    assert (late["n"], late["Tỉ lệ (%)"]) == (expected["n"], round(expected["share"], 2))
    needs = rows(book["Nhu cầu"], "Câu hỏi")
    assert needs[0]["Câu hỏi"] == "Tăng cường công khai, minh bạch thông tin"


def test_too_few_answers_are_written_as_text(workbook: Path) -> None:
    by_commune = rows(load_workbook(workbook)["Theo xã"], "Xã, phường")
    few = [r for r in by_commune if r["n"] < 30]
    assert few, "the small demo leaves every commune under 30 answers"
    assert all(r["Giá trị (%)"] == "Quá ít câu trả lời (n < 30)" for r in few)
    assert all(r["KTC 95% — cận dưới"] is None for r in few)


def test_the_command_refuses_a_bad_period(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["report", "sipas", "--period", "quý 3"])
    assert result.exit_code == 2
    assert "2026-Q3" in result.output


def test_method_sheet_shows_cronbach_alpha_and_factor_sheet_the_drivers(
    workbook: Path, seeded: Session
) -> None:
    """Cronbach's alpha and the driver analysis reach the reader (issue 11, item 7)."""
    book = load_workbook(workbook)
    alpha = {r["Yếu tố"]: r for r in rows(book["Phương pháp"], "Nhóm")}
    patterns = fetch_answer_patterns(seeded, Q3)
    expected = cronbach_alpha(respondents(patterns), fetch_items(seeded, "sipas_survey"))
    staff = expected.set_index("factor").loc["staff"]
    row = alpha["Công chức trực tiếp giải quyết công việc"]
    assert row["n"] == int(staff["n"])
    assert row["Cronbach's alpha"] == round(float(staff["alpha"]), 2)
    drivers = rows(book["Yếu tố"], "Yếu tố")
    pulse = AnswerFilter(start=Q3.start, end=Q3.end)
    first = fix_first(
        fetch_answer_patterns(seeded, pulse), None, items=fetch_items(seeded), rng=2026
    )
    top = first.iloc[0]
    assert len(drivers) == 5
    assert drivers[0]["Ưu tiên (điểm %)"] == round(float(top["priority"]), 2)
    assert [r["Ưu tiên (điểm %)"] for r in drivers] == sorted(
        (r["Ưu tiên (điểm %)"] for r in drivers), reverse=True
    )
