"""The criterion tracker on a demo database: the draft, assignments, last year, agency users.

Every component criterion of both draft sets gets a lead agency (and, for some, supporting
ones), a deadline and a product; the provincial set gets last year's results, some of them
short of the maximum with a cause, so the lost-points list has something to show.
"""

from __future__ import annotations

import secrets
from datetime import date

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from survey_app.core.clock import today_local
from survey_app.core.passwords import hash_secret
from survey_app.models import (
    Agency,
    Assignment,
    Criterion,
    CriterionLevel,
    CriterionSet,
    CriterionSource,
    LastYearResult,
    Role,
    SetKind,
    User,
)
from survey_app.seeding.demo_tracker_cycle import seed_tracker_cycle
from survey_app.tracker.draft_sets import load_draft

# The department that leads each field of the provincial set (by the field's code).
FIELD_LEADS = {
    "1": "so-noi-vu",
    "2": "so-tu-phap",
    "3": "van-phong-ubnd",
    "4": "so-noi-vu",
    "5": "so-noi-vu",
    "6": "so-tai-chinh",
    "7": "so-khoa-hoc-cong-nghe",
    "8": "so-tai-chinh",
}
SUPPORT = ("so-noi-vu", "van-phong-ubnd", "trung-tam-tinh")
CAUSES = (
    "Kế hoạch ban hành chậm so với thời hạn quy định.",
    "Tỷ lệ hồ sơ đúng hạn dưới mức yêu cầu ở một số xã.",
    "Thiếu tài liệu kiểm chứng có chữ ký, đóng dấu.",
    "Chưa xin lỗi đầy đủ đối với hồ sơ chậm hạn.",
    "Số liệu báo cáo không khớp với hệ thống.",
)
DEMO_AGENCY_USERS = (
    ("demo-tuphap", "Sở Tư pháp (demo)", "so-tu-phap"),
    ("demo-taichinh", "Sở Tài chính (demo)", "so-tai-chinh"),
    ("demo-vanphong", "Văn phòng UBND tỉnh (demo)", "van-phong-ubnd"),
)
YEAR_END = date(2026, 12, 15)


def _field_code(criterion: Criterion) -> str:
    return criterion.code.split(".", 1)[0]


def _assign(session: Session, criterion_set: CriterionSet, rng: np.random.Generator) -> int:
    agencies = {a.code: a for a in session.scalars(select(Agency))}
    assigned = set(session.scalars(select(Assignment.criterion_id)))
    added = 0
    for criterion in criterion_set.criteria:
        if criterion.level is not CriterionLevel.COMPONENT or criterion.id in assigned:
            continue
        if criterion_set.kind is SetKind.PROVINCIAL:
            lead = agencies[FIELD_LEADS.get(_field_code(criterion), "so-noi-vu")]
        else:
            lead = agencies["so-noi-vu"]
        picked = rng.choice(SUPPORT, size=int(rng.integers(0, 3)), replace=False)
        supporting = [agencies[str(c)] for c in picked if c != lead.code]
        month = int(rng.integers(3, 12))
        session.add(
            Assignment(
                criterion=criterion,
                lead_agency=lead,
                supporting=supporting,
                deadline=date(criterion_set.year, month, 28) if month < 12 else YEAR_END,
                product=criterion.evidence[:200],
            )
        )
        added += 1
    return added


def _last_year(session: Session, criterion_set: CriterionSet, rng: np.random.Generator) -> int:
    done = set(session.scalars(select(LastYearResult.criterion_id)))
    agencies = {a.code: a for a in session.scalars(select(Agency))}
    added = 0
    for criterion in criterion_set.criteria:
        if criterion.level is not CriterionLevel.COMPONENT or criterion.id in done:
            continue
        full = criterion.max_points
        # About one criterion in four lost points; survey-derived ones have no self-score.
        lost = rng.random() < 0.25
        appraised = round(full * float(rng.choice((0.0, 0.5, 0.75))), 2) if lost else full
        surveyed = criterion.source is CriterionSource.SURVEY
        # Some units scored themselves in full and lost the points at appraisal.
        claimed = full if lost and rng.random() < 0.6 else appraised
        session.add(
            LastYearResult(
                criterion=criterion,
                points_self=None if surveyed else claimed,
                points_appraised=appraised,
                cause=str(rng.choice(CAUSES)) if lost and not surveyed else "",
                responsible_agency=agencies[FIELD_LEADS[_field_code(criterion)]] if lost else None,
            )
        )
        added += 1
    return added


def _agency_users(session: Session) -> dict[str, str]:
    created = {}
    for username, full_name, agency_code in DEMO_AGENCY_USERS:
        if session.scalar(select(User.id).filter_by(username=username)) is not None:
            continue
        password = secrets.token_urlsafe(9)
        session.add(
            User(
                username=username,
                full_name=full_name,
                email=f"{username}@example.invalid",
                password_hash=hash_secret(password),
                role=Role.AGENCY,
                agency=session.scalars(select(Agency).filter_by(code=agency_code)).one(),
            )
        )
        created[username] = password
    return created


def seed_tracker_demo(session: Session, *, seed: int = 2026) -> dict[str, str]:
    """The tracker's demo data, keeping what is there; new agency users' passwords. Commits."""
    rng = np.random.default_rng(seed)
    load_draft(session)
    for criterion_set in session.scalars(select(CriterionSet).order_by(CriterionSet.id)):
        _assign(session, criterion_set, rng)
        if criterion_set.kind is SetKind.PROVINCIAL:
            _last_year(session, criterion_set, rng)
    passwords = _agency_users(session)
    session.commit()
    seed_tracker_cycle(session, today_local(), seed=seed)
    return passwords
