"""Early warnings said in plain words, in the reader's language.

The analysis library returns a reason code and the numbers behind it; the sentences
live here so that they go through the translation catalogue.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from flask_babel import format_decimal
from flask_babel import gettext as _

from survey_app.labels import component_label


def warning_sentence(row: Mapping[str, object], unit_name: str) -> str:
    """One early-warning reason as a clause a manager can act on; the page names the factor."""
    numbers = {
        "unit": unit_name,
        "component": component_label(str(row["component"])),
        "current": _number(row.get("current")),
        "previous": _number(row.get("previous")),
        "target": _number(row.get("target")),
        "limit": _number(row.get("limit")),
        "baseline": _number(row.get("baseline")),
        "period": _week(row.get("period")),
        "previous_period": _week(row.get("previous_period")),
    }
    reason = row["reason"]
    if reason == "significant_drop":
        return _(
            "giảm từ %(previous)s%% (tuần %(previous_period)s) xuống %(current)s%% "
            "(tuần %(period)s), mức giảm có ý nghĩa thống kê.",
            **numbers,
        )
    if reason == "below_target":
        return _(
            "%(current)s%% trong tuần %(period)s, thấp hơn mục tiêu %(target)s%%.",
            **numbers,
        )
    if reason == "ewma_signal":
        return _(
            "đang đi xuống liên tục: mức bình quân trượt %(current)s%% đã dưới ngưỡng cảnh báo "
            "%(limit)s%% (mức thường ngày %(baseline)s%%).",
            **{**numbers, "current": _number(row.get("ewma"))},
        )
    return _("cần theo dõi.", **numbers)


def _week(label: object) -> str:
    """A week label (its Monday, ISO) as people write dates here: 16/11."""
    text = str(label or "")
    return f"{text[8:10]}/{text[5:7]}" if len(text) == 10 else text


def _number(value: object) -> str:
    """A percentage figure with the reader's decimal mark (82,5 in Vietnamese)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return format_decimal(float(value), format="0.0")
