"""The report to the People's Committee as a background job, in Excel or PDF.

Its steps: the set's standing (every criterion's forecast, the slow part), the period's
late agencies, reviews and tasks, then the file. The report is made as of the day the
job runs, in the language of the page it was asked from (Vietnamese unless the reader
chose English).
"""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from sqlalchemy.orm import Session

from survey_app.core.clock import today_local
from survey_app.core.formatting import period_words
from survey_app.core.report_jobs import N_, Built, JobKind, Progress, ReportJobError, register
from survey_app.models import PROVINCE_ROLES, CriterionSet
from survey_app.tracker.pc_report import PcReport, build_pc_report, report_period
from survey_app.tracker.pc_report_pdf import write_pc_pdf
from survey_app.tracker.pc_report_xlsx import write_pc_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = {"xlsx": (write_pc_workbook, XLSX), "pdf": (write_pc_pdf, "application/pdf")}
KINDS = {"xlsx": "tracker.pc_xlsx", "pdf": "tracker.pc_pdf"}
STEPS = (
    N_("Mở bộ tiêu chí và kỳ báo cáo"),
    N_("Tính điểm dự báo của từng tiêu chí và các cơ quan chậm báo cáo"),
    N_("Viết tệp báo cáo"),
)
GONE = N_("Bộ tiêu chí của báo cáo này không còn nữa.")


def _builder(extension: str) -> Any:
    write, mimetype = FORMATS[extension]

    def build(session: Session, parameters: dict[str, Any], progress: Progress) -> Built:
        progress(1, len(STEPS), STEPS[0])
        criterion_set = session.get(CriterionSet, int(parameters["set_id"]))
        if criterion_set is None:
            raise ReportJobError(GONE)
        today = today_local()
        period = report_period(str(parameters["period"]), today)
        progress(2, len(STEPS), STEPS[1])
        report: PcReport = build_pc_report(session, criterion_set, period, today)
        progress(3, len(STEPS), STEPS[2])
        return Built(write(report), report.file_name(extension), mimetype)

    return build


def _describe(extension: str) -> Any:
    def describe(parameters: dict[str, Any]) -> str:
        return _(
            "Báo cáo UBND tỉnh (%(format)s) — %(period)s",
            format="Excel" if extension == "xlsx" else "PDF",
            period=period_words(str(parameters["period"])),
        )

    return describe


for _extension, _kind in KINDS.items():
    register(
        JobKind(
            name=_kind,
            build=_builder(_extension),
            describe=_describe(_extension),
            audit_action="export.pc_report",
            audit_target=lambda p: f"{p['set_id']}:{p['period']}",
            roles=frozenset(PROVINCE_ROLES),
        )
    )
