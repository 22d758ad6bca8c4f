"""A centre's week, as its manager reads it on Monday.

Everything comes from a few GROUP BY queries (survey_app.reporting) and the analysis
library; no answer row is loaded except the week's comments.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

import analysis
from survey_app.core import periods
from survey_app.core.clock import LOCAL_TZ, now_local
from survey_app.core.indicator_labels import INDICATORS, PULSE_ORDER, component_label
from survey_app.core.masking import mask_personal_data
from survey_app.core.weeks import local_midnight_utc, week_labels
from survey_app.manage.priorities import Advice, first_things
from survey_app.manage.words import reasons_of, why_coarser, window_words
from survey_app.models import Answer, Centre, Complaint, ComplaintStatus, Question, Response
from survey_app.reporting import AnswerFilter, fetch_answer_counts, fetch_items
from survey_app.reporting.centre_figures import pulse_table
from survey_app.reporting.complaints import OnTimeRate, on_time_rates
from survey_app.reporting.dossiers import HandledDossiers, fetch_handled_dossiers
from survey_app.reporting.judging import Reason, judge, judging_end
from survey_app.reporting.one_stop import OneStopTotals, fetch_period_totals
from survey_app.reporting.rows import rows_of

TREND_WEEKS = 12
# "Dissatisfied" or "very dissatisfied" with the visit overall: a comment to read first.
UNHAPPY_AT_MOST = 2
OPEN_STATUSES = (
    ComplaintStatus.RECEIVED,
    ComplaintStatus.CLASSIFIED,
    ComplaintStatus.ASSIGNED,
    ComplaintStatus.IN_PROGRESS,
)


@dataclass(frozen=True, slots=True)
class IndexRow:
    """One index or factor this week, beside last week and the province."""

    key: str
    label: str
    n: int
    index: float | None
    ci_low: float | None
    ci_high: float | None
    previous: float | None
    change: float | None
    significant: bool
    province: float | None


@dataclass(frozen=True, slots=True)
class ShareRow:
    """One integrity indicator: the share of answers reporting the problem."""

    key: str
    label: str
    n: int
    chosen: int
    share: float | None
    ci_low: float | None
    ci_high: float | None


@dataclass(frozen=True, slots=True)
class Comment:
    """A citizen's comment, masked, and whether they were dissatisfied with the visit."""

    at: datetime
    text: str
    unhappy: bool


@dataclass(frozen=True, slots=True)
class CentreWeek:
    """Everything the week page and the Monday digest show for one centre."""

    centre: Centre
    week: date
    weeks: list[str]
    responses_by_week: list[int]
    rows: list[IndexRow]
    trend: pd.DataFrame
    shares: list[ShareRow]
    warnings: list[Reason]
    comments: list[Comment]
    open_complaints: list[Complaint]
    overdue_complaints: list[Complaint] = field(default_factory=list)
    handled: HandledDossiers | None = None  # dossiers received, and from which source
    one_stop: OneStopTotals | None = None  # the one-stop system's figures for the week
    complaints_on_time: OnTimeRate | None = None
    judged_on: str | None = None  # the stretch the warnings are about, in words
    coarser: str | None = None  # why it is longer than the week, if it is
    judged: bool = True  # False: the week is not over, or too few answers even over 13 weeks
    judged_n: int = 0
    week_over: bool = True
    first: list[Advice] = field(default_factory=list)  # what to fix first, integrity

    @property
    def responses(self) -> int:
        """Responses this week (suspect ones left out)."""
        return self.responses_by_week[-1]

    @property
    def unhappy_comments(self) -> list[Comment]:
        """The comments of citizens dissatisfied with the visit."""
        return [c for c in self.comments if c.unhappy]

    @property
    def dossiers(self) -> int | None:
        """Dossiers received this week, by the one-stop system or typed in; None if neither."""
        return self.handled.dossiers if self.handled is not None else None

    @property
    def citizens_supplemented(self) -> ShareRow | None:
        """What citizens said about supplementing more than once, beside the system's count."""
        return next((s for s in self.shares if s.key == "multiple_supplements"), None)

    @property
    def response_rate(self) -> float | None:
        """Ratings per dossier received, in percent; None until the count is entered, and
        None when there are more ratings than dossiers (see ``more_ratings_than_dossiers``)."""
        if not self.dossiers or self.more_ratings_than_dossiers:
            return None
        return 100.0 * self.responses / self.dossiers

    @property
    def more_ratings_than_dossiers(self) -> bool:
        """More ratings than dossiers received this week.

        Ratings come from the poster QR and the kiosk too, not only from dossier receipts,
        so the ratio is then no share of dossiers: the page shows both counts instead.
        """
        return bool(self.dossiers) and self.responses > (self.dossiers or 0)


