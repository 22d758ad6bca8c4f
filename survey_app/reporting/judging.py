"""Which centres to warn about for a period, each judged at the grain its answers allow.

A page names a period (a week, a month, a quarter); the warnings it shows are about that
period, and only about days that are over: a week that has not ended is never judged.
A centre with too few answers in the period itself is judged on a longer stretch ending
with it (a week: four weeks, then thirteen; a month: the three months ending with it),
and the page says which. A centre with too few answers even then gets no warning but
is listed with its n, so no unit is invisible because it is small.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

import pandas as pd
from sqlalchemy.orm import Session

import analysis
from survey_app.core.periods import Period
from survey_app.core.weeks import current_monday, local_midnight_utc
from survey_app.models import Channel
from survey_app.reporting.counts import fetch_answer_counts
from survey_app.reporting.filters import AnswerFilter
from survey_app.reporting.patterns import fetch_answer_patterns
from survey_app.reporting.rows import records_of

MIN_N = analysis.SipasMethod().min_n
TARGET = 80.0
AT_RISK, WATCH = "at_risk", "watch"


@dataclass(frozen=True, slots=True)
class Window:
    """A stretch of whole days a centre is judged on, with the one before it (if any)."""

    kind: str  # "week", "weeks4", "weeks13", "month", "months3", "quarter"
    start: date
    end: date  # exclusive
    periods: tuple[str, ...]  # the period labels (weeks or months) it is made of
    previous: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Finding:
    """One warning on one index or factor of one centre."""

    component: str
    reason: str
    severity: str  # AT_RISK or WATCH
    row: dict[str, object]


@dataclass(frozen=True, slots=True)
class Reason:
    """A warning as a page shows it: the factor, what happened, the rule that fired."""

    label: str
    sentence: str
    rule: str
    severity: str


def once_per_factor(reasons: Sequence[Reason]) -> list[Reason]:
    """Each factor once, by its most serious reason: at-risk reasons before watch ones,
    otherwise in the order given (a factor that fell and is also below target is named
    by its fall, which the judging lists first)."""
    seen: set[str] = set()
    found = []
    for reason in sorted(reasons, key=lambda r: r.severity != AT_RISK):
        if reason.label not in seen:
            seen.add(reason.label)
            found.append(reason)
    return found


@dataclass(slots=True)
class Judgement:
    """A centre's verdict: the window it was judged on (None: too few anywhere) and why."""

    centre_id: int
    window: Window | None
    n: int
    findings: list[Finding] = field(default_factory=list)
    integrity: list[dict[str, object]] = field(default_factory=list)  # flagged indicators
    fix_first: list[dict[str, object]] = field(default_factory=list)  # factors, best first

    @property
    def severity(self) -> str | None:
        """AT_RISK if any finding is, else WATCH if any, else None."""
        kinds = {f.severity for f in self.findings}
        return AT_RISK if AT_RISK in kinds else (WATCH if kinds else None)


def judging_end(choice: Period, now: datetime | None = None) -> date | None:
    """The end of what can be judged: the period's end, or the current week's Monday if
    the period is still running; None when nothing of it is over (a week in progress)."""
    open_monday = current_monday(now)
    if choice.kind == "W":
        return choice.end_local if choice.end_local <= open_monday else None
    end = min(choice.end_local, open_monday)
    return end if end > choice.start_local else None


def ladder(choice: Period, end: date) -> list[Window]:
    """The windows a centre may be judged on, finest first."""
    if choice.kind == "W":
        weeks = [(end - timedelta(weeks=k)).isoformat() for k in range(13, 0, -1)]
        return [
            Window("week", end - timedelta(weeks=1), end, tuple(weeks[-1:]), tuple(weeks[-2:-1])),
            Window("weeks4", end - timedelta(weeks=4), end, tuple(weeks[-4:]), tuple(weeks[-8:-4])),
            Window("weeks13", end - timedelta(weeks=13), end, tuple(weeks)),
        ]
    if choice.kind == "M":
        months = [_month_start(choice.start_local, k).isoformat() for k in (-2, -1, 0)]
        return [
            Window("month", choice.start_local, end, tuple(months[-1:]), tuple(months[-2:-1])),
            Window("months3", date.fromisoformat(months[0]), end, tuple(months)),
        ]
    before = _month_start(choice.start_local, -3).isoformat()
    return [
        Window("quarter", choice.start_local, end, (choice.start_local.isoformat(),), (before,))
    ]


