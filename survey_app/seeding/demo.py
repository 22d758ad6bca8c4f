"""Synthetic demo data that looks like a real province's: realistic, never real.

Centres differ in quality and size, a few decline over the weeks, visits follow office
hours and weekdays, integrity answers go with the ratings, some people comment (about
what they rated worst or best, ``demo_comments``) and a few complain. Everything comes
from one seeded generator, so a demo is reproducible.
"""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import numpy as np
from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from survey_app.complaints.intake import new_tracking_code
from survey_app.core.clock import LOCAL_TZ, today_local
from survey_app.core.deadlines import DeadlineRules, local_date
from survey_app.core.passwords import hash_secret
from survey_app.core.responses.questionnaires import latest_instrument
from survey_app.core.rollup import invalidate_all
from survey_app.models import (
    Answer,
    Centre,
    Channel,
    Commune,
    CommuneKind,
    Complaint,
    ComplaintStatus,
    Counter,
    Response,
    ServiceField,
)
from survey_app.seeding.demo_comments import compose_comment
from survey_app.seeding.demo_complaints import demo_handlers, draw_outcome, progress
from survey_app.seeding.demo_text import COMPLAINTS

SERVICE_FACTORS = ("access", "procedure", "staff", "result", "feedback")
# Cut points of an ordered-logit model. An answer is 4 or 5 (satisfied) when the latent
# score passes -1.0; a visit's noise (person and item) has a spread of about 1.35, so a
# centre at level 0.6 has about 88 % of answers 4 or 5, like the province's SIPAS
# figures (85–90 %), and one at 0.14 has 80 %, the target.
CUTS = np.array([-3.2, -2.2, -1.0, 1.1])
QUALITY_GOOD = (0.6, 0.15)  # mean and spread of most centres: about 84–92 % satisfied
QUALITY_TARGET = (-0.05, 0.25)  # the few centres near the target: about 76–82 %
NEAR_TARGET = 5
FACTOR_SPREAD = 0.18  # a centre's factors differ a little around its level
WEEKDAY_WEIGHTS = np.array([1.25, 1.1, 1.0, 1.0, 0.95, 0.3, 0.0])
CHANNELS = (Channel.POSTER_QR, Channel.RECEIPT_CODE, Channel.KIOSK, Channel.PAPER)
CHANNEL_WEIGHTS = (0.55, 0.25, 0.12, 0.08)
BATCH = 5000


class DemoDataError(RuntimeError):
    """The database is not ready for demo data."""


@dataclass(frozen=True, slots=True)
class DemoSummary:
    """What one run of the demo generator added."""

    responses: int
    answers: int
    complaints: int
    counters: int
    declining_centres: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _Centres:
    ids: np.ndarray
    commune_ids: np.ndarray
    keys: list[str]
    weekly_volume: np.ndarray
    quality: np.ndarray
    factor_offsets: np.ndarray
    decline: np.ndarray


def has_demo_data(session: Session) -> bool:
    """True when any response is stored already."""
    return bool(session.scalar(select(func.count()).select_from(Response)))


def seed_demo(
    session: Session, *, weeks: int = 12, seed: int = 2026, end: date | None = None
) -> DemoSummary:
    """Add ``weeks`` weeks of visit feedback ending with the week before ``end``."""
    if weeks < 1:
        raise ValueError("weeks must be at least 1")
    instrument = latest_instrument(session, "visit_pulse")
    if instrument is None:
        raise DemoDataError("no visit_pulse questionnaire: run `flask seed reference` first")
    rng = np.random.default_rng(seed)
    centres = _draw_centres(session, rng)
    counters = _ensure_counters(session, rng)
    questions = {q.key: q.id for q in instrument.questions}
    field_ids = np.array(session.scalars(select(ServiceField.id)).all())
    first_monday = _first_monday(end or today_local(), weeks)

    responses = answers = 0
    complaint_rows: list[tuple[int, int, int]] = []
    for week in range(weeks):
        week_start = first_monday + timedelta(weeks=week)
        batch = _draw_week(rng, centres, week, weeks, week_start)
        batch["field"] = np.where(
            rng.random(batch["n"]) < 0.6, rng.choice(field_ids, batch["n"]), 0
        )
        ids = _insert_responses(session, rng, batch, instrument.id, counters)
        answers += _insert_answers(session, rng, ids, batch, questions)
        complaint_rows.extend(_pick_complaints(rng, ids, batch))
        responses += len(ids)
    complaints = _insert_complaints(session, rng, complaint_rows, end or today_local())
    # Bulk inserts bypass save_submission, so the stored weekly counts are dropped here.
    invalidate_all(session)
    session.commit()
    declining = tuple(k for k, d in zip(centres.keys, centres.decline, strict=True) if d > 0)
    return DemoSummary(responses, answers, complaints, counters_count(counters), declining)


