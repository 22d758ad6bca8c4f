"""Demo comments agree with their visit's ratings and vary as real ones do."""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from survey_app.core.deadlines import local_date
from survey_app.core.weeks import monday_of
from survey_app.models import Answer, Question, Response
from survey_app.seeding.demo import seed_demo
from survey_app.seeding.demo_comments import (
    COMPLAINT,
    COMPLAINT_SPOKEN,
    FILL,
    compose_comment,
)

# Every complaint the composer can write, placeholders filled in every way.
COMPLAINTS = re.compile(
    "|".join(
        [
            re.sub(
                r"\\\{(\w+)\\\}",
                lambda m: "(?:" + "|".join(map(re.escape, FILL[m.group(1)])) + ")",
                re.escape(part),
            )
            for parts in COMPLAINT.values()
            for part in parts
        ]
        + [re.escape(part) for parts in COMPLAINT_SPOKEN.values() for part in parts]
    ),
    re.IGNORECASE,
)
STEPS = ("nộp hồ sơ", "bổ sung", "kết quả", "phí", "thái độ")


def is_complaint(text: str) -> bool:
    return COMPLAINTS.search(text) is not None


def demo_visits(session: Session) -> list[tuple[int, date, int, str | None]]:
    seed_demo(session, weeks=6, seed=11, end=date(2026, 11, 25))
    overall, comment = (
        select(Question.id).where(Question.key == key).scalar_subquery()
        for key in ("overall.visit", "comment")
    )
    ratings = dict(
        session.execute(
            select(Answer.response_id, Answer.value).where(Answer.question_id.in_(overall))
        ).all()
    )
    texts = dict(
        session.execute(
            select(Answer.response_id, Answer.text).where(Answer.question_id.in_(comment))
        ).all()
    )
    return [
        (centre_id, monday_of(local_date(at)), int(ratings[rid]), texts.get(rid))
        for rid, centre_id, at in session.execute(
            select(Response.id, Response.centre_id, Response.submitted_at)
        )
    ]


def test_comments_agree_with_the_rating_and_vary(seeded: Session) -> None:
    visits = demo_visits(seeded)
    commented = [(c, w, r, t) for c, w, r, t in visits if t]
    assert len(commented) > 500
    # A poor or middling visit complains; a good one does not.
    assert all(is_complaint(t) for _c, _w, r, t in commented if r <= 3)
    assert not any(is_complaint(t) for _c, _w, r, t in commented if r >= 4)
    # Where satisfaction is low (a centre's week under 65 % satisfied), most comments
    # complain; where it is high (over 90 %), few do.
    by_week: dict[tuple[int, date], list[tuple[int, str | None]]] = defaultdict(list)
    for centre, week, rating, text in visits:
        by_week[centre, week].append((rating, text))
    low, high = [], []
    for rows in by_week.values():
        satisfied = sum(r >= 4 for r, _t in rows) / len(rows)
        texts = [t for _r, t in rows if t]
        if len(rows) >= 10 and satisfied < 0.65:
            low += texts
        elif len(rows) >= 10 and satisfied > 0.9:
            high += texts
    assert len(low) >= 15, len(low)
    assert sum(map(is_complaint, low)) / len(low) > 0.6, sum(map(is_complaint, low)) / len(low)
    assert sum(map(is_complaint, high)) / len(high) < 0.3
    # They vary: most of 500 are different, short and long, formal and spoken.
    first = [t for _c, _w, _r, t in commented[:500] if t]
    assert len(set(first)) / len(first) > 0.6
    words = [len(t.split()) for t in first]
    assert min(words) <= 4
    assert max(words) >= 30
    assert sum(t[0].islower() for t in first) > 50  # spoken, without a capital
    for step in STEPS:
        assert sum(step in t.lower() for t in first) >= 5, step


def test_a_comment_is_about_the_factor_rated_lowest_and_follows_the_seed() -> None:
    scores = {"access": 4, "procedure": 4, "staff": 1, "result": 4, "feedback": 5}
    texts = [compose_comment(np.random.default_rng(s), scores, 2) for s in range(200)]
    staff = [part.split("{")[0] for part in COMPLAINT["staff"]] + list(COMPLAINT_SPOKEN["staff"])
    assert all(any(p in t.lower() for p in staff) for t in texts)
    again = [compose_comment(np.random.default_rng(s), scores, 2) for s in range(200)]
    assert again == texts
    praise = [compose_comment(np.random.default_rng(s), scores, 5) for s in range(200)]
    assert not any(is_complaint(t) for t in praise)
    assert not any("lịch sự" in t or "nhiệt tình" in t or "dễ thương" in t for t in texts)
    assert any("đường dây nóng" in t or "góp ý" in t for t in praise)
