"""What to fix first and the integrity warnings, in words a centre manager acts on.

Both come from the analysis library (``analysis.fix_first``, ``analysis.integrity_warnings``)
through survey_app.reporting.judging; this module only says them, in the reader's language,
with the n and the uncertainty beside every figure. An integrity notice gives a count,
never a person.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from flask_babel import gettext as _

from survey_app.core.formatting import pct
from survey_app.core.indicator_labels import INDICATORS, component_label
from survey_app.reporting.judging import AT_RISK, MIN_N, Judgement


@dataclass(frozen=True, slots=True)
class Advice:
    """One thing to act on: a headline, what the numbers say, and why it is flagged."""

    kind: str  # "fix_first", "at_risk", "notice" or "watch"
    headline: str
    detail: str
    rule: str
    short: str = ""  # a few words for a list of many centres: "2/40 người: phải chi thêm"


def fix_first_advice(rows: Sequence[Mapping[str, object]]) -> Advice | None:
    """The factor whose improvement would raise overall satisfaction most, if any is clear."""
    ranked = [r for r in rows if r.get("rank") == 1]
    if not ranked:
        return None
    row = ranked[0]
    figures = {
        "factor": component_label(str(row["factor"])),
        "share": _pct(row["share_dissatisfied"]),
        "n": int(row["n"]),  # type: ignore[call-overload]
        "gain": _pct(row["gain"]),
        "priority": _pct(row["priority"]),
        "low": _pct(row["ci_low"]),
        "high": _pct(row["ci_high"]),
    }
    if _credibly_positive(row["ci_low"]):
        detail = _(
            "%(share)s%% trong %(n)d người trả lời chưa hài lòng với khâu này. Người hài lòng "
            "với khâu này hài lòng chung nhiều hơn %(gain)s điểm, nên nếu khắc phục được, mức "
            "hài lòng chung có thể tăng khoảng %(priority)s điểm (có thể từ %(low)s đến "
            "%(high)s điểm)."
        )
    else:
        # The interval reaches zero: the data do not show a rise, so no negative "rise" is
        # written, only that it may not rise at all.
        detail = _(
            "%(share)s%% trong %(n)d người trả lời chưa hài lòng với khâu này. Người hài lòng "
            "với khâu này hài lòng chung nhiều hơn %(gain)s điểm, nhưng số liệu chưa cho thấy "
            "khắc phục khâu này sẽ nâng mức hài lòng chung: có thể tăng khoảng %(priority)s "
            "điểm (nhiều nhất %(high)s điểm), cũng có thể không tăng."
        )
    return Advice(
        "fix_first",
        _("Nên cải thiện trước: %(factor)s.") % figures,
        detail % figures,
        _(
            "Cách tính: so sánh mức hài lòng chung của người hài lòng và chưa hài lòng với "
            "từng khâu; chỉ tính khi có từ %(min)d câu trả lời trở lên."
        )
        % {"min": MIN_N},
    )


def integrity_advice(rows: Sequence[Mapping[str, object]], span: str) -> list[Advice]:
    """Integrity warnings and notices, the most serious first."""
    order = {"at_risk": 0, "notice": 1, "watch": 2}
    found = []
    for row in rows:
        severity = str(row.get("severity") or ("notice" if row.get("notice") else ""))
        if severity not in order:
            continue
        figures = {
            "what": str(INDICATORS.get(str(row["indicator"]), row["indicator"])).lower(),
            "chosen": int(row["n_chosen"]),  # type: ignore[call-overload]
            "n": int(row["n"]),  # type: ignore[call-overload]
            "share": _pct(row.get("share_raw")),
            "low": _pct(row.get("ci_low")),
            "high": _pct(row.get("ci_high")),
            "tolerance": _pct(row.get("tolerance")),
            "span": span,
        }
        headline = (
            _("%(chosen)d trong %(n)d người trả lời cho biết: %(what)s (%(span)s).") % figures
        )
        if severity == AT_RISK:
            kind, detail = (
                "at_risk",
                _(
                    "Tỷ lệ %(share)s%% (có thể từ %(low)s%% đến %(high)s%%), vượt mức cho "
                    "phép %(tolerance)s%%."
                )
                % figures,
            )
            rule = _(
                "Vì sao cảnh báo: ngay cả cách tính có lợi nhất cho đơn vị vẫn cao hơn mức "
                "cho phép."
            )
            if row.get("notice"):
                detail = f"{detail} {_('Thông báo cho lãnh đạo Trung tâm và Sở Nội vụ.')}"
        elif severity == "notice":
            kind, detail = "notice", _("Thông báo cho lãnh đạo Trung tâm và Sở Nội vụ.")
            rule = _(
                "Vì sao thông báo: việc này nghiêm trọng, nên chỉ một phản ánh cũng cần lãnh "
                "đạo xem xét. Thư chỉ nêu số lượng, không nêu người trả lời."
            )
        else:
            kind, detail = (
                "watch",
                _("Tỷ lệ %(share)s%%, trên mức cho phép %(tolerance)s%%.") % figures,
            )
            rule = _(
                "Vì sao chỉ “cần theo dõi”: với số câu trả lời này, con số có thể chỉ do ngẫu "
                "nhiên."
            )
        short = _("%(chosen)d/%(n)d người: %(what)s") % figures
        found.append((order[severity], Advice(kind, headline, detail, rule, short)))
    return [advice for _rank, advice in sorted(found, key=lambda pair: pair[0])]


def first_things(verdict: Judgement | None, span: str) -> list[Advice]:
    """What a page shows first for one centre: what to fix, then integrity problems."""
    if verdict is None or verdict.window is None:
        return []
    advice = fix_first_advice(verdict.fix_first)
    return [*([advice] if advice else []), *integrity_advice(verdict.integrity, span)]


def _credibly_positive(low: object) -> bool:
    """Whether an interval's lower bound is above zero as shown (no interval: as before)."""
    if low is None or low != low:  # NaN  # noqa: PLR0124
        return True
    return float(low) >= 0.05  # type: ignore[arg-type]


def _pct(value: object) -> str:
    if value is None or value != value:  # NaN  # noqa: PLR0124
        return "–"
    number = float(value)  # type: ignore[arg-type]
    # A bound that rounds to zero is shown as 0,0, never as "-0,0".
    return pct(0.0 if abs(number) < 0.05 else number)
