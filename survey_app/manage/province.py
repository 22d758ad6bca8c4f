"""The province at a glance: every centre, fair ranks, the commune × factor table, risks.

Two GROUP BY queries: counts by centre for the chosen period, and weekly counts by
centre for the twelve weeks before its end (the early warnings' series).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import timedelta

import pandas as pd
from flask_babel import get_locale
from sqlalchemy.orm import Session

import analysis
from survey_app.core.collation import sorted_vietnamese, vietnamese_key
from survey_app.core.indicator_labels import PULSE_ORDER
from survey_app.core.periods import Period
from survey_app.manage.cache import closed_state, remember
from survey_app.manage.priorities import Advice, fix_first_advice, integrity_advice
from survey_app.manage.words import reasons_of, why_coarser, window_words
from survey_app.models import Channel
from survey_app.models.reference import short_centre_name
from survey_app.reporting import (
    AnswerFilter,
    fetch_answer_counts,
    fetch_items,
)
from survey_app.reporting.centre_figures import pulse_table
from survey_app.reporting.centres import active_centre_names
from survey_app.reporting.judging import (
    AT_RISK,
    MIN_N,
    WATCH,
    Judgement,
    Reason,
    judge,
    judging_end,
    once_per_factor,
)
from survey_app.reporting.rows import records_of, rows_of

FACTORS = ("access", "procedure", "staff", "result", "feedback")
RANKABLE = {"overall": "overall.visit", **{k: k for k in (*FACTORS, "service")}}
INTEGRITY_ORDER = (AT_RISK, "notice", WATCH)  # integrity advice kinds, most serious first


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
    # The n the minimum applies to: answers to the ranked index's least-answered question.
    ranked_n: int = 0

    @property
    def short_name(self) -> str:
        """ "xã Văn Quan" for a list of many centres (see :attr:`Centre.short_name`)."""
        return short_centre_name(self.name)


@dataclass(frozen=True, slots=True)
class RiskEntry:
    """A centre on the at-risk or watch list, with the stretch it was judged on."""

    row: UnitRow
    span: str
    coarser: str | None
    n: int
    reasons: list[Reason]

    @property
    def risk_reasons(self) -> list[Reason]:
        """The at-risk reasons, the most serious first, each factor once: a factor that
        fell and is also below target is named by its fall (the list is ordered so)."""
        return [r for r in once_per_factor(self.reasons) if r.severity == AT_RISK]

    @property
    def watch_factors(self) -> int:
        """How many other factors are only on watch (a short list leaves them out)."""
        risky = {r.label for r in self.risk_reasons}
        return len({r.label for r in self.reasons if r.label not in risky})


@dataclass(frozen=True, slots=True)
class IntegrityEntry:
    """One centre's integrity warnings and notices, the most serious first."""

    row: UnitRow
    span: str
    problems: list[Advice]

    @property
    def kind(self) -> str:
        """The most serious kind among the problems: "at_risk", "notice" or "watch"."""
        return self.problems[0].kind


@dataclass(frozen=True, slots=True)
class ProvinceView:
    """What the province page shows for one period, factor and channel."""

    choice: Period
    factor: str
    channel: str | None
    rows: list[UnitRow]
    province: dict[str, Cell]
    at_risk: list[RiskEntry]
    watch: list[RiskEntry] = field(default_factory=list)
    too_few: list[tuple[UnitRow, int]] = field(default_factory=list)
    # Centres with the minimum n on overall satisfaction: the page offers that ranking
    # when the chosen index leaves centres out.
    enough_for_overall: int = 0
    judged: bool = True  # False: nothing of the period is over yet
    fix_first: Advice | None = None  # for the province as a whole
    integrity: list[IntegrityEntry] = field(default_factory=list)

    @property
    def ranked(self) -> int:
        """How many rows of the table have a rank."""
        return sum(row.rank is not None for row in self.rows)

    @property
    def unranked(self) -> int:
        """How many rows of the table have no rank: exactly those the page says were left out."""
        return len(self.rows) - self.ranked

    @property
    def too_few_centres(self) -> bool:
        """Centres have the minimum n but none is ranked: fewer than three centres answered
        every question of the index, too few to fit the shared prior the ranks rest on."""
        return self.ranked == 0 and any(row.ranked_n >= MIN_N for row in self.rows)

    def integrity_group(self, kind: str) -> list[IntegrityEntry]:
        """The centres whose most serious integrity problem is of ``kind`` ("at_risk",
        "notice", "watch"): each centre in one group only, so the page's groups and the
        digest's counts are the same (a noticed centre is not counted again on watch)."""
        return [entry for entry in self.integrity if entry.kind == kind]

    def integrity_of_kind(self, kind: str) -> list[tuple[IntegrityEntry, list[Advice]]]:
        """:meth:`integrity_group`, each centre with its problems of that kind only: a
        digest lists warnings whole and notices in a line each."""
        return [
            (entry, [a for a in entry.problems if a.kind == kind])
            for entry in self.integrity_group(kind)
        ]

    @property
    def integrity_rules(self) -> list[tuple[str, str]]:
        """Each rule behind the integrity list once, as (kind, explanation), most serious
        first: the list itself does not repeat them."""
        found = {a.kind: a.rule for e in self.integrity for a in e.problems}
        return [(kind, found[kind]) for kind in INTEGRITY_ORDER if kind in found]