def _fetch(
    session: Session,
    choice: Period,
    windows: list[Window],
    end: date,
    answer_filter: AnswerFilter,
) -> tuple[pd.DataFrame, pd.DataFrame, set[str]]:
    """Counts and answer patterns by centre and block, and the blocks the patterns cover.

    Blocks are weeks (labelled by their Monday) for a week view, else calendar months or
    quarters (labelled by their first day), each fetched whole so that only the days at
    its edges are counted from the answers."""
    labels = sorted({p for w in windows for p in (*w.periods, *w.previous)})
    if choice.kind == "W":
        part = replace(
            answer_filter,
            start=local_midnight_utc(date.fromisoformat(labels[0])),
            end=local_midnight_utc(end),
        )
        counts = fetch_answer_counts(session, part, by=["centre"], period="W")
        # Patterns (for honest composite intervals) only where a warning can be raised.
        recent = replace(part, start=local_midnight_utc(end - timedelta(weeks=8)))
        patterns = fetch_answer_patterns(session, recent, by=["centre"], period="W")
        return counts, patterns, set(labels[-8:])
    step = 3 if choice.kind == "Q" else 1
    count_parts: list[pd.DataFrame] = []
    pattern_parts: list[pd.DataFrame] = []
    # Patterns (counted from the answers, so dearer) for the period and the one before it:
    # the month's warnings; centres judged on three months keep the counts' intervals.
    with_patterns = set(windows[0].periods) | set(windows[0].previous)
    for label in labels:
        first = date.fromisoformat(label)
        last = min(_month_start(first, step), end)
        part = replace(answer_filter, start=local_midnight_utc(first), end=local_midnight_utc(last))
        count_parts.append(fetch_answer_counts(session, part, by=["centre"]).assign(period=label))
        if label in with_patterns:
            found = fetch_answer_patterns(session, part, by=["centre"])
            pattern_parts.append(found.assign(period=label))
    return (
        pd.concat(count_parts, ignore_index=True),
        pd.concat(pattern_parts, ignore_index=True),
        with_patterns,
    )


def judge(
    session: Session,
    choice: Period,
    items: pd.DataFrame,
    *,
    centre_ids: Sequence[int] | None = None,
    channels: list[Channel] | None = None,
    now: datetime | None = None,
    with_fix_first: bool = False,
    period_patterns: list[pd.DataFrame] | None = None,
) -> dict[int, Judgement]:
    """Every centre with answers in the judged stretch, judged at its finest sound grain;
    ``with_fix_first`` adds what to fix first (costly: the driver analysis per centre);
    ``period_patterns``, if given, receives the answer patterns of the period judged."""
    end = judging_end(choice, now)
    if end is None:
        return {}
    windows = ladder(choice, end)
    answer_filter = AnswerFilter(channels=channels, centre_ids=centre_ids)
    counts, patterns, covered = _fetch(session, choice, windows, end, answer_filter)
    if counts.empty:
        return {}
    counts["period"] = counts["period"].astype(str)
    patterns["period"] = patterns["period"].astype(str)
    if period_patterns is not None:
        # The answer patterns of the period itself, for the caller's own analysis.
        period_patterns.append(patterns[patterns["period"].isin(windows[0].periods)])
    responses = (
        counts[counts["question"] == "overall.visit"].groupby(["centre", "period"])["n"].sum()
    )
    verdicts: dict[int, Judgement] = {}
    for centre in sorted({int(c) for c in counts["centre"]}):
        mine = responses.get(centre, pd.Series(dtype="int64"))  # none: no answers to count
        n_of = {w.kind: int(mine[mine.index.isin(w.periods)].sum()) for w in windows}
        chosen = next((w for w in windows if n_of[w.kind] >= MIN_N), None)
        verdicts[centre] = Judgement(
            centre, chosen, n_of[chosen.kind] if chosen else n_of[windows[-1].kind]
        )
    for window in windows:
        judged = [c for c, v in verdicts.items() if v.window is window]
        if judged:
            mine = counts[counts["centre"].isin(judged)]
            patterns_mine = patterns[patterns["centre"].isin(judged)]
            if not set(window.periods) | set(window.previous) <= covered:
                # Patterns must cover the whole window, or the intervals would be too narrow.
                patterns_mine = patterns_mine.iloc[:0]
            _find(_in_window(mine, window), _in_window(patterns_mine, window), items, verdicts)
            _integrity(mine[mine["period"].isin(window.periods)], verdicts)
            if with_fix_first:
                current = patterns_mine[patterns_mine["period"].isin(window.periods)]
                _fix_first(current.drop(columns="period"), items, verdicts)
    return verdicts


