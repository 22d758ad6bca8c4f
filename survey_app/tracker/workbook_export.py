"""Writing a criterion set (or a blank template) in the layout the import reads."""

from __future__ import annotations

import json
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Font

from survey_app.models import CriterionSet
from survey_app.tracker.criterion_rows import COLUMNS, RULE_KINDS
from survey_app.tracker.workbook_import import CRITERIA_SHEET, SET_FIELDS, SET_SHEET

GUIDE_SHEET = "Hướng dẫn"
GUIDE = (
    "Mẫu nhập bộ tiêu chí chấm điểm (Chỉ số CCHC cấp tỉnh hoặc chỉ số nội bộ).",
    "",
    "Trang «Bộ tiêu chí»: điền giá trị vào cột C của từng dòng; không đổi cột A.",
    "Mỗi năm là một bộ mới (cùng mã, năm khác): bộ cũ vẫn được giữ nguyên.",
    "",
    "Trang «Tiêu chí»: mỗi dòng một tiêu chí; dòng 1 là tên cột, không đổi.",
    "level: field (lĩnh vực), criterion (tiêu chí), component (tiêu chí thành phần).",
    "code: mã duy nhất trong bộ, ví dụ 3, 3.2, 3.2.1.",
    "parent_code: mã cấp liền trên (lĩnh vực để trống).",
    "max_points: điểm tối đa; điểm của lĩnh vực, tiêu chí bằng tổng điểm cấp dưới.",
    "source: self_assessed (tự chấm, được thẩm định) hoặc survey (điều tra xã hội học).",
    "rule_kind (chỉ tiêu chí thành phần): " + ", ".join(RULE_KINDS) + ".",
    'rule_params: tham số cách chấm, dạng JSON, ví dụ {"direction": "higher", "bands": '
    '[{"threshold": 100, "points": 1}, {"threshold": 90, "points": 0.5}]}.',
    "evidence: tài liệu kiểm chứng cần nộp.",
    "survey_index: với tiêu chí điều tra xã hội học, chỉ số của hệ thống dùng để dự báo.",
    "",
    "Khi nhập, hệ thống kiểm tra toàn bộ tệp trước: nếu có lỗi, tệp không được nạp và",
    "mỗi lỗi được báo theo trang, dòng, cột.",
)


def _header_values(criterion_set: CriterionSet | None) -> dict[str, object]:
    if criterion_set is None:
        return {}
    return {
        "code": criterion_set.code,
        "name": criterion_set.name,
        "year": criterion_set.year,
        "kind": criterion_set.kind.value,
        "status": criterion_set.status.value,
        "is_draft_annex": "yes" if criterion_set.is_draft_annex else "no",
        "declared_total": criterion_set.declared_total,
        "survey_total": criterion_set.survey_total,
    }


def write_workbook(criterion_set: CriterionSet | None) -> bytes:
    """The template filled with ``criterion_set`` (None: a blank template), as .xlsx bytes."""
    workbook = Workbook()
    guide = workbook.worksheets[0]
    guide.title = GUIDE_SHEET
    for line in GUIDE:
        guide.append([line])
    guide["A1"].font = Font(bold=True)
    guide.column_dimensions["A"].width = 100

    particulars = workbook.create_sheet(SET_SHEET)
    values = _header_values(criterion_set)
    for key, label in SET_FIELDS:
        particulars.append([key, label, values.get(key)])
    particulars.column_dimensions["B"].width = 60
    particulars.column_dimensions["C"].width = 50

    criteria = workbook.create_sheet(CRITERIA_SHEET)
    criteria.append(list(COLUMNS))
    for cell in criteria[1]:
        cell.font = Font(bold=True)
    codes = {c.id: c.code for c in criterion_set.criteria} if criterion_set else {}
    for criterion in criterion_set.criteria if criterion_set else []:
        criteria.append(
            [
                criterion.level.value,
                criterion.code,
                codes.get(criterion.parent_id or 0, ""),
                criterion.name,
                criterion.max_points,
                criterion.source.value,
                criterion.rule_kind or "",
                json.dumps(criterion.rule_params, ensure_ascii=False)
                if criterion.rule_params is not None
                else "",
                criterion.evidence,
                criterion.survey_index or "",
            ]
        )
    criteria.column_dimensions["D"].width = 70
    criteria.freeze_panes = "A2"
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
