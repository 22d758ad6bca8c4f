"""The SIPAS workbook as a background job: its steps, its title, how its download is audited."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from sqlalchemy.orm import Session

from survey_app.core.formatting import period_words
from survey_app.core.report_jobs import Built, JobKind, Progress, register
from survey_app.models import PROVINCE_ROLES
from survey_app.survey.report import sipas_workbook_bytes
from survey_app.survey.report_data import DATA_STEPS, build_sipas_report
from survey_app.survey.report_notes import WRITE_STEPS

SIPAS = "survey.sipas"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
STEPS = len(DATA_STEPS) + len(WRITE_STEPS)


def build_sipas_workbook(session: Session, parameters: dict[str, Any], progress: Progress) -> Built:
    """Compute the period's figures and write the workbook, telling ``progress`` each step."""
    done = 0

    def step(label: str) -> None:
        nonlocal done
        done += 1
        progress(done, STEPS, label)

    period = str(parameters["period"])
    report = build_sipas_report(
        session,
        period,
        replicates=int(parameters["replicates"]),
        seed=int(parameters["seed"]),
        step=step,
    )
    return Built(sipas_workbook_bytes(report, step), f"sipas-{period}.xlsx", XLSX)


def describe(parameters: dict[str, Any]) -> str:
    """The job's title on its page: the workbook and its period, in words."""
    return _("Báo cáo SIPAS (Excel) — %(period)s", period=period_words(str(parameters["period"])))


register(
    JobKind(
        name=SIPAS,
        build=build_sipas_workbook,
        describe=describe,
        audit_action="export.sipas_report",
        audit_target=lambda parameters: str(parameters["period"]),
        roles=frozenset(PROVINCE_ROLES),
    )
)
