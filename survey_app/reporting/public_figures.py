"""What the public publication shows: overall satisfaction per centre, commune or province.

Never comments, never anything personal: only counts turned into indices, each with
its sample size and margin of error, and "too few answers" below the minimum n. The
public page (/cong-khai) and the open API (/api/v1/indices) both read it, so the two
publish the same figures with the same suppression.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

import analysis
from survey_app.core.weeks import last_full_week, local_midnight_utc
from survey_app.models import Centre, Commune, CommuneKind
from survey_app.reporting.counts import fetch_answer_counts
from survey_app.reporting.filters import AnswerFilter

PUBLIC_WEEKS = 12
PUBLIC_QUESTION = "overall.visit"
PROVINCE_NAME = "Toàn tỉnh"

Level = Literal["centre", "commune", "province"]


@dataclass(frozen=True, slots=True)
class PublicRow:
    """One published figure: a centre's, a commune's or the province's."""

    name: str
    kind: CommuneKind
    n: int
    index: float | None
    margin: float | None
    ci_low: float | None = None
    ci_high: float | None = None
    key: str = ""


@dataclass(frozen=True, slots=True)
class PublicView:
    """The period published and every row, best first; too few answers last."""

    first_day: date
    last_day: date
    province: PublicRow
    rows: list[PublicRow]


def public_weeks(today: date | None = None) -> tuple[date, date]:
    """The first and last day the public page covers: the last twelve full weeks."""
    last_monday = last_full_week(today)
    return last_monday - timedelta(weeks=PUBLIC_WEEKS - 1), last_monday + timedelta(days=6)


def build_public_view(session: Session, today: date | None = None) -> PublicView:
    """Overall satisfaction with the visit, per centre, over the last twelve full weeks."""
    first_day, last_day = public_weeks(today)
    return build_public_figures(session, first_day, last_day, "centre")


def build_public_figures(
    session: Session, first_day: date, last_day: date, level: Level
) -> PublicView:
    """Overall satisfaction from ``first_day`` to ``last_day`` per centre or commune.

    ``level`` "province" gives the province row and no others.
    """
    answer_filter = AnswerFilter(
        start=local_midnight_utc(first_day),
        end=local_midnight_utc(last_day + timedelta(days=1)),
        questions=[PUBLIC_QUESTION],
    )
    whole = fetch_answer_counts(session, answer_filter)
    province_table = analysis.item_indices(whole) if not whole.empty else None
    province = _row(
        PROVINCE_NAME, CommuneKind.PROVINCE, province_table, column=None, unit_id=None, key=""
    )
    rows: list[PublicRow] = []
    if level != "province":
        counts = fetch_answer_counts(session, answer_filter, by=[level])
        table = analysis.item_indices(counts, by=level) if not counts.empty else None
        rows = [
            _row(name, kind, table, column=level, unit_id=unit_id, key=key)
            for unit_id, key, name, kind in _units(session, level)
        ]
        rows.sort(key=lambda r: (r.index is None, -(r.index or 0), r.name))
    return PublicView(first_day, last_day, province, rows)


def _units(session: Session, level: Level) -> list[tuple[int, str, str, CommuneKind]]:
    if level == "centre":
        query = select(Centre.id, Centre.key, Centre.name, Commune.kind).join(Commune)
        return [tuple(row) for row in session.execute(query.where(Centre.active))]  # type: ignore[misc]
    query = select(Commune.id, Commune.key, Commune.name, Commune.kind).where(
        Commune.kind != CommuneKind.PROVINCE
    )
    return [tuple(row) for row in session.execute(query)]  # type: ignore[misc]


def _row(
    name: str,
    kind: CommuneKind,
    table: pd.DataFrame | None,
    *,
    column: str | None,
    unit_id: int | None,
    key: str,
) -> PublicRow:
    if table is None:
        return PublicRow(name, kind, 0, None, None, key=key)
    mine = table if column is None else table[table[column] == unit_id]
    if mine.empty:
        return PublicRow(name, kind, 0, None, None, key=key)
    first = mine.iloc[0]
    if bool(first["too_few"]) or math.isnan(first["index"]):
        return PublicRow(name, kind, int(first["n"]), None, None, key=key)
    # The margin of error is the larger side of the Wilson interval, so it is never understated.
    margin = max(first["index"] - first["ci_low"], first["ci_high"] - first["index"])
    return PublicRow(
        name,
        kind,
        int(first["n"]),
        float(first["index"]),
        float(margin),
        float(first["ci_low"]),
        float(first["ci_high"]),
        key,
    )
