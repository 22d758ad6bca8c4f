"""What goes into the exports: anonymised answers and aggregate indices, as tables.

Headers are Vietnamese whatever the page's language: the files feed the province's
Vietnamese reports, and files made by different people must line up column by column.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import numpy as np
import pandas as pd
from flask_babel import force_locale
from sqlalchemy import select
from sqlalchemy.orm import Session

from analysis import composite_indices, item_indices
from survey_app.admin.choice_labels import CHANNEL_LABELS, FLAG_LABELS
from survey_app.admin.export_complaints import BLANK, COMPLAINT_HEADERS, complaint_cells
from survey_app.admin.export_integrity import EXPORTED, integrity_cells, integrity_headers
from survey_app.core.clock import LOCAL_TZ, now_local
from survey_app.core.collation import sorted_vietnamese
from survey_app.core.formatting import period_words
from survey_app.core.masking import mask_personal_data
from survey_app.core.periods import parse_period
from survey_app.core.responses.questionnaires import current_questionnaire
from survey_app.core.weeks import local_midnight_utc
from survey_app.models import Centre, Channel, Commune, Counter, ServiceField
from survey_app.reporting import (
    AnswerFilter,
    PeriodKind,
    fetch_answer_counts,
    fetch_export_answers,
    fetch_export_responses,
    fetch_items,
    fetch_response_counts,
    fetch_response_period_counts,
)
from survey_app.reporting.rows import rows_of

MAX_EXPORT_RESPONSES = 200_000
# Seeded, so the same filter gives the same bootstrap intervals in every download.
BOOTSTRAP_SEED = 2026

QUESTION_HEADERS = {
    "access.general": "Tiếp cận dịch vụ",
    "procedure.general": "Thủ tục hành chính",
    "staff.general": "Công chức giải quyết",
    "result.general": "Kết quả giải quyết",
    "feedback.general": "Tiếp nhận, xử lý góp ý",
    "overall.visit": "Hài lòng chung",
    "integrity.harassment": "Bị gây phiền hà",
    "integrity.extra_payment": "Bị đòi trả thêm ngoài phí",
    "integrity.supplements": "Số lần bổ sung hồ sơ",
    "integrity.on_time": "Kết quả đúng hẹn",
    "comment": "Góp ý (đã che thông tin cá nhân)",
}
FACTOR_HEADERS = {
    "access": "Tiếp cận dịch vụ",
    "procedure": "Thủ tục hành chính",
    "staff": "Công chức giải quyết",
    "result": "Kết quả giải quyết",
    "feedback": "Tiếp nhận, xử lý góp ý",
}
PERIOD_NAMES = {"W": "Tuần", "M": "Tháng", "Q": "Quý", "Y": "Năm"}
MIN_N = 30  # as the method: fewer answers is "too few answers"


class ExportTooLargeError(ValueError):
    """More responses match than one file may hold; ``responses`` says how many."""

    def __init__(self, responses: int) -> None:
        super().__init__(f"{responses} responses match; the limit is {MAX_EXPORT_RESPONSES}")
        self.responses = responses


@dataclass(frozen=True, slots=True)
class ExportFilter:
    """Which visit responses an export covers. Days are local and both ends included."""

    centre_ids: tuple[int, ...]
    start: date
    end: date
    channel: Channel | None = None
    include_suspect: bool = False

    def answer_filter(self) -> AnswerFilter:
        """The same filter for :mod:`survey_app.reporting`, in UTC with an exclusive end."""
        return AnswerFilter(
            start=local_midnight_utc(self.start),
            end=local_midnight_utc(self.end + timedelta(days=1)),
            centre_ids=self.centre_ids,
            channels=None if self.channel is None else (self.channel,),
            include_suspect=self.include_suspect,
        )

    def audit_detail(self, session: Session) -> dict[str, Any]:
        """The filter as the audit trail records it: readable, and no data."""
        keys = session.scalars(select(Centre.key).where(Centre.id.in_(self.centre_ids)))
        return {
            "centres": sorted(keys),
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "channel": self.channel.value if self.channel else None,
            "include_suspect": self.include_suspect,
        }


@dataclass(frozen=True, slots=True)
class ExportTable:
    """A table ready to write as CSV or as a worksheet, with notes for a second sheet."""

    title: str
    headers: list[str]
    rows: list[list[Any]]
    notes: list[tuple[str, str]] = field(default_factory=list)


def _filter_notes(session: Session, export_filter: ExportFilter) -> list[tuple[str, str]]:
    names = sorted_vietnamese(
        session.scalars(select(Centre.name).where(Centre.id.in_(export_filter.centre_ids))),
        str,
    )
    channel = export_filter.channel
    return [
        ("Tạo lúc", now_local().strftime("%d/%m/%Y %H:%M")),
        ("Từ ngày", export_filter.start.strftime("%d/%m/%Y")),
        ("Đến ngày", export_filter.end.strftime("%d/%m/%Y")),
        ("Trung tâm", "; ".join(names)),
        ("Kênh", str(CHANNEL_LABELS[channel]) if channel else "Tất cả các kênh"),
        ("Phiếu nghi vấn", "có gồm" if export_filter.include_suspect else "không gồm"),
    ]


def answers_table(
    session: Session, export_filter: ExportFilter, *, limit: int = MAX_EXPORT_RESPONSES
) -> ExportTable:
    """One row per response: place, channel, day, each answer, suspect flag and reasons.

    Privacy: no internal id (rows are numbered per file), the day but not the time,
    and rows shuffled within each day, so that a row cannot be matched to a receipt
    code, a camera or the person seen at the counter at a given minute. Comments are
    masked (phone, ID numbers, e-mail).

    Raises ExportTooLargeError rather than cutting the file short: a partial file
    passed on as "the data" would mislead its readers.
    """
    answer_filter = export_filter.answer_filter()
    matching = int(fetch_response_counts(session, answer_filter)["responses"].sum())
    if matching > limit:
        raise ExportTooLargeError(matching)
    responses = fetch_export_responses(session, answer_filter, limit=limit)
    answers = fetch_export_answers(session, answer_filter, limit=limit)
    questions = current_questionnaire(session).questions_in("vi")
    scale_keys = [q.key for q in questions if q.answer_type == "scale"]
    text_keys = [q.key for q in questions if q.answer_type == "text"]
    values = answers.pivot_table(
        index="response", columns="question", values="value", aggfunc="first"
    )
    texts = answers.dropna(subset=["text"]).pivot(
        index="response", columns="question", values="text"
    )
    names = _place_names(session, responses)
    local = [t.astimezone(LOCAL_TZ).date() for t in responses["submitted_at"]]
    # A fresh unseeded generator: the order within a day must not be reproducible.
    shuffle = np.random.default_rng().random(len(responses))
    responses = responses.assign(day=local, shuffle=shuffle).sort_values(["day", "shuffle"])
    rows = []
    for number, row in enumerate(rows_of(responses, index=False), start=1):
        answer_cells = [_cell(values, row.response, key) for key in scale_keys]
        text_cells = [mask_personal_data(_text(texts, row.response, key)) for key in text_keys]
        rows.append(
            [
                number,
                names["centre"].get(row.centre, ""),
                names["commune"].get(row.commune, ""),
                names["counter"].get(row.counter, ""),
                names["service_field"].get(row.service_field, ""),
                str(CHANNEL_LABELS[Channel(row.channel)]),
                row.day,
                row.day - timedelta(days=row.day.weekday()),
                *answer_cells,
                *text_cells,
                "Có" if row.is_suspect else "Không",
                "; ".join(str(FLAG_LABELS.get(f, f)) for f in row.flags or ()),
            ]
        )
    headers = [
        "STT",
        "Trung tâm",
        "Xã, phường",
        "Quầy",
        "Lĩnh vực",
        "Kênh",
        "Ngày",
        "Tuần (từ thứ Hai)",
        *(QUESTION_HEADERS.get(k, k) for k in scale_keys),
        *(QUESTION_HEADERS.get(k, k) for k in text_keys),
        "Nghi vấn",
        "Lý do nghi vấn",
    ]
    notes = [*_filter_notes(session, export_filter), ("Số phiếu", str(len(rows)))]
    notes += _code_book(questions)
    return ExportTable("Phiếu đánh giá", headers, rows, notes)


def _cell(values: pd.DataFrame, response: int, key: str) -> int | None:
    if key not in values.columns or response not in values.index:
        return None
    value: Any = values.at[response, key]  # a cell: the stubs say any scalar pandas has
    return None if pd.isna(value) else int(value)


def _text(texts: pd.DataFrame, response: int, key: str) -> str:
    if key not in texts.columns or response not in texts.index:
        return ""
    value: Any = texts.at[response, key]
    return "" if pd.isna(value) else str(value)


def _place_names(session: Session, responses: pd.DataFrame) -> dict[str, dict[int, str]]:
    """Names for the ids in ``responses``, one small query per kind of place."""

    def wanted(column: str) -> list[int]:
        return [int(i) for i in responses[column].dropna().unique()]

    def named(id_column: Any, name_column: Any, column: str) -> dict[int, str]:
        rows = session.execute(select(id_column, name_column).where(id_column.in_(wanted(column))))
        return {int(i): str(name) for i, name in rows}

    counters = session.execute(
        select(Counter.id, Counter.number, Counter.name).where(Counter.id.in_(wanted("counter")))
    ).all()
    return {
        "centre": named(Centre.id, Centre.name, "centre"),
        "commune": named(Commune.id, Commune.name, "commune"),
        "counter": {i: f"{n} · {name}" for i, n, name in counters},
        "service_field": named(ServiceField.id, ServiceField.name_vi, "service_field"),
    }


def _code_book(questions: tuple[Any, ...]) -> list[tuple[str, str]]:
    """What each answer code means, for the notes sheet."""
    notes = [("Ô trống", "không trả lời, hoặc chọn 'không áp dụng'")]
    for q in questions:
        if q.answer_type == "scale" and q.choices:
            codes = "; ".join(f"{c.value} = {c.label}" for c in q.choices if c.value.isdigit())
            notes.append((QUESTION_HEADERS.get(q.key, q.key), codes))
    return notes


def aggregates_table(
    session: Session, export_filter: ExportFilter, period: PeriodKind
) -> ExportTable:
    """Per centre and period: responses, overall and service indices, factor indices.

    Every figure comes from :mod:`analysis` on the counts the database made; a figure
    on fewer answers than the method's minimum is left blank ("too few answers").
    """
    answer_filter = export_filter.answer_filter()
    counts = fetch_answer_counts(session, answer_filter, by=["centre"], period=period)
    sizes = fetch_response_period_counts(session, answer_filter, by=["centre"], period=period)
    figures = _figures(counts, fetch_items(session)) if len(counts) else {}
    names = {int(i): str(n) for i, n in session.execute(select(Centre.id, Centre.name))}
    components = [("overall.visit", "Hài lòng chung"), ("service", "Chỉ số phục vụ (DVHCC)")]
    components += list(FACTOR_HEADERS.items())
    integrity = integrity_cells(counts, MIN_N)
    complaints = complaint_cells(
        session, export_filter.centre_ids, [str(p) for p in sizes["period"].unique()]
    )
    headers = ["Trung tâm", PERIOD_NAMES[period], "Từ ngày", "Số phiếu"]
    for _key, label in components:
        headers += [label, f"{label}: cận dưới", f"{label}: cận trên"]
    headers += integrity_headers()
    headers += COMPLAINT_HEADERS
    rows = []
    sizes = sizes.assign(name=sizes["centre"].map(names)).sort_values(["period", "name"])
    with force_locale("vi"):
        for row in rows_of(sizes, index=False):
            unit = (int(row.centre), str(row.period))
            cells = figures.get(unit, {})
            named = parse_period(str(row.period))
            line: list[Any] = [
                names.get(int(row.centre), ""),
                period_words(named),
                named.start_local,
                int(row.responses),
            ]
            for key, _label in components:
                line += [_rounded(v) for v in cells.get(key, (float("nan"),) * 3)]
            line += integrity.get(unit, [0, None, None, None] * len(EXPORTED))
            line += complaints.get(unit, BLANK)
            rows.append(line)
    notes = [
        *_filter_notes(session, export_filter),
        ("Cách tính", "Chỉ số = 100 × số câu trả lời mức 4 hoặc 5 / số câu trả lời mức 1–5."),
        ("Khoảng tin cậy", "95 %: Wilson cho một câu hỏi; bootstrap cho chỉ số DVHCC."),
        ("Ô trống", f"dưới {MIN_N} câu trả lời: quá ít để tính chỉ số hoặc tỉ lệ"),
        (
            "Liêm chính",
            "Tỉ lệ người trả lời phiếu đánh giá nhanh cho biết bị sách nhiễu, bị yêu cầu nộp "
            "tiền ngoài quy định, phải bổ sung hồ sơ hơn một lần, nhận kết quả trễ hẹn; n là "
            "số người trả lời câu hỏi đó; khoảng tin cậy 95 % Wilson.",
        ),
        (
            "Phản ánh",
            "Nhận, giải quyết (trả lời, chuyển, từ chối) trong kỳ theo ngày của từng việc; "
            "tỷ lệ đúng hạn trên số đã giải quyết trong kỳ, khoảng tin cậy 95 % Wilson, "
            "để trống khi dưới 5 phản ánh. Trang tuần còn tính các phản ánh đang quá hạn.",
        ),
    ]
    return ExportTable("Chỉ số tổng hợp", headers, rows, notes)


def _figures(
    counts: pd.DataFrame, items: pd.DataFrame
) -> dict[tuple[int, str], dict[str, tuple[float, float, float]]]:
    """Index and interval per (centre, period) and component, all from :mod:`analysis`."""
    by = ["centre", "period"]
    composites = composite_indices(counts, items, by, rng=BOOTSTRAP_SEED)
    overall = item_indices(counts, by, items=items)
    overall = overall.loc[overall["question"] == "overall.visit"]
    figures: dict[tuple[int, str], dict[str, tuple[float, float, float]]] = {}
    for frame, key in ((composites, "component"), (overall, "question")):
        for row in rows_of(frame, index=False):
            cell = (row.index, row.ci_low, row.ci_high)
            figures.setdefault((int(row.centre), str(row.period)), {})[getattr(row, key)] = cell
    return figures


def _rounded(value: float) -> float | None:
    """Two decimals, as sipas.md reports indices; None for a figure not shown."""
    return None if pd.isna(value) else round(float(value), 2)