def _in_window(frame: pd.DataFrame, window: Window) -> pd.DataFrame:
    """A week keeps its weekly series (the trend rule needs a baseline); a longer window
    becomes two periods, "1-previous" and "2-current", summed over their blocks."""
    if window.kind == "week":
        return frame[frame["period"] <= window.periods[-1]]
    label = dict.fromkeys(window.periods, "2-current")
    label |= dict.fromkeys(window.previous, "1-previous")
    frame = frame.assign(period=frame["period"].map(label)).dropna(subset=["period"])
    keys = [c for c in frame.columns if c != "n"]
    return frame.groupby(keys, dropna=False, as_index=False, sort=False)[["n"]].sum()


def _integrity(counts: pd.DataFrame, verdicts: dict[int, Judgement]) -> None:
    """Integrity indicators over the window: a warning when credibly above tolerance, a
    notice to the leader on any report of the most serious kinds (a count, never a person)."""
    integrity = counts[counts["question"].str.startswith("integrity.")]
    if integrity.empty:
        return
    summed = integrity.groupby(["centre", "question", "value"], dropna=False, as_index=False)
    found = analysis.integrity_warnings(summed[["n"]].sum(), unit="centre", min_n=MIN_N)
    flagged = found[found["severity"].notna() | found["notice"].astype(bool)]
    for row in records_of(flagged):
        verdicts[int(row["centre"])].integrity.append(row)


def _fix_first(patterns: pd.DataFrame, items: pd.DataFrame, verdicts: dict[int, Judgement]) -> None:
    """Which factor, if improved, would raise overall satisfaction most (not under min n)."""
    if patterns.empty:
        return
    keys = [c for c in patterns.columns if c != "n"]
    summed = patterns.groupby(keys, dropna=False, as_index=False)[["n"]].sum()
    found = analysis.fix_first(summed, unit="centre", items=items, min_n=MIN_N, replicates=400)
    for row in records_of(found[~found["too_few"].astype(bool)]):
        verdicts[int(row["centre"])].fix_first.append(row)


def _find(
    counts: pd.DataFrame,
    patterns: pd.DataFrame,
    items: pd.DataFrame,
    verdicts: dict[int, Judgement],
) -> None:
    """Run the early warnings on the window's latest period and file them by centre."""
    latest = str(counts["period"].max()) if not counts.empty else None
    if latest is None:
        return
    found = _warnings(counts, patterns, items, latest)
    for row in records_of(found):
        if int(row.get("n_current") or 0) < MIN_N:
            continue  # the analysis already holds to min n; kept here so no page can slip
        verdicts[int(row["centre"])].findings.append(
            Finding(str(row["component"]), str(row["reason"]), str(row["severity"]), row)
        )


def _warnings(
    frame: pd.DataFrame, patterns: pd.DataFrame, items: pd.DataFrame, latest: str
) -> pd.DataFrame:
    if frame["period"].nunique() < 2:
        # early_warnings judges the latest of at least two periods: give it an empty one.
        empty = frame.head(1).assign(period="0-none", n=0)
        frame = pd.concat([empty, frame], ignore_index=True)
    found = analysis.early_warnings(
        frame, items, unit="centre", period="period", patterns=patterns if len(patterns) else None
    )
    return found[found["period"].astype(str) == latest]


def _month_start(day: date, shift: int) -> date:
    index = day.year * 12 + day.month - 1 + shift
    return date(index // 12, index % 12 + 1, 1)