def centre_counts(
    session: Session, centre: Centre, week: date
) -> tuple[list[str], pd.DataFrame, pd.DataFrame]:
    """Week labels, the centre's weekly answer counts over the trend window, and the items."""
    start = local_midnight_utc(week - timedelta(weeks=TREND_WEEKS - 1))
    end = local_midnight_utc(week + timedelta(weeks=1))
    counts = fetch_answer_counts(
        session,
        AnswerFilter(centre_ids=[centre.id], start=start, end=end),
        by=["centre"],
        period="W",
    )
    return week_labels(week, TREND_WEEKS), counts, fetch_items(session)


def centre_trend(session: Session, centre: Centre, week: date) -> tuple[list[str], pd.DataFrame]:
    """Only what the charts need: week labels and the weekly index table."""
    labels, counts, items = centre_counts(session, centre, week)
    return labels, pulse_table(counts, items)


def province_trend(session: Session, week: date) -> tuple[list[str], pd.DataFrame]:
    """The province's twelve weeks to ``week``: every centre's answers counted together."""
    start = local_midnight_utc(week - timedelta(weeks=TREND_WEEKS - 1))
    end = local_midnight_utc(week + timedelta(weeks=1))
    counts = fetch_answer_counts(session, AnswerFilter(start=start, end=end), period="W")
    table = pulse_table(counts.assign(centre=0), fetch_items(session))
    return week_labels(week, TREND_WEEKS), table


def build_centre_week(session: Session, centre: Centre, week: date) -> CentreWeek:
    """The summary of ``centre`` for the week starting on Monday ``week``."""
    labels, mine, items = centre_counts(session, centre, week)
    end = local_midnight_utc(week + timedelta(weeks=1))
    province = fetch_answer_counts(
        session, AnswerFilter(start=local_midnight_utc(week), end=end), period="W"
    )
    table = pulse_table(mine, items)
    this_week = week.isoformat()
    previous_week = (week - timedelta(weeks=1)).isoformat()
    changes = _changes(mine, items, this_week)
    province_index = pulse_table(province.assign(centre=0), items)
    rows = [
        IndexRow(
            key=key,
            label=component_label(key),
            n=int(_cell(table, this_week, key, "n") or 0),
            index=_cell(table, this_week, key, "index"),
            ci_low=_cell(table, this_week, key, "ci_low"),
            ci_high=_cell(table, this_week, key, "ci_high"),
            previous=_cell(table, previous_week, key, "index"),
            change=changes.get(key, (None, False))[0],
            significant=changes.get(key, (None, False))[1],
            province=_cell(province_index, this_week, key, "index"),
        )
        for key in PULSE_ORDER
    ]
    return CentreWeek(
        centre=centre,
        week=week,
        weeks=labels,
        responses_by_week=_responses_by_week(mine, labels),
        rows=rows,
        trend=table,
        shares=_shares(mine, this_week),
        **judge_centre(session, centre, periods.week(week), items),
        comments=comments_between(session, centre, local_midnight_utc(week), end),
        open_complaints=open_complaints(session, centre, overdue=False),
        overdue_complaints=open_complaints(session, centre, overdue=True),
        handled=fetch_handled_dossiers(session, [centre.id], [week]).get((centre.id, week)),
        one_stop=fetch_period_totals(session, [centre.id], periods.week(week)).get(centre.id),
        complaints_on_time=next(
            iter(
                on_time_rates(
                    session,
                    local_midnight_utc(week - timedelta(weeks=TREND_WEEKS - 1)),
                    end,
                    [centre.id],
                )
            ),
            None,
        ),
    )


def _cell(table: pd.DataFrame, period: str, component: str, column: str) -> float | None:
    match = table[(table["period"] == period) & (table["component"] == component)]
    if match.empty:
        return None
    value = match.iloc[0][column]
    return (
        None if value is None or (isinstance(value, float) and math.isnan(value)) else float(value)
    )


