"""What the public page publishes: overall satisfaction per centre over recent weeks.

Never comments, never anything personal: only counts turned into indices, each with
its sample size and margin of error, and "too few answers" below the minimum n.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

import analysis
from survey_app.core.weeks import last_full_week, local_midnight_utc
from survey_app.models import Centre, Commune, CommuneKind
from survey_app.reporting import AnswerFilter, fetch_answer_counts

PUBLIC_WEEKS = 12


@dataclass(frozen=True, slots=True)
class PublicRow:
    """One centre's published figure."""

    name: str
    kind: CommuneKind
    n: int
    index: float | None
    margin: float | None


@dataclass(frozen=True, slots=True)
class PublicView:
    """The period published and every centre's row, best first; too few answers last."""

    first_day: date
    last_day: date
    province: PublicRow
    rows: list[PublicRow]


def build_public_view(session: Session, today: date | None = None) -> PublicView:
    """Overall satisfaction with the visit, per centre, over the last twelve full weeks."""
    last_monday = last_full_week(today)
    first_day = last_monday - timedelta(weeks=PUBLIC_WEEKS - 1)
    answer_filter = AnswerFilter(
        start=local_midnight_utc(first_day),
        end=local_midnight_utc(last_monday + timedelta(weeks=1)),
        questions=["overall.visit"],
    )
    counts = fetch_answer_counts(session, answer_filter, by=["centre"])
    whole = fetch_answer_counts(session, answer_filter)
    table = analysis.item_indices(counts, by="centre") if not counts.empty else None
    centres = session.execute(
        select(Centre.id, Centre.name, Commune.kind).join(Commune).where(Centre.active)
    ).all()
    rows = [_row(name, kind, table, centre_id) for centre_id, name, kind in centres]
    rows.sort(key=lambda r: (r.index is None, -(r.index or 0), r.name))
    province_table = analysis.item_indices(whole) if not whole.empty else None
    province = _row("Toàn tỉnh", CommuneKind.PROVINCE, province_table, None)
    return PublicView(first_day, last_monday + timedelta(days=6), province, rows)


def _row(
    name: str, kind: CommuneKind, table: pd.DataFrame | None, centre_id: int | None
) -> PublicRow:
    if table is None:
        return PublicRow(name, kind, 0, None, None)
    mine = table if centre_id is None else table[table["centre"] == centre_id]
    if mine.empty:
        return PublicRow(name, kind, 0, None, None)
    first = mine.iloc[0]
    if bool(first["too_few"]) or math.isnan(first["index"]):
        return PublicRow(name, kind, int(first["n"]), None, None)
    # The margin of error is the larger side of the Wilson interval, so it is never understated.
    margin = max(first["index"] - first["ci_low"], first["ci_high"] - first["index"])
    return PublicRow(name, kind, int(first["n"]), float(first["index"]), float(margin))
