"""Rank over time: each centre's place on overall satisfaction, month by month.

For the last six complete months, the centres that reach the minimum n in a month are
ranked on their overall satisfaction that month (``analysis.rank_intervals``: an
empirical-Bayes posterior per centre, ranks simulated, a 90 % interval for each rank);
the others get no rank, only their n, and each month says how many were left out. A month
in which no centre has a single answer is not a column: a row of "n = 0" says nothing the
note under the table cannot say once. One
GROUP BY query (the overall question's answers by centre and month, from the stored
weeks where a week lies inside one month), kept in memory like the province page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd
from sqlalchemy.orm import Session

import analysis
from survey_app.core import periods
from survey_app.core.clock import today_local
from survey_app.manage.cache import closed_state, remember
from survey_app.reporting import AnswerFilter, fetch_answer_counts
from survey_app.reporting.centres import active_centre_names
from survey_app.reporting.judging import MIN_N

MONTHS_SHOWN = 6
CONFIDENCE = 0.90
OVERALL = "overall.visit"
RANK_COLUMNS = ("rank", "rank_low", "rank_high")


@dataclass(frozen=True, slots=True)
class RankCell:
    """One centre in one month: its n and, with enough answers, its rank and interval."""

    n: int
    satisfied: float | None  # the raw share, percent; None under the minimum n
    rank: int | None
    rank_low: int | None
    rank_high: int | None
    ranked: int  # how many centres were ranked that month


@dataclass(frozen=True, slots=True)
class RankRow:
    """A centre and its six months."""

    centre_id: int
    key: str
    name: str
    commune: str
    cells: list[RankCell]


@dataclass(frozen=True, slots=True)
class MonthRanks:
    """The table of ranks: months oldest first, centres by their latest rank.

    ``months`` are the months shown, those with at least one answer; ``considered`` are all
    the months looked at, ``months`` and those without any answer.
    """

    months: list[periods.Period]
    rows: list[RankRow]
    ranked: list[int]  # centres ranked, per month
    left_out: list[int]  # centres under the minimum n, per month
    considered: list[periods.Period]

    @property
    def without_answers(self) -> list[periods.Period]:
        """The months looked at in which no centre had any answer: not shown."""
        return [m for m in self.considered if m not in self.months]

    def row(self, centre_id: int) -> RankRow | None:
        """One centre's months, or None if it is not an active centre."""
        return next((r for r in self.rows if r.centre_id == centre_id), None)


def complete_months(today: date, count: int = MONTHS_SHOWN) -> list[periods.Period]:
    """The ``count`` months that ended before ``today``, oldest first.

    >>> [m.label for m in complete_months(date(2026, 3, 1), 3)]
    ['2025-12', '2026-01', '2026-02']
    """
    months = []
    day = today.replace(day=1)
    for _ in range(count):
        day = (day - timedelta(days=1)).replace(day=1)
        months.append(periods.period_of(day, "M"))
    return months[::-1]


def month_ranks(session: Session) -> MonthRanks:
    """:func:`build_month_ranks` for the last six complete months, kept in memory while the
    weeks and responses it reads do not change."""
    months = complete_months(today_local())
    state = closed_state(session, months[0].start_local, months[-1].end_local)
    return remember(
        ("month_ranks", months[-1].label), state, lambda: build_month_ranks(session, months)
    )


def build_month_ranks(session: Session, considered: list[periods.Period]) -> MonthRanks:
    """Every active centre's rank (or its too-small n) in each of ``considered`` that has
    at least one answer."""
    counts = fetch_answer_counts(
        session,
        AnswerFilter(
            start=considered[0].start_utc, end=considered[-1].end_utc, questions=[OVERALL]
        ),
        by=["centre"],
        period="M",
    )
    satisfied, answered = _month_counts(counts)
    centres = active_centre_names(session)
    months = [m for m in considered if any(answered.get(m.label, {}).get(c) for c in centres)]
    columns: list[dict[int, RankCell]] = []
    ranked, left_out = [], []
    for month in months:
        k = satisfied.get(month.label, {})
        n = answered.get(month.label, {})
        big = [c for c in centres if n.get(c, 0) >= MIN_N]
        found = analysis.rank_intervals(
            [k.get(c, 0) for c in big],
            [n[c] for c in big],
            draws=2000,
            seed=0,
            confidence=CONFIDENCE,
        )
        rank, low, high = (found[col].to_numpy(dtype=int) for col in RANK_COLUMNS)
        cells = {
            c: RankCell(
                n=n[c],
                satisfied=100 * k.get(c, 0) / n[c],
                rank=int(rank[i]),
                rank_low=int(low[i]),
                rank_high=int(high[i]),
                ranked=len(big),
            )
            for i, c in enumerate(big)
        }
        for c in centres:
            cells.setdefault(c, RankCell(n.get(c, 0), None, None, None, None, len(big)))
        columns.append(cells)
        ranked.append(len(big))
        left_out.append(len(centres) - len(big))
    rows = [
        RankRow(c, key, name, commune, [column[c] for column in columns])
        for c, (key, name, commune) in centres.items()
    ]
    # By the latest month's rank; the unranked after, in Vietnamese order of the commune.
    rows.sort(key=_latest_rank)
    return MonthRanks(months, rows, ranked, left_out, considered)


def _latest_rank(row: RankRow) -> tuple[bool, int]:
    """The ranked first, by their rank in the latest month shown; then the unranked."""
    rank = row.cells[-1].rank if row.cells else None
    return (rank is None, rank or 0)


def _month_counts(
    counts: pd.DataFrame,
) -> tuple[dict[str, dict[int, int]], dict[str, dict[int, int]]]:
    """Satisfied answers and answers on the scale, per month label and centre."""
    if counts.empty:
        return {}, {}
    method = analysis.SipasMethod()
    on_scale = counts[counts["value"].isin(method.scale)]
    frame = pd.DataFrame(
        {
            "month": on_scale["period"].astype(str),
            "centre": on_scale["centre"].astype(int),
            "k": on_scale["n"].where(on_scale["value"].isin(method.positive), 0),
            "n": on_scale["n"],
        }
    )
    sums = frame.groupby(["month", "centre"], as_index=False)[["k", "n"]].sum()
    satisfied: dict[str, dict[int, int]] = {}
    answered: dict[str, dict[int, int]] = {}
    for month, centre, k, n in zip(
        sums["month"].to_list(),
        sums["centre"].to_numpy(dtype=int),
        sums["k"].to_numpy(dtype=int),
        sums["n"].to_numpy(dtype=int),
        strict=True,
    ):
        answered.setdefault(str(month), {})[int(centre)] = int(n)
        satisfied.setdefault(str(month), {})[int(centre)] = int(k)
    return satisfied, answered