def counters_count(counters: dict[int, list[int]]) -> int:
    """How many counters the demo centres have."""
    return sum(len(v) for v in counters.values())


def _first_monday(end: date, weeks: int) -> date:
    this_monday = end - timedelta(days=end.weekday())
    return this_monday - timedelta(weeks=weeks)


def _draw_centres(session: Session, rng: np.random.Generator) -> _Centres:
    rows = session.execute(
        select(Centre.id, Centre.commune_id, Centre.key, Commune.kind)
        .join(Commune)
        .order_by(Centre.id)
    ).all()
    if not rows:
        raise DemoDataError("no centres: run `flask seed reference` first")
    size = {CommuneKind.PROVINCE: 130.0, CommuneKind.WARD: 70.0, CommuneKind.COMMUNE: 30.0}
    base = np.array([size[r.kind] for r in rows])
    n = len(rows)
    decline = np.zeros(n)
    # A few communes slip over the period, so early warnings have something to find: from a
    # normal level to well under the target (about 50–67 % in the last week).
    # (The slopes are drawn before the centres, so a seed picks the same four as before.)
    slopes = rng.uniform(1.0, 1.6, min(4, n - 1))
    decliners = rng.choice(np.arange(1, n), size=len(slopes), replace=False)
    decline[decliners] = slopes
    quality = rng.normal(*QUALITY_GOOD, n)
    # A handful of others sit near the target, a little over or under it, all along.
    others = np.setdiff1d(np.arange(1, n), decliners)
    near = rng.choice(others, size=min(NEAR_TARGET, len(others)), replace=False)
    quality[near] = rng.uniform(*QUALITY_TARGET, len(near))
    return _Centres(
        ids=np.array([r.id for r in rows]),
        commune_ids=np.array([r.commune_id for r in rows]),
        keys=[r.key for r in rows],
        weekly_volume=base * rng.lognormal(0.0, 0.25, n),
        quality=quality,
        factor_offsets=rng.normal(0.0, FACTOR_SPREAD, (n, len(SERVICE_FACTORS))),
        decline=decline,
    )


def _ensure_counters(session: Session, rng: np.random.Generator) -> dict[int, list[int]]:
    existing: dict[int, list[int]] = {}
    for counter in session.scalars(select(Counter)):
        existing.setdefault(counter.centre_id, []).append(counter.id)
    for centre in session.scalars(select(Centre)):
        if centre.id in existing:
            continue
        how_many = 8 if centre.key == "tinh" else int(rng.integers(2, 6))
        centre.counters = [Counter(number=i, name=f"Quầy {i}") for i in range(1, how_many + 1)]
    session.flush()
    for counter in session.scalars(select(Counter)):
        existing.setdefault(counter.centre_id, [])
        if counter.id not in existing[counter.centre_id]:
            existing[counter.centre_id].append(counter.id)
    return existing


