"""The SIPAS workbook's wide tables (one row per unit, one column per index) and its chart.

The long tables list one unit × index per row, which is how the figures are computed and
checked; a reform report needs the other shape, a unit per row, to paste as it is. Each
cell holds the index; a figure resting on too few answers holds the text "n < …" so that
nobody copies it on as a number. The n of every cell stays in the long table beside it.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from survey_app.core.collation import sorted_vietnamese
from survey_app.reporting.rows import rows_of
from survey_app.survey.report_notes import COMPONENT_LABELS

# The columns in reading order: the indices, then the service factors.
CENTRE_COLUMNS = ("overall.visit", "access", "procedure", "staff", "result", "feedback", "service")
COMMUNE_COLUMNS = (
    "sipas",
    "policy",
    "service",
    "access",
    "procedure",
    "staff",
    "result",
    "feedback",
)
OVERALL_VISIT = "Hài lòng chung về lần giao dịch"


def column_label(component: str) -> str:
    """A column's heading: the index or factor by its Vietnamese name."""
    if component == "overall.visit":
        return OVERALL_VISIT
    return COMPONENT_LABELS.get(component, component)


def wide_table(
    sheet: Worksheet,
    top: int,
    frame: pd.DataFrame,
    columns: tuple[str, ...],
    *,
    unit: str,
    min_n: int,
) -> int:
    """Units down, indices across, from a long frame with name/component/index/n/too_few.

    Returns the next free row. Units in Vietnamese alphabetical order.
    """
    headers = (unit, "Số phiếu", *(f"{column_label(c)} (%)" for c in columns))
    for col, header in enumerate(headers, start=1):
        cell = sheet.cell(top, col, header)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    cells: dict[str, dict[str, Any]] = {}
    responses: dict[str, int] = {}
    for r in rows_of(frame):
        responses[str(r.name)] = int(r.responses)
        too_few = bool(r.too_few) or pd.isna(r.index)
        cells.setdefault(str(r.name), {})[str(r.component)] = (
            f"n = {int(r.n)} < {min_n}" if too_few else round(float(r.index), 2)
        )
    row_no = top
    for row_no, name in enumerate(sorted_vietnamese(cells, str), start=top + 1):
        sheet.cell(row_no, 1, name)
        sheet.cell(row_no, 2, responses[name])
        for col, component in enumerate(columns, start=3):
            cell = sheet.cell(row_no, col, cells[name].get(component, "—"))
            if isinstance(cell.value, float):
                cell.number_format = "0.00"
    sheet.column_dimensions["A"].width = 46
    for col in range(2, len(headers) + 1):
        sheet.column_dimensions[get_column_letter(col)].width = 14
    sheet.row_dimensions[top].height = 48
    return row_no + 2


def factor_chart(sheet: Worksheet, top: int, rows: int, anchor: str) -> None:
    """A horizontal bar chart of the table's "Giá trị (%)" column (column D), 0 to 100."""
    if rows == 0:
        return
    chart = BarChart()
    chart.type = "bar"
    chart.title = "Chỉ số theo yếu tố (%)"
    chart.y_axis.title = "%"
    chart.y_axis.scaling.min = 0
    chart.y_axis.scaling.max = 100
    chart.legend = None
    values = Reference(sheet, min_col=4, min_row=top, max_row=top + rows)
    labels = Reference(sheet, min_col=2, min_row=top + 1, max_row=top + rows)
    chart.add_data(values, titles_from_data=True)
    chart.set_categories(labels)
    chart.height = 9
    chart.width = 18
    sheet.add_chart(chart, anchor)
