"""The SIPAS report workbook (openpyxl): every figure with its n and its interval.

Headings are in Vietnamese, the language of the reports it feeds. A figure resting on
too few answers is written as text, never as a number someone could copy on.
"""

from __future__ import annotations

from collections.abc import Callable
from io import BytesIO
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from survey_app.reporting.rows import rows_of
from survey_app.survey.report_cells import (
    FIGURE_HEADERS,
    empty_sheet,
    figure,
    number,
    period_vi,
    table,
    title,
)
from survey_app.survey.report_data import SipasReport
from survey_app.survey.report_notes import (
    COMPONENT_LABELS,
    DRIVER_HEADERS,
    DRIVERS_HEADING,
    DRIVERS_NOTE,
    INDICATOR_LABELS,
    RELIABILITY_HEADERS,
    RELIABILITY_HEADING,
    SHEET_STEPS,
    WRITE_STEPS,
    method_notes,
)
from survey_app.survey.report_wide import (
    CENTRE_COLUMNS,
    COMMUNE_COLUMNS,
    factor_chart,
    wide_table,
)

SHEETS = (
    "Tổng quan",
    "Yếu tố",
    "Tiêu chí",
    "Chính sách",
    "Theo xã",
    "Xã × chỉ số",
    "Theo trung tâm (phiếu nhanh)",
    "Trung tâm × yếu tố",
    "Liêm chính",
    "Nhu cầu",
    "Nhận định",
    "Hệ thống một cửa",
    "Phương pháp",
)
ONE_STOP_HEADERS = (
    "Trung tâm",
    "Số ngày có số liệu",
    "Hồ sơ tiếp nhận",
    "Kết quả đúng hạn",
    "Kết quả trễ hạn",
    "Tỉ lệ đúng hạn (%)",
    "KTC 95% — cận dưới",
    "KTC 95% — cận trên",
    "Trễ hạn có văn bản xin lỗi",
    "Tỉ lệ xin lỗi (%)",
    "Hồ sơ bổ sung quá một lần",
    "Tỉ lệ bổ sung quá một lần (%)",
    "Người dân: phải bổ sung hơn một lần (%)",
)
NO_ONE_STOP = "Chưa có số liệu từ hệ thống một cửa"
NO_SURVEY = (
    "Không có phiếu khảo sát SIPAS nào trong kỳ {period}: bảng này để trống. "
    "Khảo sát của tỉnh thường diễn ra theo đợt; chọn kỳ có đợt khảo sát."
)
NO_PULSE = "Không có phiếu đánh giá nhanh sau giao dịch nào trong kỳ {period}."
# The sheets read from the province's survey, and those from the visit ratings.
SURVEY_SHEETS = frozenset(
    {"Tổng quan", "Yếu tố", "Tiêu chí", "Chính sách", "Theo xã", "Xã × chỉ số", "Nhu cầu"}
) | {"Nhận định"}
PULSE_SHEETS = frozenset({"Theo trung tâm (phiếu nhanh)", "Trung tâm × yếu tố"})


