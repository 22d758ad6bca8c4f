"""The scoring engine's rule errors in Vietnamese, for the import checks' row problems.

``analysis.par_index`` is a pure library: its :class:`RuleError` carries a stable code,
the parameter it is about and the numbers behind it. This table mirrors the parsing codes
of ``analysis.par_index.ERROR_MESSAGES`` in Vietnamese, with the same placeholders.
"""

from __future__ import annotations

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

from analysis.par_index import RuleError

MESSAGES: dict[str, LazyString] = {
    "unknown_kind": _l("Cách chấm %(kind)s không phải một trong: %(known)s."),
    "missing": _l("Thiếu tham số %(field)s."),
    "unexpected": _l("Tham số %(field)s không dùng cho cách chấm này."),
    "not_number": _l("Tham số %(field)s phải là một số, đang là %(got)s."),
    "not_integer": _l("Tham số %(field)s phải là số nguyên, đang là %(got)s."),
    "not_list": _l("Tham số %(field)s phải là một danh sách các mức."),
    "not_mapping": _l("Tham số %(field)s phải là một đối tượng JSON có tên các giá trị."),
    "not_choice": _l("Tham số %(field)s phải là một trong: %(choices)s; đang là %(got)s."),
    "negative": _l("Tham số %(field)s không được âm, đang là %(got)s."),
    "not_positive": _l("Tham số %(field)s phải lớn hơn 0, đang là %(got)s."),
    "share_range": _l("Tham số %(field)s là một tỷ lệ, phải từ 0 đến 1; đang là %(got)s."),
    "empty_bands": _l("Tham số %(field)s phải có ít nhất một mức."),
    "bands_order": _l(
        "Các mức trong %(field)s phải xếp từ ngưỡng tốt nhất đến kém nhất; "
        "sau %(previous)s là %(got)s."
    ),
    "bands_points_order": _l(
        "Điểm trong %(field)s không được tăng khi ngưỡng kém đi; sau %(previous)s điểm là "
        "%(got)s điểm."
    ),
    "tiers_order": _l(
        "Các bậc trong %(field)s phải xếp theo số ngày chậm tăng dần, tỷ lệ không tăng; "
        "sau %(previous)s là %(got)s."
    ),
    "anchors_order": _l(
        "Hai mốc phải đi từ chỉ số thấp đến chỉ số cao; mốc thấp %(low)s, mốc cao %(high)s."
    ),
    "rates_order": _l("Tỷ lệ được đủ điểm (%(high)s) phải lớn hơn tỷ lệ 0 điểm (%(low)s)."),
    "points_above_maximum": _l(
        "Tham số %(field)s cho %(got)s điểm, nhiều hơn điểm tối đa %(maximum)s của tiêu chí."
    ),
    "index_range": _l("Chỉ số %(field)s phải từ 0 đến 100, đang là %(got)s."),
    "negative_maximum": _l("Điểm tối đa không được âm, đang là %(got)s."),
}


def _shown(value: object) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, list | tuple):
        return ", ".join(_shown(v) for v in value)
    return str(value)


def rule_problem(error: RuleError) -> str:
    """The error in Vietnamese (the engine's English sentence for a code not mirrored)."""
    template = MESSAGES.get(error.code)
    if template is None:
        return str(error)
    params = {key: _shown(value) for key, value in error.params.items()}
    return str(template) % params
