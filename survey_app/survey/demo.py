"""Synthetic SIPAS survey data: a sampled campaign and its answers. Realistic, never real.

Communes differ in quality, people differ in mood, and satisfaction answers follow an
ordered-logit model whose cut points put about 82 % of answers at 4 or 5, near the
published national figures. Everything comes from one seeded generator.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import numpy as np
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from survey_app.core.clock import LOCAL_TZ, today_local
from survey_app.core.periods import period_of, quarter
from survey_app.core.responses.questionnaires import latest_instrument
from survey_app.models import (
    Answer,
    CampaignStatus,
    Channel,
    Commune,
    CommuneKind,
    Question,
    Response,
    SurveyCampaign,
)
from survey_app.survey.campaigns import create_campaign, draw_sample
from survey_app.survey.pages import SURVEY_KEY

CUTS = np.array([-3.2, -2.2, -1.0, 1.1])
BATCH = 5000
INTEGRITY_KEYS = ("perception.harassment", "perception.extra_payment")


class SurveyDemoError(RuntimeError):
    """The database is not ready for survey demo data."""


@dataclass(frozen=True, slots=True)
class SurveyDemoSummary:
    """What one run added."""

    campaign_code: str
    open_campaign_code: str
    responses: int
    answers: int
    populations_set: int
    period: str  # of the campaign with the answers, e.g. "2026-Q3": what to report on


def seed_survey_demo(
    session: Session, *, margin: float = 0.02, communes: int = 16, seed: int = 2026
) -> SurveyDemoSummary:
    """A closed 2026-Q3 campaign with its answers, and an open 2026-Q4 one to try."""
    instrument = latest_instrument(session, SURVEY_KEY)
    if instrument is None:
        raise SurveyDemoError("no sipas_survey questionnaire: run `flask seed reference` first")
    rng = np.random.default_rng(seed)
    populations = _ensure_populations(session, rng)
    q3 = quarter(2026, 3)
    done = create_campaign(
        session,
        name="Khảo sát SIPAS quý III/2026 (dữ liệu mẫu)",
        period=q3.label,
        starts_on=q3.start_local,
        ends_on=q3.end_local - timedelta(days=1),
        margin=margin,
    )
    draw_sample(session, done, communes=communes, seed=seed)
    done.status = CampaignStatus.CLOSED
    now = today_local()
    live = create_campaign(
        session,
        name="Khảo sát SIPAS quý IV/2026 (dữ liệu mẫu)",
        period=period_of(now, "Q").label,
        starts_on=now - timedelta(days=14),
        ends_on=now + timedelta(days=30),
        margin=0.05,
    )
    draw_sample(session, live, communes=min(communes, 10), seed=seed + 1)
    live.status = CampaignStatus.OPEN
    questions = list(
        session.scalars(
            select(Question).filter_by(instrument_id=instrument.id, answer_type="scale")
        )
    )
    ids = _insert_responses(session, rng, done, instrument.id)
    answers = _insert_answers(session, rng, ids, questions)
    session.commit()
    return SurveyDemoSummary(done.code, live.code, len(ids), answers, populations, done.period)


def _ensure_populations(session: Session, rng: np.random.Generator) -> int:
    """Synthetic populations for communes that have none (a demo database only)."""
    missing = list(
        session.scalars(
            select(Commune).where(
                Commune.kind != CommuneKind.PROVINCE, Commune.population.is_(None)
            )
        )
    )
    for commune in missing:
        centre = 25_000 if commune.kind is CommuneKind.WARD else 11_000
        commune.population = int(centre * rng.lognormal(0.0, 0.35))
    session.flush()
    return len(missing)


def _insert_responses(
    session: Session, rng: np.random.Generator, campaign: SurveyCampaign, instrument_id: int
) -> list[tuple[int, int]]:
    """Responses in the campaign's window; returns (response id, commune index) pairs."""
    start = datetime.combine(campaign.starts_on, datetime.min.time(), tzinfo=LOCAL_TZ)
    days = (campaign.ends_on - campaign.starts_on).days + 1
    rows, commune_index = [], []
    for index, sampled in enumerate(campaign.communes):
        for _ in range(sampled.target):
            moment = start + timedelta(
                days=int(rng.integers(days)), minutes=int(rng.integers(7 * 60, 19 * 60))
            )
            online = rng.random() < 0.3
            rows.append(
                {
                    "submission_id": uuid.UUID(bytes=rng.bytes(16)).hex,
                    "instrument_id": instrument_id,
                    "commune_id": sampled.commune_id,
                    "centre_id": None,
                    "channel": Channel.SURVEY_ONLINE if online else Channel.SURVEY_PAPER,
                    "submitted_at": moment.astimezone(UTC),
                    "is_suspect": False,
                    "flags": [],
                }
            )
            commune_index.append(index)
    ids: list[int] = []
    for first in range(0, len(rows), BATCH):
        ids.extend(
            session.scalars(
                insert(Response).returning(Response.id, sort_by_parameter_order=True),
                rows[first : first + BATCH],
            )
        )
    return list(zip(ids, commune_index, strict=True))


def _insert_answers(
    session: Session,
    rng: np.random.Generator,
    responses: list[tuple[int, int]],
    questions: list[Question],
) -> int:
    n = len(responses)
    communes = 1 + max((c for _, c in responses), default=0)
    level = rng.normal(0.4, 0.5, communes)[[c for _, c in responses]] + rng.normal(0.0, 0.8, n)
    rows: list[dict[str, object]] = []
    for question in questions:
        values = np.array(question.allowed_values or [], dtype=np.int64)
        if values.size == 0:
            continue
        if question.family in ("service", "policy"):
            latent = level + rng.normal(0.0, 0.3) + rng.logistic(0.0, 0.6, n)
            drawn = 1 + (latent[:, None] > CUTS).sum(axis=1)
        else:
            # Lower options more often for integrity questions, as the national results show.
            power = 3 if question.key in INTEGRITY_KEYS else 1
            weights = np.linspace(1.0, 0.15, values.size) ** power
            if question.family == "needs":
                weights = weights[::-1]  # most people want things to get better
            drawn = rng.choice(values, n, p=weights / weights.sum())
        blank = rng.random(n) < 0.03
        for (response_id, _), value, skip in zip(responses, drawn, blank, strict=True):
            if not skip:
                rows.append(
                    {"response_id": response_id, "question_id": question.id, "value": int(value)}
                )
    for first in range(0, len(rows), BATCH * 4):
        session.execute(insert(Answer), rows[first : first + BATCH * 4])
    return len(rows)