def _draw_week(
    rng: np.random.Generator, centres: _Centres, week: int, weeks: int, monday: date
) -> dict[str, np.ndarray]:
    counts = rng.poisson(centres.weekly_volume)
    centre_idx = np.repeat(np.arange(len(counts)), counts)
    n = len(centre_idx)
    progress = week / max(weeks - 1, 1)
    level = centres.quality[centre_idx] - centres.decline[centre_idx] * progress
    person = rng.normal(0.0, 0.8, n)
    latent = (
        level[:, None]
        + centres.factor_offsets[centre_idx]
        + person[:, None]
        + rng.logistic(0.0, 0.6, (n, len(SERVICE_FACTORS)))
    )
    scores = 1 + (latent[:, :, None] > CUTS).sum(axis=2)
    overall_latent = latent.mean(axis=1) + rng.logistic(0.0, 0.4, n)
    overall = 1 + (overall_latent[:, None] > CUTS).sum(axis=1)
    return {
        "n": np.int64(n),
        "centre": centre_idx,
        "centre_id": centres.ids[centre_idx],
        "commune_id": centres.commune_ids[centre_idx],
        "scores": scores,
        "overall": overall,
        "submitted_at": _draw_times(rng, n, monday),
        "channel": rng.choice(len(CHANNELS), n, p=CHANNEL_WEIGHTS),
    }


def _draw_times(rng: np.random.Generator, n: int, monday: date) -> list[datetime]:
    days = rng.choice(7, n, p=WEEKDAY_WEIGHTS / WEEKDAY_WEIGHTS.sum())
    morning = rng.random(n) < np.where(days == 5, 1.0, 0.58)
    minutes = np.where(
        morning,
        rng.integers(7 * 60 + 30, 11 * 60 + 45, n),
        rng.integers(13 * 60 + 30, 17 * 60 + 15, n),
    )
    start = datetime(monday.year, monday.month, monday.day, tzinfo=LOCAL_TZ)
    return [
        (start + timedelta(days=int(d), minutes=int(m), seconds=int(s))).astimezone(UTC)
        for d, m, s in zip(days, minutes, rng.integers(0, 60, n), strict=True)
    ]


def _insert_responses(
    session: Session,
    rng: np.random.Generator,
    batch: dict[str, np.ndarray],
    instrument_id: int,
    counters: dict[int, list[int]],
) -> list[int]:
    rows = []
    for i in range(int(batch["n"])):
        centre_id = int(batch["centre_id"][i])
        channel = CHANNELS[int(batch["channel"][i])]
        centre_counters = counters.get(centre_id, [])
        on_counter = channel is Channel.POSTER_QR and centre_counters and rng.random() < 0.7
        rows.append(
            {
                "submission_id": uuid.UUID(bytes=rng.bytes(16)).hex,
                "instrument_id": instrument_id,
                "commune_id": int(batch["commune_id"][i]),
                "centre_id": centre_id,
                "counter_id": int(rng.choice(centre_counters)) if on_counter else None,
                "service_field_id": int(batch["field"][i]) or None,
                "channel": channel,
                "submitted_at": batch["submitted_at"][i],
                "is_suspect": False,
                "flags": [],
            }
        )
    ids: list[int] = []
    for start in range(0, len(rows), BATCH):
        chunk = rows[start : start + BATCH]
        ids.extend(
            session.scalars(
                insert(Response).returning(Response.id, sort_by_parameter_order=True), chunk
            )
        )
    return ids