def _changes(counts: pd.DataFrame, items: pd.DataFrame, week: str) -> dict[str, tuple[float, bool]]:
    """Change against the previous week with data, and whether it is significant (BH)."""
    if counts.empty:
        return {}
    # Only the latest week is tested, so the correction covers just the cells a reader sees.
    tests = analysis.period_change(counts, items, unit="centre", period="period", latest_only=True)
    latest = tests[tests["period"].astype(str) == week]
    found: dict[str, tuple[float, bool]] = {}
    for row in rows_of(latest):
        key = "overall" if row.component == "overall.visit" else row.component
        # Below the minimum n on either side there is no test and no change worth showing.
        if key in PULSE_ORDER and row.tested:
            found[key] = (float(row.difference), bool(row.significant))
    return found


def _responses_by_week(counts: pd.DataFrame, labels: list[str]) -> list[int]:
    # Every response answers the overall question, so its answer count is the response count.
    overall = counts[counts["question"] == "overall.visit"]
    per_week = overall.groupby(overall["period"].astype(str))["n"].sum()
    return [int(per_week.get(label, 0)) for label in labels]


def _shares(counts: pd.DataFrame, week: str) -> list[ShareRow]:
    if counts.empty:
        return []
    shares = analysis.integrity_shares(counts, by=["centre", "period"])
    shares = shares[shares["period"].astype(str) == week]
    return [
        ShareRow(
            key=row.indicator,
            label=str(INDICATORS.get(row.indicator, row.indicator)),
            n=int(row.n),
            chosen=int(row.n_chosen),
            share=None if row.too_few else float(row.share),
            ci_low=None if row.too_few else float(row.ci_low),
            ci_high=None if row.too_few else float(row.ci_high),
        )
        for row in rows_of(shares)
    ]


def judge_centre(
    session: Session, centre: Centre, choice: periods.Period, items: pd.DataFrame
) -> dict:
    """The period's warnings and what to fix first (on a longer stretch when it has too few
    answers), in words: the week page's and the month page's, judged by reporting."""
    if judging_end(choice) is None:
        return {"warnings": [], "judged": False, "week_over": False}
    verdict = judge(session, choice, items, centre_ids=[centre.id], with_fix_first=True).get(
        centre.id
    )
    if verdict is None or verdict.window is None:
        return {"warnings": [], "judged": False, "judged_n": verdict.n if verdict else 0}
    span = window_words(verdict.window)
    return {
        "warnings": reasons_of(verdict),
        "first": first_things(verdict, span),
        "judged_on": span,
        "coarser": why_coarser(verdict.window),
        "judged_n": verdict.n,
    }


def comments_between(
    session: Session, centre: Centre, start: datetime, end: datetime
) -> list[Comment]:
    overall_answer, overall_question = aliased(Answer), aliased(Question)
    overall = (
        select(overall_answer.value)
        .join(overall_question, overall_question.id == overall_answer.question_id)
        .where(overall_answer.response_id == Response.id, overall_question.key == "overall.visit")
        .limit(1)
        .scalar_subquery()
    )
    rows = session.execute(
        select(Response.submitted_at, Answer.text, overall)
        .join(Answer, Answer.response_id == Response.id)
        .join(Question, Question.id == Answer.question_id)
        .where(
            Response.centre_id == centre.id,
            Response.submitted_at >= start,
            Response.submitted_at < end,
            Response.is_suspect.is_(False),
            Question.answer_type == "text",
            Answer.text.is_not(None),
        )
        .order_by(Response.submitted_at.desc())
        .limit(200)
    ).all()
    # Masked here, once, so no page or e-mail can show a comment unmasked by mistake.
    return [
        Comment(
            at.astimezone(LOCAL_TZ),
            mask_personal_data(text),
            rating is not None and rating <= UNHAPPY_AT_MOST,
        )
        for at, text, rating in rows
        if text is not None
    ]


def open_complaints(session: Session, centre: Centre, *, overdue: bool) -> list[Complaint]:
    """The centre's open complaints now (only the overdue ones if ``overdue``), oldest first."""
    statement = select(Complaint).where(
        Complaint.centre_id == centre.id, Complaint.status.in_(OPEN_STATUSES)
    )
    if overdue:
        statement = statement.where(Complaint.due_at < now_local())
    return list(session.scalars(statement.order_by(Complaint.received_at).limit(50)))
