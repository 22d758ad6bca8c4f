"""The SIPAS workbook's job tells its progress in eleven named steps, in order."""

from __future__ import annotations

from io import BytesIO

from openpyxl import load_workbook
from sqlalchemy.orm import Session

from survey_app.survey.report import SHEETS
from survey_app.survey.report_data import DATA_STEPS
from survey_app.survey.report_job import STEPS, build_sipas_workbook
from survey_app.survey.report_notes import WRITE_STEPS


def test_each_step_is_reported_once_in_order_with_its_label(seeded: Session) -> None:
    told: list[tuple[int, int, str]] = []
    built = build_sipas_workbook(
        seeded,
        {"period": "2026-Q4", "replicates": 20, "seed": 1},
        lambda step, steps, label: told.append((step, steps, label)),
    )
    assert STEPS == 11
    assert told == [(i + 1, STEPS, label) for i, label in enumerate(DATA_STEPS + WRITE_STEPS)]
    assert built.filename == "sipas-2026-Q4.xlsx"
    assert load_workbook(BytesIO(built.content)).sheetnames == list(SHEETS)