def write_sipas_workbook(report: SipasReport, path: Path) -> Path:
    """Write the report's workbook to ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(sipas_workbook_bytes(report))
    return path


def sipas_workbook_bytes(
    report: SipasReport, step: Callable[[str], None] = lambda _label: None
) -> bytes:
    """The report's workbook as an .xlsx file's bytes (the web download, the command).

    ``step`` is told each of ``WRITE_STEPS`` as it starts (a job's progress).
    """
    book = Workbook()
    first = book.active  # a new workbook's one empty sheet
    if first is not None:
        book.remove(first)
    sheets = {name: book.create_sheet(name) for name in SHEETS}
    writers = {
        "Tổng quan": lambda sheet: _overview(sheet, report),
        "Yếu tố": lambda sheet: _components(sheet, report, "factor"),
        "Tiêu chí": lambda sheet: _items(sheet, report),
        "Chính sách": lambda sheet: _components(sheet, report, "policy"),
        "Theo xã": lambda sheet: _by_unit(sheet, report, report.by_commune, "Xã, phường"),
        "Xã × chỉ số": lambda sheet: _wide(sheet, report, "Xã, phường"),
        "Theo trung tâm (phiếu nhanh)": lambda sheet: _by_unit(
            sheet, report, report.by_centre, "Trung tâm"
        ),
        "Trung tâm × yếu tố": lambda sheet: _wide(sheet, report, "Trung tâm"),
        "Liêm chính": lambda sheet: _integrity(sheet, report),
        "Nhu cầu": lambda sheet: _shares(
            sheet, report, report.needs, "Nhu cầu, mong đợi của người dân"
        ),
        "Nhận định": lambda sheet: _shares(
            sheet, report, report.perceptions, "Nhận định của người dân"
        ),
        "Hệ thống một cửa": lambda sheet: _one_stop(sheet, report),
        "Phương pháp": lambda sheet: _notes(sheet, report),
    }
    no_survey = sum(report.responses.values()) == 0
    for name, write in writers.items():
        if name in SHEET_STEPS:
            step(SHEET_STEPS[name])
        if no_survey and name in SURVEY_SHEETS:
            empty_sheet(sheets[name], report, NO_SURVEY)
        elif report.pulse_responses == 0 and name in PULSE_SHEETS:
            empty_sheet(sheets[name], report, NO_PULSE)
        else:
            write(sheets[name])
    step(WRITE_STEPS[-1])
    content = BytesIO()
    book.save(content)
    return content.getvalue()


def _overview(sheet: Worksheet, report: SipasReport) -> None:
    online = report.responses.get("survey_online", 0)
    paper = report.responses.get("survey_paper", 0)
    top = title(
        sheet,
        report,
        "Báo cáo khảo sát SIPAS tỉnh Lạng Sơn",
        f"Số phiếu khảo sát hợp lệ: {online + paper} (trực tuyến {online}, giấy {paper}).",
    )
    frame = report.indices.loc[report.indices["level"] == "index"]
    order = {"sipas": 0, "policy": 1, "service": 2}
    frame = frame.sort_values("component", key=lambda s: s.map(order))
    rows = [
        [COMPONENT_LABELS.get(r.component, r.component), *figure(r, report), int(r.n_answers)]
        for r in rows_of(frame)
    ]
    headers = ("Chỉ số", *FIGURE_HEADERS, "Tổng số câu trả lời")
    table(sheet, top, headers, rows)
    sheet.column_dimensions["A"].width = 50


def _components(sheet: Worksheet, report: SipasReport, level: str) -> None:
    heading = "Chỉ số theo yếu tố" if level == "factor" else "Chỉ số theo chính sách"
    top = title(sheet, report, heading)
    frame = report.indices.loc[report.indices["level"] == level]
    rows = [
        [
            "Chính sách công" if r.family == "policy" else "Dịch vụ hành chính công",
            COMPONENT_LABELS.get(r.component, r.component),
            *figure(r, report),
        ]
        for r in rows_of(frame)
    ]
    end = table(
        sheet, top, ("Nhóm", "Yếu tố" if level == "factor" else "Chính sách", *FIGURE_HEADERS), rows
    )
    sheet.column_dimensions["B"].width = 48
    factor_chart(sheet, top, len(rows), "H4")
    if level == "factor":
        _drivers(sheet, report, end + 1)


def _drivers(sheet: Worksheet, report: SipasReport, top: int) -> None:
    """Which factor to improve first (visit pulse, province-wide): the driver analysis."""
    sheet.cell(top, 1, DRIVERS_HEADING).font = Font(bold=True)
    r2, n = report.drivers_fit
    if report.drivers.empty:
        sheet.cell(top + 1, 1, "Chưa đủ phiếu đánh giá nhanh để phân tích.")
        return
    sheet.cell(top + 1, 1, DRIVERS_NOTE.format(n=n, r2=100 * r2))
    rows = [
        [
            COMPONENT_LABELS.get(r.factor, r.factor),
            *(number(v) for v in (r.priority, r.ci_low, r.ci_high, r.share_dissatisfied)),
            *(number(v) for v in (r.gain, 100 * r.share, r.r)),
        ]
        for r in rows_of(report.drivers)
    ]
    table(sheet, top + 3, DRIVER_HEADERS, rows)


def _items(sheet: Worksheet, report: SipasReport) -> None:
    top = title(sheet, report, "Chỉ số theo tiêu chí (câu hỏi)")
    frame = report.indices.loc[report.indices["level"] == "item"]
    rows = [
        [number, report.labels.get(r.component, r.component), *figure(r, report)]
        for number, r in enumerate(rows_of(frame), start=1)
    ]
    table(sheet, top, ("STT", "Câu hỏi", *FIGURE_HEADERS), rows)
    sheet.column_dimensions["A"].width = 6
    sheet.column_dimensions["B"].width = 70


def _by_unit(sheet: Worksheet, report: SipasReport, frame: pd.DataFrame, unit: str) -> None:
    pulse = unit == "Trung tâm"
    heading = (
        "Phiếu đánh giá nhanh sau giao dịch, theo trung tâm (KHÔNG phải chỉ số SIPAS)"
        if pulse
        else "Khảo sát SIPAS theo xã, phường nơi người trả lời sinh sống"
    )
    note = (
        f"Dòng phản hồi sau giao dịch, cùng kỳ; {report.pulse_responses} phiếu. "
        "Mỗi yếu tố chỉ có một câu hỏi nên không so sánh trực tiếp với SIPAS."
        if pulse
        else "Chỉ số SIPAS, chính sách công, dịch vụ hành chính công và 5 yếu tố dịch vụ."
    )
    top = title(sheet, report, heading, note)
    frame = _ordered(frame, ["name", "component"], "component")
    rows = [
        [
            r.name,
            int(r.responses),
            report.labels.get(r.component, COMPONENT_LABELS.get(r.component, r.component)),
            *figure(r, report),
        ]
        for r in rows_of(frame)
    ]
    table(sheet, top, (unit, "Số phiếu", "Chỉ số", *FIGURE_HEADERS), rows)
    sheet.column_dimensions["A"].width = 40
    sheet.column_dimensions["C"].width = 44


def _wide(sheet: Worksheet, report: SipasReport, unit: str) -> None:
    pulse = unit == "Trung tâm"
    frame = report.by_centre if pulse else report.by_commune
    heading = (
        "Phiếu đánh giá nhanh: trung tâm × yếu tố (KHÔNG phải chỉ số SIPAS)"
        if pulse
        else "Khảo sát SIPAS: xã, phường × chỉ số"
    )
    note = (
        "Mỗi dòng một đơn vị, mỗi cột một chỉ số (%). n của từng ô ở trang dạng dài bên cạnh; "
        f"ô «n < {report.method.min_n}» là quá ít câu trả lời để nêu con số."
    )
    top = title(sheet, report, heading, note)
    columns = CENTRE_COLUMNS if pulse else COMMUNE_COLUMNS
    wide_table(sheet, top, frame, columns, unit=unit, min_n=report.method.min_n)
    sheet.freeze_panes = sheet.cell(top + 1, 2).coordinate


def _integrity(sheet: Worksheet, report: SipasReport) -> None:
    top = title(sheet, report, "Chỉ báo liêm chính")
    sheet.cell(top, 1, "A. Phiếu đánh giá nhanh sau giao dịch (tỉ lệ người trả lời)").font = Font(
        bold=True
    )
    rows = [
        [r.name, INDICATOR_LABELS.get(r.indicator, r.indicator), *figure(r, report, "share")]
        for r in rows_of(report.pulse_integrity)
    ]
    headers = ("Trung tâm", "Chỉ báo", "n", "Tỉ lệ (%)", FIGURE_HEADERS[2], FIGURE_HEADERS[3])
    top = table(sheet, top + 1, headers, rows)
    sheet.cell(top, 1, "B. Khảo sát SIPAS: nhận định của người dân").font = Font(bold=True)
    if report.survey_integrity.empty:
        sheet.cell(top + 1, 1, NO_SURVEY.format(period=period_vi(report)))
    else:
        _share_rows(sheet, report, report.survey_integrity, top + 1)
    sheet.column_dimensions["A"].width = 44
    sheet.column_dimensions["B"].width = 40


def _one_stop(sheet: Worksheet, report: SipasReport) -> None:
    """Each centre's one-stop figures beside what its citizens said about supplements."""
    note = (
        "Số liệu do hệ thống một cửa ghi nhận theo ngày. Tỉ lệ đúng hạn trên tổng kết quả "
        "đã trả; xin lỗi trên số kết quả trễ hạn; bổ sung quá một lần trên số hồ sơ tiếp nhận."
    )
    top = title(sheet, report, "Hồ sơ theo hệ thống một cửa", note)
    if not any(c.totals for c in report.one_stop):
        sheet.cell(top, 1, f"{NO_ONE_STOP} cho kỳ này.")
        return
    citizens = {
        r.name: figure(r, report, "share")[1]
        for r in rows_of(report.pulse_integrity)
        if r.indicator == "multiple_supplements"
    }
    rows: list[list[Any]] = []
    for centre in report.one_stop:
        t = centre.totals
        if t is None:
            rows.append([centre.name, NO_ONE_STOP])
            continue
        rows.append(
            [
                centre.name,
                t.days,
                t.received,
                t.on_time,
                t.late,
                *_rounded(t.on_time_rate.value, t.on_time_rate.low, t.on_time_rate.high),
                t.late_apologised,
                *_rounded(t.apology_rate.value),
                t.supplemented_repeatedly,
                *_rounded(t.supplemented_share.value),
                citizens.get(centre.name),
            ]
        )
    table(sheet, top, ONE_STOP_HEADERS, rows)
    sheet.column_dimensions["A"].width = 48


def _rounded(*values: float | None) -> list[float | None]:
    return [None if v is None else round(v, 2) for v in values]


def _shares(sheet: Worksheet, report: SipasReport, frame: pd.DataFrame, heading: str) -> None:
    top = title(sheet, report, heading, "Tỉ lệ người trả lời chọn từng phương án.")
    _share_rows(sheet, report, frame, top)
    sheet.column_dimensions["A"].width = 60
    sheet.column_dimensions["B"].width = 30


def _share_rows(sheet: Worksheet, report: SipasReport, frame: pd.DataFrame, top: int) -> int:
    frame = _ordered(frame, ["question", "value"], "question", list(report.options))
    rows = [
        [
            report.labels.get(r.question, r.question),
            report.options.get(r.question, {}).get(int(r.value), str(r.value)),
            *figure(r, report, "share"),
        ]
        for r in rows_of(frame)
    ]
    headers = ("Câu hỏi", "Phương án", "n", "Tỉ lệ (%)", FIGURE_HEADERS[2], FIGURE_HEADERS[3])
    return table(sheet, top, headers, rows)


def _ordered(
    frame: pd.DataFrame, keys: list[str], ranked: str, order: list[str] | None = None
) -> pd.DataFrame:
    """Rows in reading order: indices before factors, questions as in the questionnaire."""
    rank = {name: i for i, name in enumerate(order or list(COMPONENT_LABELS))}
    ranked_frame = frame.assign(_rank=frame[ranked].map(lambda v: rank.get(v, len(rank))))
    by = ["_rank" if k == ranked else k for k in keys]
    return ranked_frame.sort_values(by, kind="stable").drop(columns="_rank")


def _notes(sheet: Worksheet, report: SipasReport) -> None:
    sheet["A1"] = "Ghi chú phương pháp"
    sheet["A1"].font = Font(bold=True, size=13)
    row_no = 3
    for row_no, line in enumerate(method_notes(report), start=3):
        sheet.cell(row_no, 1, line).alignment = Alignment(wrap_text=True, vertical="top")
    sheet.column_dimensions["A"].width = 120
    top = row_no + 2
    sheet.cell(top, 1, RELIABILITY_HEADING).font = Font(bold=True)
    if report.reliability.empty:
        sheet.cell(top + 1, 1, "Chưa đủ người trả lời đầy đủ để tính.")
        return
    rows = [
        [
            "Chính sách công" if r.family == "policy" else "Dịch vụ hành chính công",
            COMPONENT_LABELS.get(r.factor, r.factor),
            int(r.items),
            int(r.n),
            *(number(v) for v in (r.alpha, r.ci_low, r.ci_high)),
        ]
        for r in rows_of(report.reliability)
    ]
    table(sheet, top + 1, RELIABILITY_HEADERS, rows)