def _insert_answers(
    session: Session,
    rng: np.random.Generator,
    ids: list[int],
    batch: dict[str, np.ndarray],
    questions: dict[str, int],
) -> int:
    scores, overall = batch["scores"], batch["overall"]
    n = len(ids)
    staff, procedure, result = scores[:, 2], scores[:, 1], scores[:, 3]
    # Rare, as in the national SIPAS (about 1 % report harassment, fewer extra payments),
    # and more common where visitors rate the staff or the procedure badly.
    harassment = 1 + (rng.random(n) < np.where(staff <= 2, 0.07, 0.002))
    extra_payment = 1 + (rng.random(n) < np.where(procedure <= 2, 0.04, 0.001))
    supplement_p = np.where(
        procedure[:, None] <= 2, [0.45, 0.3, 0.17, 0.08], [0.72, 0.22, 0.045, 0.015]
    )
    supplements = (rng.random(n)[:, None] > supplement_p.cumsum(axis=1)).sum(axis=1)
    on_time = np.where(
        rng.random(n) < 0.07, 3, np.where(rng.random(n) < np.where(result <= 2, 0.35, 0.05), 2, 1)
    )
    # Most visitors have never complained, so the feedback factor is often "not applicable".
    feedback_na = rng.random(n) < 0.65
    values: dict[str, np.ndarray] = {
        **{f"{f}.general": scores[:, i] for i, f in enumerate(SERVICE_FACTORS)},
        "overall.visit": overall,
        "integrity.harassment": harassment,
        "integrity.extra_payment": extra_payment,
        "integrity.supplements": supplements,
        "integrity.on_time": on_time,
    }
    rows: list[dict[str, object]] = []
    for key, column in values.items():
        question_id = questions[key]
        for i, response_id in enumerate(ids):
            value = None if key == "feedback.general" and feedback_na[i] else int(column[i])
            rows.append(
                {
                    "response_id": response_id,
                    "question_id": question_id,
                    "value": value,
                    "text": None,
                }
            )
    # The dissatisfied write more often than the satisfied (about 13 % comment overall).
    comments = rng.random(n) < np.select([overall <= 2, overall == 3], [0.35, 0.2], 0.1)
    for i in np.flatnonzero(comments).tolist():
        # The text follows the visit: a complaint about the factor rated lowest with a poor
        # or middling rating, praise of the best one with a good rating. One draw of the
        # demo's generator seeds the comment's own.
        rated = {
            f: int(scores[i, k])
            for k, f in enumerate(SERVICE_FACTORS)
            if not (f == "feedback" and feedback_na[i])
        }
        words = np.random.default_rng(int(rng.integers(2**31)))
        rows.append(
            {
                "response_id": ids[i],
                "question_id": questions["comment"],
                "value": None,
                "text": compose_comment(words, rated, int(overall[i])),
            }
        )
    for start in range(0, len(rows), BATCH * 4):
        session.execute(insert(Answer.__table__), rows[start : start + BATCH * 4])
    return len(rows)


def _pick_complaints(
    rng: np.random.Generator, ids: list[int], batch: dict[str, np.ndarray]
) -> list[tuple[int, int, int]]:
    unhappy = np.flatnonzero((batch["overall"] <= 2) & (rng.random(len(ids)) < 0.12))
    return [(ids[i], int(batch["centre_id"][i]), i) for i in unhappy.tolist()]


def _insert_complaints(
    session: Session, rng: np.random.Generator, picked: list[tuple[int, int, int]], today: date
) -> int:
    # One hash of a PIN nobody knows: demo complaints cannot be looked up by anyone.
    pin_hash = hash_secret(secrets.token_urlsafe(16))
    response_times = dict(
        session.execute(
            select(Response.id, Response.submitted_at).where(
                Response.id.in_([p[0] for p in picked])
            )
        ).all()
    )
    deadlines = DeadlineRules()  # the legal defaults; the app's configuration may be stricter
    handlers = demo_handlers(session, {p[1] for p in picked})
    for response_id, centre_id, _ in picked:
        subject, body = COMPLAINTS[int(rng.integers(len(COMPLAINTS)))]
        received = response_times[response_id]
        complaint = Complaint(
            tracking_code=new_tracking_code(),
            pin_hash=pin_hash,
            centre_id=centre_id,
            response_id=response_id,
            status=ComplaintStatus.RECEIVED,
            subject=subject,
            body=body,
            received_at=received,
        )
        age = deadlines.calendar.working_days_between(local_date(received), today)
        outcome = draw_outcome(rng, age)
        complaint.status = outcome.status
        progress(complaint, outcome, handlers[centre_id], deadlines)
        session.add(complaint)
    session.flush()
    return len(picked)
