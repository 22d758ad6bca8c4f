"""The province at a glance: every centre, fair ranks, the commune × factor table, risks.

Two GROUP BY queries: counts by centre for the chosen period, and weekly counts by
centre for the twelve weeks before its end (the early warnings' series).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import timedelta

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

import analysis
from survey_app.labels import PULSE_ORDER, component_label
from survey_app.manage.periods import PeriodChoice
from survey_app.manage.summary import TREND_WEEKS, pulse_table
from survey_app.manage.words import warning_sentence
from survey_app.models import Centre, Channel, Commune
from survey_app.reporting import AnswerFilter, fetch_answer_counts, fetch_items
from survey_app.weeks import local_midnight_utc, monday_of

FACTORS = ("access", "procedure", "staff", "result", "feedback")
RANKABLE = {"overall": "overall.visit", **{k: k for k in (*FACTORS, "service")}}


@dataclass(frozen=True, slots=True)
class Cell:
    """One index of one unit: the figure, its interval and its sample."""

    index: float | None
    ci_low: float | None
    ci_high: float | None
    n: int

    @property
    def band(self) -> str:
        """A CSS class for the heat table, by distance from the 80 % target."""
        if self.index is None:
            return "few"
        if self.index >= 90:
            return "b90"
        if self.index >= 80:
            return "b80"
        return "b70" if self.index >= 70 else "b0"


EMPTY = Cell(None, None, None, 0)


@dataclass(frozen=True, slots=True)
class UnitRow:
    """A centre in the province table."""

    key: str
    name: str
    commune: str
    responses: int
    cells: dict[str, Cell]
    rank: int | None
    rank_low: int | None
    rank_high: int | None
    shrunk: float | None


@dataclass(frozen=True, slots=True)
class ProvinceView:
    """What the province page shows for one period, factor and channel."""

    choice: PeriodChoice
    factor: str
    channel: str | None
    rows: list[UnitRow]
    province: dict[str, Cell]
    at_risk: list[tuple[UnitRow, list[str]]]


def build_province(
    session: Session, choice: PeriodChoice, *, factor: str = "service", channel: str | None = None
) -> ProvinceView:
    """Every centre for ``choice``, ranked fairly on ``factor``."""
    if factor not in RANKABLE:
        raise ValueError(f"unknown factor {factor!r}")
    channels = [Channel(channel)] if channel else None
    items = fetch_items(session)
    counts = fetch_answer_counts(
        session,
        AnswerFilter(start=choice.start_utc, end=choice.end_utc, channels=channels),
        by=["centre"],
    )
    table = pulse_table(counts.assign(period="all"), items) if not counts.empty else None
    # The province's own figures come from the same counts, summed over centres.
    whole = counts.groupby(["question", "value"], dropna=False, as_index=False)["n"].sum()
    province_table = (
        pulse_table(whole.assign(centre=0, period="all"), items) if not whole.empty else None
    )
    ranks = {int(r["centre"]): r for r in _ranks(counts, items, factor).to_dict("records")}
    overall = counts[counts["question"] == "overall.visit"]
    responses = {int(c): int(n) for c, n in overall.groupby("centre")["n"].sum().items()}
    cells = _cell_index(table)
    names = _centre_names(session)
    rows = [
        _unit_row(centre_id, key, name, commune, cells=cells, responses=responses, ranks=ranks)
        for centre_id, (key, name, commune) in names.items()
    ]
    rows.sort(key=lambda r: (r.rank is None, r.rank or 0, r.name))
    return ProvinceView(
        choice=choice,
        factor=factor,
        channel=channel,
        rows=rows,
        province={c: _cell_index(province_table).get((0, c), EMPTY) for c in PULSE_ORDER},
        at_risk=_at_risk(
            session,
            choice,
            items=items,
            channels=channels,
            names=names,
            rows={r.key: r for r in rows},
        ),
    )


def _centre_names(session: Session) -> dict[int, tuple[str, str, str]]:
    rows = session.execute(
        select(Centre.id, Centre.key, Centre.name, Commune.name)
        .join(Commune)
        .where(Centre.active)
        .order_by(Commune.name)
    ).all()
    return {row[0]: (row[1], row[2], row[3]) for row in rows}


def _unit_row(
    centre_id: int,
    key: str,
    name: str,
    commune: str,
    *,
    cells: dict[tuple[int, str], Cell],
    responses: dict[int, int],
    ranks: dict[int, dict[str, float]],
) -> UnitRow:
    rank = ranks.get(centre_id)
    return UnitRow(
        key=key,
        name=name,
        commune=commune,
        responses=responses.get(centre_id, 0),
        cells={c: cells.get((centre_id, c), EMPTY) for c in PULSE_ORDER},
        rank=int(rank["rank"]) if rank else None,
        rank_low=int(rank["rank_low"]) if rank else None,
        rank_high=int(rank["rank_high"]) if rank else None,
        shrunk=float(rank["posterior_mean"]) if rank else None,
    )


def _cell_index(table: pd.DataFrame | None) -> dict[tuple[int, str], Cell]:
    """Every (centre, component) cell of the pulse table, read once."""
    if table is None:
        return {}
    return {
        (int(row.centre), str(row.component)): Cell(
            _num(row.index), _num(row.ci_low), _num(row.ci_high), int(row.n)
        )
        for row in table.itertuples()
    }


def _ranks(counts: pd.DataFrame, items: pd.DataFrame, factor: str) -> pd.DataFrame:
    """Empirical-Bayes ranks, so a centre with eight answers is not first or last on noise."""
    if counts.empty or counts["centre"].nunique() < 3:
        return pd.DataFrame(columns=["centre", "rank", "rank_low", "rank_high", "posterior_mean"])
    # 2,000 posterior draws put rank bounds within about one place of 4,000's, at half the cost.
    return analysis.rank_units(
        counts, items, unit="centre", component=RANKABLE[factor], draws=2000, rng=0
    )


def _at_risk(
    session: Session,
    choice: PeriodChoice,
    *,
    items: pd.DataFrame,
    channels: list[Channel] | None,
    names: dict[int, tuple[str, str, str]],
    rows: dict[str, UnitRow],
) -> list[tuple[UnitRow, list[str]]]:
    """Centres with an early warning in the last week of the period, and why."""
    last_monday = monday_of(choice.end_local - timedelta(days=1))
    weekly = fetch_answer_counts(
        session,
        AnswerFilter(
            start=local_midnight_utc(last_monday - timedelta(weeks=TREND_WEEKS - 1)),
            end=local_midnight_utc(last_monday + timedelta(weeks=1)),
            channels=channels,
        ),
        by=["centre"],
        period="W",
    )
    if weekly.empty:
        return []
    found = analysis.early_warnings(weekly, items, unit="centre", period="period")
    found = found[found["period"].astype(str) == last_monday.isoformat()]
    # Per centre, one entry per factor, each factor's reasons together.
    risky: dict[int, dict[str, list[str]]] = {}
    for row in found.to_dict("records"):
        by_factor = risky.setdefault(int(row["centre"]), {})
        by_factor.setdefault(component_label(str(row["component"])), []).append(
            warning_sentence(row, "")
        )
    return [
        (rows[names[centre_id][0]], [f"{label}: {' '.join(why)}" for label, why in factors.items()])
        for centre_id, factors in sorted(risky.items(), key=lambda kv: -len(kv[1]))
        if centre_id in names
    ]


def _num(value: object) -> float | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return float(value)
