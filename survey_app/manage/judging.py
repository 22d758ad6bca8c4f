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
from survey_app.manage.periods import PeriodChoice
from survey_app.models import Channel
from survey_app.reporting import AnswerFilter, fetch_answer_counts
from survey_app.rollup import current_monday
from survey_app.weeks import local_midnight_utc

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


@dataclass(slots=True)
class Judgement:
    """A centre's verdict: the window it was judged on (None: too few anywhere) and why."""

    centre_id: int
    window: Window | None
    n: int
    findings: list[Finding] = field(default_factory=list)

    @property
    def severity(self) -> str | None:
        """AT_RISK if any finding is, else WATCH if any, else None."""
        kinds = {f.severity for f in self.findings}
        return AT_RISK if AT_RISK in kinds else (WATCH if kinds else None)


def judging_end(choice: PeriodChoice, now: datetime | None = None) -> date | None:
    """The end of what can be judged: the period's end, or the current week's Monday if
    the period is still running; None when nothing of it is over (a week in progress)."""
    open_monday = current_monday(now)
    if choice.kind == "W":
        return choice.end_local if choice.end_local <= open_monday else None
    end = min(choice.end_local, open_monday)
    return end if end > choice.start_local else None


def ladder(choice: PeriodChoice, end: date) -> list[Window]:
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
    choice: PeriodChoice,
    windows: list[Window],
    end: date,
    answer_filter: AnswerFilter,
) -> pd.DataFrame:
    """Counts by centre and block: weeks (labelled by their Monday) for a week view, else
    calendar months or quarters (labelled by their first day), each fetched whole so that
    only the days at its edges are counted from the answers, the rest from stored weeks."""
    labels = sorted({p for w in windows for p in (*w.periods, *w.previous)})
    if choice.kind == "W":
        part = replace(
            answer_filter,
            start=local_midnight_utc(date.fromisoformat(labels[0])),
            end=local_midnight_utc(end),
        )
        return fetch_answer_counts(session, part, by=["centre"], period="W")
    step = 3 if choice.kind == "Q" else 1
    parts = []
    for label in labels:
        first = date.fromisoformat(label)
        last = min(_month_start(first, step), end)
        part = replace(answer_filter, start=local_midnight_utc(first), end=local_midnight_utc(last))
        found = fetch_answer_counts(session, part, by=["centre"])
        parts.append(found.assign(period=label))
    return pd.concat(parts, ignore_index=True)


def judge(
    session: Session,
    choice: PeriodChoice,
    items: pd.DataFrame,
    *,
    centre_ids: Sequence[int] | None = None,
    channels: list[Channel] | None = None,
    now: datetime | None = None,
) -> dict[int, Judgement]:
    """Every centre with answers in the judged stretch, judged at its finest sound grain."""
    end = judging_end(choice, now)
    if end is None:
        return {}
    windows = ladder(choice, end)
    answer_filter = AnswerFilter(channels=channels, centre_ids=centre_ids)
    counts = _fetch(session, choice, windows, end, answer_filter)
    if counts.empty:
        return {}
    counts["period"] = counts["period"].astype(str)
    responses = (
        counts[counts["question"] == "overall.visit"].groupby(["centre", "period"])["n"].sum()
    )
    verdicts: dict[int, Judgement] = {}
    for centre in sorted({int(c) for c in counts["centre"]}):
        mine = responses.get(centre)
        n_of = {w.kind: int(mine[mine.index.isin(w.periods)].sum()) for w in windows}
        chosen = next((w for w in windows if n_of[w.kind] >= MIN_N), None)
        verdicts[centre] = Judgement(
            centre, chosen, n_of[chosen.kind] if chosen else n_of[windows[-1].kind]
        )
    for window in windows:
        judged = [c for c, v in verdicts.items() if v.window is window]
        if judged:
            _find(counts[counts["centre"].isin(judged)], items, window, verdicts)
    return verdicts


def _find(
    counts: pd.DataFrame, items: pd.DataFrame, window: Window, verdicts: dict[int, Judgement]
) -> None:
    """Run the early warnings on the window (beside the one before it) and file them."""
    if window.kind == "week":
        # A week keeps its weekly series, so the trend rule has its baseline.
        frame = counts[counts["period"] <= window.periods[-1]]
    else:
        label = dict.fromkeys(window.periods, "2-current") | dict.fromkeys(
            window.previous, "1-previous"
        )
        frame = counts.assign(period=counts["period"].map(label)).dropna(subset=["period"])
        frame = frame.groupby(["centre", "period", "question", "value"], dropna=False)
        frame = frame["n"].sum().reset_index()
    latest = window.periods[-1] if window.kind == "week" else "2-current"
    if (frame["period"] == latest).sum() == 0:
        return
    found = _warnings(frame, items, latest)
    upper = (
        {}
        if "severity" in found.columns or found.empty
        else _upper_bounds(frame[frame["period"] == latest], items)
    )
    for row in found.to_dict("records"):
        if int(row.get("n_current") or 0) < MIN_N:
            continue  # the analysis already holds to min n; kept here so no page can slip
        centre = int(row["centre"])
        severity = row.get("severity")
        if not isinstance(severity, str) or not severity:
            severity = _severity(row, upper.get((centre, str(row["component"]))))
        verdicts[centre].findings.append(
            Finding(str(row["component"]), str(row["reason"]), severity, row)
        )


def _warnings(frame: pd.DataFrame, items: pd.DataFrame, latest: str) -> pd.DataFrame:
    if frame["period"].nunique() < 2:
        # early_warnings judges the latest of at least two periods: give it an empty one.
        empty = frame.head(1).assign(period="0-none", n=0)
        frame = pd.concat([empty, frame], ignore_index=True)
    found = analysis.early_warnings(frame, items, unit="centre", period="period")
    return found[found["period"].astype(str) == latest]


def _upper_bounds(frame: pd.DataFrame, items: pd.DataFrame) -> dict[tuple[int, str], float]:
    """The 95 % interval's upper bound of every index, for the at-risk rule."""
    table = analysis.composite_indices(frame, items, by=["centre"], replicates=400, rng=0)
    return {
        (int(r.centre), str(r.component)): float(r.ci_high)
        for r in table.itertuples()
        if pd.notna(r.ci_high)
    }


def _severity(row: dict[str, object], upper: float | None) -> str:
    """At risk only on evidence: the most favourable reading is still under the target,
    or a drop or trend the analysis calls significant; a lower estimate alone is watched."""
    if row["reason"] == "below_target":
        return AT_RISK if upper is not None and upper < TARGET else WATCH
    return AT_RISK


def _month_start(day: date, shift: int) -> date:
    index = day.year * 12 + day.month - 1 + shift
    return date(index // 12, index % 12 + 1, 1)
