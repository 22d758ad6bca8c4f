"""The SIPAS report's figures: counts from ``survey_app.reporting``, statistics from ``analysis``.

Nothing here computes an index itself: the database counts answers (GROUP BY), the
analysis library turns counts into indices, shares and intervals, and the workbook
writer only lays the frames out.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from analysis import (
    SipasMethod,
    composite_indices,
    cronbach_alpha,
    driver_analysis,
    fix_first,
    integrity_shares,
    option_shares,
    sipas_indices,
)
from survey_app.core.periods import Period, PeriodKind, parse_period
from survey_app.core.report_jobs import N_
from survey_app.core.responses.questionnaires import PULSE_KEY, current_questionnaire
from survey_app.models import Centre, Channel, Commune
from survey_app.reporting import (
    AnswerFilter,
    fetch_answer_counts,
    fetch_answer_patterns,
    fetch_items,
    fetch_response_counts,
)
from survey_app.reporting.one_stop import CentreOneStop, fetch_centres_one_stop
from survey_app.survey.pages import SURVEY_KEY

REPORT_PERIODS: tuple[PeriodKind, ...] = ("M", "Q", "Y")  # a report is about months or more
INTEGRITY_QUESTIONS = ("perception.harassment", "perception.extra_payment")


@dataclass(frozen=True)
class SipasReport:
    """Every table of the workbook, as tidy frames straight from ``analysis``."""

    period: Period
    method: SipasMethod
    replicates: int
    seed: int
    responses: dict[str, int]  # survey responses by channel value
    pulse_responses: int
    indices: pd.DataFrame  # survey, province-wide: items and composites
    by_commune: pd.DataFrame  # survey composites per commune, with ``responses``
    by_centre: pd.DataFrame  # visit pulse per centre, with ``responses``
    pulse_integrity: pd.DataFrame  # visit pulse, province-wide ("" centre) and per centre
    survey_integrity: pd.DataFrame  # survey perception shares
    needs: pd.DataFrame
    perceptions: pd.DataFrame
    labels: dict[str, str]  # question key -> Vietnamese wording
    options: dict[str, dict[int, str]]  # question key -> value -> Vietnamese label
    # Cronbach's alpha per factor of the survey (method sheet).
    reliability: pd.DataFrame = field(default_factory=pd.DataFrame)
    # Visit pulse, province-wide: which factor moves overall satisfaction (factor sheet).
    drivers: pd.DataFrame = field(default_factory=pd.DataFrame)
    drivers_fit: tuple[float, int] = (float("nan"), 0)  # R², respondents
    # The one-stop system's dossier figures per centre (one-stop sheet).
    one_stop: list[CentreOneStop] = field(default_factory=list)


# The steps of building the report, as msgids translated when a job page shows them.
DATA_STEPS = (
    N_("Đếm câu trả lời trong kỳ"),
    N_("Phân tích yếu tố tác động đến mức hài lòng"),
    N_("Tính chỉ số toàn tỉnh và khoảng tin cậy (bootstrap)"),
    N_("Tính chỉ số theo xã, phường (bootstrap)"),
    N_("Tính chỉ số theo trung tâm (bootstrap)"),
    N_("Tổng hợp liêm chính, nhu cầu, nhận định và hệ thống một cửa"),
)


def build_sipas_report(
    session: Session,
    period_label: str,
    *,
    replicates: int = 1000,
    seed: int = 2026,
    step: Callable[[str], None] = lambda _label: None,
) -> SipasReport:
    """Count, then compute every figure of the report for ``period_label``.

    ``step`` is told each of ``DATA_STEPS`` as it starts (a job's progress).
    """
    period = parse_period(period_label, REPORT_PERIODS)
    method = SipasMethod()
    survey = AnswerFilter(instrument_key=SURVEY_KEY, start=period.start_utc, end=period.end_utc)
    pulse = AnswerFilter(instrument_key=PULSE_KEY, start=period.start_utc, end=period.end_utc)
    step(DATA_STEPS[0])
    items = fetch_items(session, SURVEY_KEY)
    counts = fetch_answer_counts(session, survey)
    # Respondent-level patterns (every survey respondent is one): honest intervals for
    # the composites, and the data for Cronbach's alpha and the driver analysis.
    patterns = fetch_answer_patterns(session, survey)
    pulse_patterns = fetch_answer_patterns(session, pulse)
    pulse_items = fetch_items(session, PULSE_KEY)
    responses = _by_channel(session, survey)
    pulse_responses = _total(fetch_response_counts(session, pulse))
    step(DATA_STEPS[1])
    drivers, fit = _drivers(pulse_patterns, pulse_items, method, seed)
    reliability = _reliability(patterns, items, method)
    step(DATA_STEPS[2])
    indices = sipas_indices(
        counts, items, method=method, replicates=replicates, rng=seed, patterns=patterns
    )
    step(DATA_STEPS[3])
    by_commune = _by_commune(
        session, survey, items, method=method, replicates=replicates, seed=seed
    )
    step(DATA_STEPS[4])
    by_centre = _by_centre(session, pulse, method, replicates, seed)
    step(DATA_STEPS[5])
    options = _options(session)
    shares: dict[str, Any] = {"options": options, "min_n": method.min_n}
    perception_keys = [
        q for q in options if q.startswith("perception.") and q not in INTEGRITY_QUESTIONS
    ]
    return SipasReport(
        period=period,
        method=method,
        replicates=replicates,
        seed=seed,
        responses=responses,
        pulse_responses=pulse_responses,
        indices=indices,
        by_commune=by_commune,
        by_centre=by_centre,
        pulse_integrity=_pulse_integrity(session, pulse, method),
        survey_integrity=option_shares(counts, questions=INTEGRITY_QUESTIONS, **shares),
        needs=option_shares(
            counts, questions=[q for q in options if q.startswith("needs.")], **shares
        ),
        perceptions=option_shares(counts, questions=perception_keys, **shares),
        labels=_labels(session),
        options=options,
        reliability=reliability,
        drivers=drivers,
        drivers_fit=fit,
        one_stop=fetch_centres_one_stop(session, period),
    )


def respondents(patterns: pd.DataFrame) -> pd.DataFrame:
    """One row per respondent (patterns repeated ``n`` times), answers as float."""
    wide = patterns.loc[patterns.index.repeat(patterns["n"])].drop(columns="n")
    return wide.astype("float64").reset_index(drop=True)


def _reliability(patterns: pd.DataFrame, items: pd.DataFrame, method: SipasMethod) -> pd.DataFrame:
    if patterns.empty:
        return pd.DataFrame()
    try:
        return cronbach_alpha(respondents(patterns), items, method=method)
    except ValueError:  # too few respondents answered every item of any factor
        return pd.DataFrame()


def _drivers(
    patterns: pd.DataFrame, items: pd.DataFrame, method: SipasMethod, seed: int
) -> tuple[pd.DataFrame, tuple[float, int]]:
    """Driver analysis (Shapley shares of R²) beside "what to fix first", one row a factor."""
    outcome = "overall.visit"
    if patterns.empty or outcome not in patterns:
        return pd.DataFrame(), (float("nan"), 0)
    try:
        result = driver_analysis(respondents(patterns), items, outcome, method=method)
    except ValueError:
        return pd.DataFrame(), (float("nan"), 0)
    first = fix_first(patterns, None, items=items, min_n=method.min_n, rng=seed)
    table = result.table.merge(
        first[["factor", "n", "share_dissatisfied", "gain", "priority", "ci_low", "ci_high"]],
        on="factor",
        how="left",
    )
    return table.sort_values("priority", ascending=False, kind="stable"), (
        result.r_squared,
        result.n,
    )


def _total(frame: pd.DataFrame) -> int:
    return int(frame["responses"].sum()) if not frame.empty else 0


def _by_channel(session: Session, survey: AnswerFilter) -> dict[str, int]:
    frame = fetch_response_counts(session, survey, by=["channel"])
    return {
        Channel(c).value: int(n) for c, n in zip(frame["channel"], frame["responses"], strict=True)
    }


def _by_commune(
    session: Session,
    survey: AnswerFilter,
    items: pd.DataFrame,
    *,
    method: SipasMethod,
    replicates: int,
    seed: int,
) -> pd.DataFrame:
    counts = fetch_answer_counts(session, survey, by=["commune"])
    frame = composite_indices(
        counts,
        items,
        by="commune",
        method=method,
        replicates=replicates,
        rng=seed,
        patterns=fetch_answer_patterns(session, survey, by=["commune"]),
    )
    keep = (frame["level"] == "index") | (
        (frame["level"] == "factor") & (frame["family"] == "service")
    )
    responses = fetch_response_counts(session, survey, by=["commune"])
    names = dict(session.execute(select(Commune.id, Commune.name)).all())
    return _named(frame.loc[keep], responses, "commune", names)


def _by_centre(
    session: Session, pulse: AnswerFilter, method: SipasMethod, replicates: int, seed: int
) -> pd.DataFrame:
    counts = fetch_answer_counts(session, pulse, by=["centre"])
    frame = sipas_indices(
        counts,
        fetch_items(session, PULSE_KEY),
        by="centre",
        method=method,
        replicates=replicates,
        rng=seed,
        patterns=fetch_answer_patterns(session, pulse, by=["centre"]),
    )
    # The pulse has one question per factor: its factor rows carry the figures; the
    # overall question is reported beside them as an item.
    keep = (frame["level"] != "item") | (frame["family"] == "overall")
    responses = fetch_response_counts(session, pulse, by=["centre"])
    names = dict(session.execute(select(Centre.id, Centre.name)).all())
    return _named(frame.loc[keep], responses, "centre", names)


def _named(
    frame: pd.DataFrame, responses: pd.DataFrame, unit: str, names: dict[int, str]
) -> pd.DataFrame:
    counted = dict(zip(responses[unit], responses["responses"], strict=True))
    frame = frame.assign(
        name=frame[unit].map(names),
        responses=frame[unit].map(counted).fillna(0).astype(int),
    )
    return frame.sort_values(["name", unit], kind="stable").reset_index(drop=True)


def _pulse_integrity(session: Session, pulse: AnswerFilter, method: SipasMethod) -> pd.DataFrame:
    overall = integrity_shares(fetch_answer_counts(session, pulse), min_n=method.min_n)
    per_centre = integrity_shares(
        fetch_answer_counts(session, pulse, by=["centre"]), by="centre", min_n=method.min_n
    )
    names = dict(session.execute(select(Centre.id, Centre.name)).all())
    # pandas-stubs leave pd.NA out of what assign() takes; pandas fills the column with it.
    overall = overall.assign(centre=pd.NA, name="Toàn tỉnh")  # type: ignore[arg-type]
    per_centre = per_centre.assign(name=per_centre["centre"].map(names)).sort_values(
        ["name", "indicator"], kind="stable"
    )
    return pd.concat([overall, per_centre], ignore_index=True)


def _labels(session: Session) -> dict[str, str]:
    labels = {}
    for key in (PULSE_KEY, SURVEY_KEY):
        labels.update(
            {q.key: q.label for q in current_questionnaire(session, key).questions_in("vi")}
        )
    return labels


def _options(session: Session) -> dict[str, dict[int, str]]:
    """Answer labels of the survey's scale questions that are reported as shares."""
    questions = current_questionnaire(session, SURVEY_KEY).questions_in("vi")
    return {
        q.key: {int(c.value): c.label for c in q.choices}
        for q in questions
        if q.choices and q.key.split(".")[0] in ("perception", "needs")
    }
