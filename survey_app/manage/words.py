"""Warnings said in plain words, in the reader's language.

The analysis library returns a reason, a rule and the numbers behind it; the sentences
live here so that they go through the translation catalogue. Each warning is two whole
sentences: what happened, and the rule that made it a warning, written for a commune
centre manager without statistical training.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date, timedelta

from flask_babel import format_decimal
from flask_babel import gettext as _

from survey_app.core.indicator_labels import component_label
from survey_app.reporting.judging import AT_RISK, MIN_N, TARGET, Judgement, Reason, Window


def window_words(window: Window) -> str:
    """The stretch a centre was judged on, as a reader says it: "tuần 23/11–29/11"."""
    first, last = _day(window.start), _day(window.end, before=True)
    if window.kind == "week":
        return _("tuần %(start)s–%(end)s", start=first, end=last)
    if window.kind == "weeks4":
        return _("4 tuần từ %(start)s đến %(end)s", start=first, end=last)
    if window.kind == "weeks13":
        return _("13 tuần từ %(start)s đến %(end)s", start=first, end=last)
    if window.kind == "month":
        return _("tháng %(month)s", month=window.start.strftime("%m/%Y"))
    if window.kind == "months3":
        return _("3 tháng từ %(start)s đến %(end)s", start=first, end=last)
    return _("quý từ %(start)s đến %(end)s", start=first, end=last)


def why_coarser(window: Window) -> str | None:
    """Why a centre is judged on more than the period asked for, or None if it is not."""
    if window.kind in ("week", "month", "quarter"):
        return None
    return _(
        "Trong kỳ đang xem có dưới %(n)d lượt đánh giá, nên đơn vị được xét trên %(span)s.",
        n=MIN_N,
        span=window_words(window),
    )


def reasons_of(verdict: Judgement) -> list[Reason]:
    """A centre's findings in words, the at-risk ones first."""
    if verdict.window is None:
        return []
    # At risk before watch; a fall (a drop, a downward trend) before a level under target.
    findings = sorted(
        verdict.findings, key=lambda f: (f.severity != AT_RISK, f.reason == "below_target")
    )
    return [
        Reason(
            component_label(f.component),
            warning_sentence(f.row, verdict.window),
            rule_sentence(f.row, f.severity),
            f.severity,
        )
        for f in findings
    ]


def warning_sentence(row: Mapping[str, object], window: Window | None = None) -> str:
    """What happened, as one or two full sentences with the figures and n."""
    numbers = _numbers(row, window)
    reason = row["reason"]
    if reason == "significant_drop":
        return (
            _(
                "%(component)s giảm từ %(previous)s%% (%(previous_period)s) xuống %(current)s%% "
                "(%(period)s), trên %(n)s lượt trả lời."
            )
            % numbers
        )
    if reason == "below_target":
        return (
            _(
                "%(component)s: %(current)s%% người trả lời hài lòng trong %(period)s "
                "(%(n)s lượt trả lời), dưới mục tiêu %(target)s%%."
            )
            % numbers
        )
    if reason == "ewma_signal":
        return (
            _(
                "%(component)s đi xuống nhiều tuần liền: gần đây khoảng %(ewma)s%%, "
                "trong khi thường ngày khoảng %(baseline)s%%."
            )
            % numbers
        )
    return _("%(component)s cần được theo dõi.") % numbers


def rule_sentence(row: Mapping[str, object], severity: str) -> str:
    """The rule that made this a warning, stated beside it."""
    numbers = _numbers(row, None)
    reason = row["reason"]
    if reason == "significant_drop":
        return _(
            "Vì sao cảnh báo: mức giảm lớn như vậy rất khó xảy ra do ngẫu nhiên, kể cả khi "
            "đã xét cùng lúc mọi đơn vị."
        )
    if reason == "ewma_signal":
        return (
            _(
                "Vì sao cảnh báo: nhiều tuần liền thấp hơn mức thường ngày, quá xa để chỉ do "
                "ngẫu nhiên (ngưỡng %(limit)s%%)."
            )
            % numbers
        )
    if severity == AT_RISK:
        return (
            _(
                "Vì sao là “có nguy cơ”: ngay cả cách tính có lợi nhất cho đơn vị từ %(n)s lượt "
                "trả lời này (tối đa %(upper)s%%) vẫn dưới %(target)s%%."
            )
            % numbers
        )
    return (
        _(
            "Vì sao chỉ “cần theo dõi”: con số dưới %(target)s%%, nhưng với %(n)s lượt trả lời "
            "thì chưa chắc chắn; có thể chỉ do ngẫu nhiên."
        )
        % numbers
    )


def _numbers(row: Mapping[str, object], window: Window | None) -> _Figures:
    """The figures a sentence may use, each formatted only when a sentence asks for it."""
    return _Figures(row, window)


class _Figures(dict[str, str]):
    """Formats on lookup: a page with hundreds of warnings formats only what it shows."""

    def __init__(self, row: Mapping[str, object], window: Window | None) -> None:
        super().__init__()
        self.row, self.window = row, window

    def __missing__(self, key: str) -> str:
        row = self.row
        if key == "component":
            value = component_label(str(row["component"]))
        elif key == "n":
            value = _count(row.get("n_current"))
        elif key == "upper":
            value = _number(row.get("upper_bound"))
        elif key == "target":
            value = _number(row.get("target") if _present(row.get("target")) else TARGET)
        elif key == "period":
            value = window_words(self.window) if self.window else _week(row.get("period"))
        elif key == "previous_period":
            value = _previous(row.get("previous_period"), self.window)
        else:
            value = _number(row.get(key))
        self[key] = value
        return value


def _previous(label: object, window: Window | None) -> str:
    if window is None or window.kind == "week":
        return _week(label)
    if window.kind == "month":
        return _("tháng trước")
    if window.kind == "quarter":
        return _("quý trước")
    return _("4 tuần trước đó")


def _week(label: object) -> str:
    """A week label (its Monday, ISO) as people write dates here: tuần 16/11."""
    text = str(label or "")
    return _("tuần %(day)s", day=f"{text[8:10]}/{text[5:7]}") if len(text) == 10 else text


def _day(day: date, *, before: bool = False) -> str:
    """dd/mm; ``before``: the day before (a window's end is exclusive)."""
    return (day - timedelta(days=1) if before else day).strftime("%d/%m")


def _present(value: object) -> bool:
    return value is not None and not (isinstance(value, float) and math.isnan(value))


def _count(value: object) -> str:
    return str(int(value)) if _present(value) else "–"  # type: ignore[call-overload]


def _number(value: object) -> str:
    """A percentage figure with the reader's decimal mark (82,5 in Vietnamese)."""
    if not _present(value):
        return "–"
    return format_decimal(float(value), format="0.0")  # type: ignore[arg-type]
