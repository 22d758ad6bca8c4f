"""What the province page shows: its rows, cells, risk and integrity entries, and the view
that holds them (built by survey_app.manage.province)."""

from __future__ import annotations

from dataclasses import dataclass, field

from survey_app.core.periods import Period
from survey_app.manage.priorities import Advice
from survey_app.models.reference import short_centre_name
from survey_app.reporting.judging import AT_RISK, MIN_N, WATCH, Reason, once_per_factor

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
