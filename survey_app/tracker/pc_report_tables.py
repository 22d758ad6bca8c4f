"""The Committee's report as tables: one list of typed cells both renderings read.

A cell is text, a number (float: points, int: a count), a date or None (nothing to show);
the workbook writes real number and date cells, the PDF formats them for the reader.
Each table carries its sheet name, its heading, its column widths (in characters) and
the sentence to print when it has no row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TypeAlias

from flask_babel import gettext as _

from survey_app.core.formatting import period_words
from survey_app.core.periods import period_of
from survey_app.tracker.pc_report import DRAFT_MARK, PROVINCE, REVIEW_WORDS, PcReport, reviewed_on
from survey_app.tracker.standing import BASES

Cell: TypeAlias = str | float | int | date | None


@dataclass(frozen=True, slots=True)
class Table:
    """One section's table: a sheet of the workbook, a table of the PDF."""

    sheet: str
    heading: str
    headers: list[str]
    widths: list[int]
    rows: list[list[Cell]] = field(default_factory=list)
    empty: str = ""
    note: str = ""
    # Rows to set in bold (a total row).
    bold_rows: frozenset[int] = frozenset()


def _points(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def facts_table(report: PcReport) -> Table:
    """The heading facts and the province's forecast, as label–value rows."""
    province = report.standing.totals.province
    rows: list[list[Cell]] = [
        [_("Tỉnh"), str(PROVINCE)],
        [_("Bộ tiêu chí"), f"{report.criterion_set.name} ({report.criterion_set.year})"],
    ]
    if report.is_draft:
        rows.append([_("Tình trạng bộ tiêu chí"), str(DRAFT_MARK)])
    rows += [
        [_("Kỳ báo cáo"), report.period_label],
        [_("Từ ngày"), report.first_day],
        [_("Đến ngày"), report.last_day],
        [_("Ngày lập báo cáo"), report.produced],
        [_("Tổng điểm dự báo"), _points(province.points)],
        [_("Dự báo thấp nhất (khảo sát ở cận dưới)"), _points(province.points_low)],
        [_("Dự báo cao nhất (khảo sát ở cận trên)"), _points(province.points_high)],
        [_("Điểm tối đa"), _points(province.maximum)],
        [_("Điểm có nguy cơ mất"), _points(province.at_risk)],
    ]
    if province.last_year is not None:
        rows.append([_("Điểm năm trước"), _points(province.last_year)])
    else:
        rows.append(
            [
                _("Điểm năm trước"),
                _(
                    "Chưa đủ kết quả năm trước để so sánh (thiếu %(n)d tiêu chí).",
                    n=province.last_year_missing,
                ),
            ]
        )
    group = report.standing.group
    if group is not None:
        rows.append([_("Nhóm dự báo"), report.standing.group_name()])
        rows.append([_("Chỉ số dự báo (%)"), round(group.index, 2)])
    rows.append([_("Số tiêu chí đang là giả định"), province.assumed])
    return Table(
        sheet=_("Thông tin chung"),
        heading=_("Thông tin chung và điểm dự báo của tỉnh"),
        headers=[_("Mục"), _("Giá trị")],
        widths=[44, 60],
        rows=rows,
        note=standing_note(report),
    )


def standing_note(report: PcReport) -> str:
    """How the forecast is made, and the day it stands on."""
    return _(
        "Tình hình tại ngày lập báo cáo %(date)s. Dự báo: điểm theo cách chấm của từng tiêu chí "
        "từ số liệu đã duyệt mới nhất; tiêu chí chưa báo cáo được giả định bằng điểm năm trước "
        "(hoặc 0). Điểm điều tra xã hội học do Bộ Nội vụ chấm: ở đây là dự báo từ khảo sát của "
        "hệ thống.",
        date=report.produced.strftime("%d/%m/%Y"),
    )


def fields_table(report: PcReport) -> Table:
    """Forecast vs maximum vs last year, by field, and the province."""
    standing = report.standing
    rows: list[list[Cell]] = []
    for total in [*standing.totals.fields, standing.totals.province]:
        if total.scope:
            node = standing.fields[total.scope]
            name = f"{node.code}. {node.name}"
        else:
            name = _("Toàn tỉnh")
        change = None if total.last_year is None else total.points - total.last_year
        rows.append(
            [
                name,
                _points(total.maximum),
                _points(total.points),
                _points(total.points_low),
                _points(total.points_high),
                _points(total.at_risk),
                _points(total.last_year),
                _points(change),
            ]
        )
    return Table(
        sheet=_("Theo lĩnh vực"),
        heading=_("I. Điểm dự báo theo lĩnh vực so với điểm tối đa và năm trước"),
        headers=[
            _("Lĩnh vực"),
            _("Điểm tối đa"),
            _("Dự báo"),
            _("Dự báo thấp"),
            _("Dự báo cao"),
            _("Điểm có nguy cơ mất"),
            _("Năm trước"),
            _("So với năm trước"),
        ],
        widths=[46, 11, 11, 11, 11, 13, 11, 13],
        rows=rows,
        note=_("Ô trống: chưa đủ kết quả năm trước."),
        bold_rows=frozenset({len(rows) - 1}),
    )


def at_risk_table(report: PcReport) -> Table:
    """Criteria at risk, most points at risk first, with the reason and the lead agency."""
    rows: list[list[Cell]] = [
        [
            item.criterion.code,
            item.criterion.name,
            _points(item.forecast.maximum),
            _points(item.forecast.points),
            _points(item.forecast.at_risk),
            item.reason,
            item.agency.name if item.agency else _("Chưa phân công"),
        ]
        for item in report.at_risk
    ]
    return Table(
        sheet=_("Nguy cơ mất điểm"),
        heading=_("II. Tiêu chí có nguy cơ mất điểm"),
        headers=[
            _("Mã"),
            _("Tiêu chí thành phần"),
            _("Điểm tối đa"),
            _("Dự báo"),
            _("Điểm có nguy cơ mất"),
            _("Lý do"),
            _("Cơ quan chủ trì"),
        ],
        widths=[8, 48, 10, 10, 12, 44, 28],
        rows=rows,
        empty=_("Không có tiêu chí nào có nguy cơ mất điểm."),
        note=_("Xếp theo số điểm có nguy cơ mất, nhiều nhất trước."),
    )


def survey_table(report: PcReport) -> Table:
    """Survey-derived criteria: the forecast with its n and interval, called a forecast."""
    rows: list[list[Cell]] = []
    for item in report.survey:
        estimate, forecast = item.estimate, item.forecast
        rows.append(
            [
                item.criterion.code,
                item.criterion.name,
                None if estimate is None else round(estimate.estimate, 1),
                None if estimate is None else round(estimate.low, 1),
                None if estimate is None else round(estimate.high, 1),
                forecast.n,
                _points(forecast.maximum),
                _points(forecast.points),
                _points(forecast.points_low),
                _points(forecast.points_high),
                str(BASES[forecast.basis]),
            ]
        )
    return Table(
        sheet=_("Điều tra xã hội học"),
        heading=_("III. Tiêu chí điều tra xã hội học: dự báo từ khảo sát của hệ thống"),
        headers=[
            _("Mã"),
            _("Tiêu chí thành phần"),
            _("Chỉ số ước lượng (%)"),
            _("Cận dưới (%)"),
            _("Cận trên (%)"),
            "n",
            _("Điểm tối đa"),
            _("Điểm dự báo"),
            _("Điểm thấp"),
            _("Điểm cao"),
            _("Cách tính"),
        ],
        widths=[8, 42, 12, 10, 10, 10, 10, 10, 10, 10, 34],
        rows=rows,
        empty=_("Bộ tiêu chí không có tiêu chí điều tra xã hội học."),
        note=_(
            "Đây là dự báo, không phải điểm Bộ Nội vụ chấm. Khoảng tin cậy 95 %; n là số "
            "câu trả lời. Ô trống: hệ thống chưa đo chỉ số này."
        ),
    )


def late_table(report: PcReport) -> Table:
    """Agencies that did not report by the deadline, month by month."""
    rows: list[list[Cell]] = []
    for late in report.late_months:
        deadline = late.period.deadline if late.period is not None else None
        label = period_words(late.month)
        if not late.agencies:
            rows.append([label, deadline, late.sentence(), None, ""])
        for row in late.agencies:
            codes = ", ".join(c.code for c in row.missing)
            rows.append([label, deadline, row.agency.name, len(row.missing), codes])
    return Table(
        sheet=_("Chậm báo cáo"),
        heading=_("IV. Cơ quan chưa báo cáo đúng hạn"),
        headers=[
            _("Tháng"),
            _("Hạn báo cáo"),
            _("Cơ quan"),
            _("Số tiêu chí chưa báo cáo"),
            _("Các tiêu chí"),
        ],
        widths=[16, 14, 50, 14, 40],
        rows=rows,
        note=_("Báo cáo gửi sau hạn, hoặc chưa gửi, tính là chậm."),
    )


def overdue_table(report: PcReport) -> Table:
    """Remediation tasks not done by their deadline, with owner and deadline."""
    rows: list[list[Cell]] = [
        [
            task.criterion.code,
            task.what,
            task.product,
            task.person,
            task.owner_agency.name,
            task.deadline,
            (report.produced - task.deadline).days,
        ]
        for task in report.overdue_tasks
    ]
    return Table(
        sheet=_("Việc quá hạn"),
        heading=_("V. Việc khắc phục quá hạn"),
        headers=[
            _("Mã"),
            _("Việc"),
            _("Sản phẩm"),
            _("Người thực hiện"),
            _("Cơ quan"),
            _("Hạn"),
            _("Số ngày quá hạn"),
        ],
        widths=[8, 40, 28, 20, 28, 14, 11],
        rows=rows,
        empty=_("Không có việc khắc phục nào quá hạn."),
        note=_("Tại ngày lập báo cáo %(date)s.", date=report.produced.strftime("%d/%m/%Y")),
    )


def reviewed_table(report: PcReport) -> Table:
    """Reports the Department accepted or returned in the period."""
    rows: list[list[Cell]] = [
        [
            period_words(period_of(item.period.month, "M")),
            item.criterion.code,
            item.criterion.name,
            item.agency.name,
            item.version,
            str(REVIEW_WORDS[item.status]),
            reviewed_on(item),
            item.review_comment,
        ]
        for item in report.reviewed
    ]
    return Table(
        sheet=_("Báo cáo đã xét"),
        heading=_("VI. Báo cáo đã duyệt hoặc trả lại trong kỳ"),
        headers=[
            _("Kỳ báo cáo"),
            _("Mã"),
            _("Tiêu chí thành phần"),
            _("Cơ quan"),
            _("Lần"),
            _("Kết quả"),
            _("Ngày xét"),
            _("Ý kiến"),
        ],
        widths=[16, 8, 40, 28, 6, 11, 14, 34],
        rows=rows,
        empty=_("Trong kỳ không có báo cáo nào được duyệt hoặc trả lại."),
    )


def done_table(report: PcReport) -> Table:
    """Remediation tasks completed in the period."""
    rows: list[list[Cell]] = [
        [
            task.criterion.code,
            task.what,
            task.product,
            task.owner_agency.name,
            task.deadline,
            task.done_on,
        ]
        for task in report.done_tasks
    ]
    return Table(
        sheet=_("Việc đã hoàn thành"),
        heading=_("VII. Việc khắc phục hoàn thành trong kỳ"),
        headers=[_("Mã"), _("Việc"), _("Sản phẩm"), _("Cơ quan"), _("Hạn"), _("Ngày hoàn thành")],
        widths=[8, 44, 30, 30, 14, 16],
        rows=rows,
        empty=_("Trong kỳ không có việc khắc phục nào hoàn thành."),
    )


def report_tables(report: PcReport) -> list[Table]:
    """Every section of the report, in order."""
    return [
        facts_table(report),
        fields_table(report),
        at_risk_table(report),
        survey_table(report),
        late_table(report),
        overdue_table(report),
        reviewed_table(report),
        done_table(report),
    ]