def province_view(
    session: Session, choice: Period, *, factor: str = "service", channel: str | None = None
) -> ProvinceView:
    """:func:`build_province`, kept in memory while the closed weeks it reads do not change."""
    # The judging reads up to three months (thirteen weeks) before the period begins.
    state = closed_state(session, choice.start_local - timedelta(weeks=14), choice.end_local)
    key = ("province", choice.label, factor, channel, str(get_locale()))
    return remember(
        key, state, lambda: build_province(session, choice, factor=factor, channel=channel)
    )


def build_province(
    session: Session, choice: Period, *, factor: str = "service", channel: str | None = None
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
    whole = counts.groupby(["question", "value"], dropna=False, as_index=False)[["n"]].sum()
    province_table = (
        pulse_table(whole.assign(centre=0, period="all"), items) if not whole.empty else None
    )
    ranks = {int(r["centre"]): r for r in records_of(_ranks(counts, items, factor))}
    ranked_n = _index_n(counts, items, factor)
    overall_n = _index_n(counts, items, "overall")
    overall = counts[counts["question"] == "overall.visit"]
    sums = overall.groupby("centre")["n"].sum()
    responses = {int(c): int(n) for c, n in zip(sums.index, sums, strict=True)}
    cells = _cell_index(table)
    names = active_centre_names(session)
    rows = [
        _unit_row(
            centre_id,
            key,
            name,
            commune,
            cells=cells,
            responses=responses,
            ranks=ranks,
            ranked_n=ranked_n,
        )
        for centre_id, (key, name, commune) in names.items()
    ]
    rows.sort(key=lambda r: (r.rank is None, r.rank or 0, r.name))
    verdicts, province_fix_first = _judged(session, choice, items, channel)
    by_id = dict(zip(names, _in_name_order(rows, names), strict=True))
    return ProvinceView(
        choice=choice,
        factor=factor,
        channel=channel,
        rows=rows,
        province={c: _cell_index(province_table).get((0, c), EMPTY) for c in PULSE_ORDER},
        at_risk=_entries(verdicts, by_id, AT_RISK),
        watch=_entries(verdicts, by_id, WATCH),
        too_few=_too_few(verdicts, by_id),
        enough_for_overall=sum(overall_n.get(c, 0) >= MIN_N for c in names),
        judged=judging_end(choice) is not None,
        fix_first=fix_first_advice(province_fix_first),
        integrity=_integrity_list(verdicts, by_id),
    )


def _judged(
    session: Session, choice: Period, items: pd.DataFrame, channel: str | None
) -> tuple[dict[int, Judgement], list[dict[str, object]]]:
    """:func:`judge` and the province's "what to fix first", kept while the closed days
    they read do not change: a period that runs to today is shown afresh after each new
    answer, but its warnings judge only weeks that are over, so they are not judged again."""
    end = judging_end(choice)
    if end is None:
        return {}, []
    channels = [Channel(channel)] if channel else None

    def build() -> tuple[dict[int, Judgement], list[dict[str, object]]]:
        patterns: list[pd.DataFrame] = []
        verdicts = judge(session, choice, items, channels=channels, period_patterns=patterns)
        return verdicts, _province_fix_first(patterns, items)

    # The same stretch as the page's key, cut at the end of what is judged.
    state = closed_state(session, choice.start_local - timedelta(weeks=14), end)
    return remember(("judged", choice.label, channel), state, build)


def _province_fix_first(
    period_patterns: list[pd.DataFrame], items: pd.DataFrame
) -> list[dict[str, object]]:
    """What to fix first for the whole province, over the days of the period that are over
    (the answer patterns the judging fetched, pooled over the centres): factors, best first."""
    if not period_patterns or period_patterns[0].empty:
        return []
    patterns = period_patterns[0].drop(columns=["centre", "period"])
    keys = [c for c in patterns.columns if c != "n"]
    pooled = patterns.groupby(keys, dropna=False, as_index=False)[["n"]].sum()
    found = analysis.fix_first(pooled, unit=None, items=items, min_n=MIN_N, replicates=400)
    return records_of(found[~found["too_few"].astype(bool)])


def _integrity_list(
    verdicts: dict[int, Judgement], rows: dict[int, UnitRow]
) -> list[IntegrityEntry]:
    """One entry per centre with integrity warnings or notices: the centres with the most
    serious problem first (then those with more problems), each naming its problems, the
    most serious first."""
    found = []
    for centre_id, verdict in verdicts.items():
        if centre_id not in rows or verdict.window is None:
            continue
        span = window_words(verdict.window)
        problems = integrity_advice(verdict.integrity, span)  # the most serious first
        if problems:
            found.append(IntegrityEntry(rows[centre_id], span, problems))
    rank = {kind: i for i, kind in enumerate(INTEGRITY_ORDER)}
    return sorted(
        found,
        key=lambda e: (
            rank.get(e.kind, len(rank)),
            -sum(a.kind != WATCH for a in e.problems),
            -len(e.problems),
            vietnamese_key(e.row.name),
        ),
    )


def _in_name_order(rows: list[UnitRow], names: dict[int, tuple[str, str, str]]) -> list[UnitRow]:
    by_key = {r.key: r for r in rows}
    return [by_key[key] for key, _name, _commune in names.values()]


def _entries(
    verdicts: dict[int, Judgement], rows: dict[int, UnitRow], severity: str
) -> list[RiskEntry]:
    """Centres whose worst finding has ``severity``, most findings first."""
    entries = []
    for centre_id, verdict in verdicts.items():
        if verdict.severity != severity or centre_id not in rows or verdict.window is None:
            continue
        reasons = reasons_of(verdict)
        falling = any(f.reason != "below_target" for f in verdict.findings)
        entry = RiskEntry(
            rows[centre_id],
            window_words(verdict.window),
            why_coarser(verdict.window),
            verdict.n,
            reasons,
        )
        entries.append((falling, entry))
    # Centres that are falling (a significant drop or a downward trend) first, then those
    # with the most factors at risk.
    entries.sort(
        key=lambda e: (
            not e[0],
            -sum(r.severity == AT_RISK for r in e[1].reasons),
            vietnamese_key(e[1].row.name),
        )
    )
    return [entry for _falling, entry in entries]
    return entries


def _too_few(verdicts: dict[int, Judgement], rows: dict[int, UnitRow]) -> list[tuple[UnitRow, int]]:
    """Centres not judged: too few answers even on the longest stretch (or none at all)."""
    found = []
    for centre_id, row in rows.items():
        verdict = verdicts.get(centre_id)
        if verdict is None or verdict.window is None:
            found.append((row, verdict.n if verdict else 0))
    return sorted_vietnamese(found, lambda pair: pair[0].name)


def _unit_row(
    centre_id: int,
    key: str,
    name: str,
    commune: str,
    *,
    cells: dict[tuple[int, str], Cell],
    responses: dict[int, int],
    ranks: dict[int, dict[str, float]],
    ranked_n: dict[int, int],
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
        ranked_n=ranked_n.get(centre_id, 0),
    )


def _cell_index(table: pd.DataFrame | None) -> dict[tuple[int, str], Cell]:
    """Every (centre, component) cell of the pulse table, read once."""
    if table is None:
        return {}
    return {
        (int(row.centre), str(row.component)): Cell(
            _num(row.index), _num(row.ci_low), _num(row.ci_high), int(row.n)
        )
        for row in rows_of(table)
    }


def _questions(items: pd.DataFrame, factor: str) -> pd.Series:
    """The questions of ``factor``'s index: one item, a factor's items or a family's."""
    component = RANKABLE[factor]
    return items.loc[
        (items["question"] == component)
        | (items["factor"] == component)
        | ((items["family"] == component) & items["factor"].notna()),
        "question",
    ]


def _index_n(counts: pd.DataFrame, items: pd.DataFrame, factor: str) -> dict[int, int]:
    """Each centre's answers to the least-answered question of ``factor``'s index (0 when
    one question has none): the n the minimum applies to, as :func:`analysis.rank_units`
    counts it."""
    if counts.empty:
        return {}
    questions = _questions(items, factor)
    answered = counts[counts["question"].isin(questions) & counts["value"].notna()]
    per_question = answered.groupby(["centre", "question"])["n"].sum().unstack(fill_value=0)
    fewest = per_question.reindex(columns=questions, fill_value=0).min(axis=1)
    return {int(c): int(n) for c, n in zip(fewest.index, fewest, strict=True)}


def _ranks(counts: pd.DataFrame, items: pd.DataFrame, factor: str) -> pd.DataFrame:
    """Empirical-Bayes ranks, so a centre with eight answers is not first or last on noise.

    Every centre informs the priors and only those with the minimum n on each question of
    the index are ranked (:func:`analysis.rank_units` leaves the others out): a week in
    which only two centres reach the minimum still ranks those two."""
    empty = pd.DataFrame(columns=["centre", "rank", "rank_low", "rank_high", "posterior_mean"])
    if counts.empty:
        return empty
    # The priors are fitted over the centres that answered every question: three at least.
    if sum(n > 0 for n in _index_n(counts, items, factor).values()) < 3:
        return empty
    # 2,000 posterior draws put rank bounds within about one place of 4,000's, at half the cost.
    return analysis.rank_units(
        counts,
        items,
        unit="centre",
        component=RANKABLE[factor],
        draws=2000,
        rng=0,
        min_n=MIN_N,
    )


def _num(value: float | None) -> float | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return float(value)
