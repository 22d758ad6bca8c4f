"""Reading criterion sets: which sets and criteria a user may see, the tree, a rule in words."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from survey_app.models import (
    AgencyKind,
    Assignment,
    Criterion,
    CriterionLevel,
    CriterionSet,
    CriterionSource,
    LastYearResult,
    Role,
    SetKind,
    User,
    assignment_support,
)

# The internal index's scored units: the province's departments and the communes' People's
# Committees, whose heads the plan (III.2.g) has evaluated each quarter. Each reports every
# self-assessed criterion of an internal set, so it sees them all.
SCORED_KINDS = (AgencyKind.DEPARTMENT, AgencyKind.COMMUNE)


@dataclass(frozen=True, slots=True)
class TreeRow:
    """One line of a set's tree: the criterion, its depth, who leads it, last year."""

    criterion: Criterion
    depth: int
    assignment: Assignment | None
    last_year: LastYearResult | None


def assigned_criterion_ids(session: Session, user: User) -> set[int] | None:
    """The component criteria ``user`` may see: None means all (the Department)."""
    if user.is_province_wide:
        return None
    if user.role is not Role.AGENCY or user.agency_id is None:
        return set()
    supported = select(assignment_support.c.assignment_id).where(
        assignment_support.c.agency_id == user.agency_id
    )
    query = select(Assignment.criterion_id).where(
        or_(Assignment.lead_agency_id == user.agency_id, Assignment.id.in_(supported))
    )
    visible = set(session.scalars(query))
    agency = user.agency
    if agency is not None and agency.active and agency.kind in SCORED_KINDS:
        visible |= set(
            session.scalars(
                select(Criterion.id)
                .join(Criterion.criterion_set)
                .join(Assignment, Assignment.criterion_id == Criterion.id)
                .where(
                    CriterionSet.kind == SetKind.INTERNAL,
                    Criterion.level == CriterionLevel.COMPONENT,
                    Criterion.source == CriterionSource.SELF_ASSESSED,
                )
            )
        )
    return visible


def fetch_sets(session: Session, user: User) -> list[CriterionSet]:
    """The sets ``user`` may open, newest year first: for an agency, those it has work in."""
    query = select(CriterionSet).order_by(CriterionSet.year.desc(), CriterionSet.code)
    visible = assigned_criterion_ids(session, user)
    if visible is not None:
        query = query.where(
            CriterionSet.id.in_(select(Criterion.set_id).where(Criterion.id.in_(visible)))
        )
    return list(session.scalars(query))


def fetch_tree(session: Session, criterion_set: CriterionSet, user: User) -> list[TreeRow]:
    """The set's criteria in order with their depth; an agency's own, with their parents."""
    criteria = list(
        session.scalars(
            select(Criterion)
            .where(Criterion.set_id == criterion_set.id)
            .order_by(Criterion.position)
        )
    )
    ids = [c.id for c in criteria]
    assignments = {
        a.criterion_id: a
        for a in session.scalars(
            select(Assignment)
            .where(Assignment.criterion_id.in_(ids))
            .options(selectinload(Assignment.supporting), selectinload(Assignment.lead_agency))
        )
    }
    results = {
        r.criterion_id: r
        for r in session.scalars(select(LastYearResult).where(LastYearResult.criterion_id.in_(ids)))
    }
    by_id = {c.id: c for c in criteria}
    visible = assigned_criterion_ids(session, user)
    shown: set[int] = set(ids)
    if visible is not None:
        shown = set()
        for criterion_id in visible & set(ids):
            node: Criterion | None = by_id[criterion_id]
            while node is not None:
                shown.add(node.id)
                node = by_id.get(node.parent_id) if node.parent_id else None
    depth = {CriterionLevel.FIELD: 0, CriterionLevel.CRITERION: 1, CriterionLevel.COMPONENT: 2}
    return [
        TreeRow(c, depth[c.level], assignments.get(c.id), results.get(c.id))
        for c in criteria
        if c.id in shown
    ]


def may_see_criterion(session: Session, user: User, criterion: Criterion) -> bool:
    """Whether ``user`` may open ``criterion``: the Department any, an agency its own."""
    visible = assigned_criterion_ids(session, user)
    return visible is None or criterion.id in visible


def _pct(fraction: Any) -> str:
    return f"{float(fraction) * 100:g} %"


def _num(value: Any) -> str:
    try:
        return f"{float(value):g}"
    except (TypeError, ValueError):
        return "?"


def _timeliness_words(p: dict[str, Any]) -> str:
    steps = "; ".join(
        _(
            "chậm đến %(days)s ngày: %(share)s số điểm",
            days=t.get("days_late"),
            share=_pct(t.get("share", 0)),
        )
        if t.get("days_late")
        else _("đúng hạn: %(share)s số điểm", share=_pct(t.get("share", 0)))
        for t in p.get("tiers", [])
        if isinstance(t, dict)
    )
    return _("Theo thời hạn: %(steps)s; muộn hơn hoặc không thực hiện: 0 điểm.", steps=steps)


def _bands_words(p: dict[str, Any]) -> str:
    sign = "≤" if p.get("direction") == "lower" else "≥"
    steps = "; ".join(
        f"{sign} {_num(b.get('threshold', b.get('index')))} %: {_num(b.get('points'))}"
        for b in p.get("bands", [])
        if isinstance(b, dict)
    )
    return _("Theo tỷ lệ đạt được (điểm): %(steps)s; còn lại 0 điểm.", steps=steps)


def _proportional_words(p: dict[str, Any]) -> str:
    return _(
        "Điểm theo tỷ lệ đạt được: %(zero)s %% trở xuống 0 điểm, %(full)s %% trở lên đủ điểm.",
        zero=_num(p.get("zero_at", 0)),
        full=_num(p.get("full_at", 100)),
    )


def _deduction_words(p: dict[str, Any]) -> str:
    words = _(
        "Trừ %(per)s điểm cho mỗi lần vi phạm, thấp nhất 0 điểm.",
        per=_num(p.get("per_breach", 0)),
    )
    if p.get("cap") not in (None, ""):
        words += " " + _("Trừ tối đa %(cap)s điểm.", cap=_num(p.get("cap")))
    return words


def _survey_words(p: dict[str, Any]) -> str:
    if p.get("mapping") == "bands":
        return _("Bộ Nội vụ điều tra xã hội học; dự báo từ chỉ số: ") + _bands_words(p)
    low: dict[str, Any] = p["low"] if isinstance(p.get("low"), dict) else {}
    high: dict[str, Any] = p["high"] if isinstance(p.get("high"), dict) else {}
    return _(
        "Bộ Nội vụ điều tra xã hội học; dự báo từ chỉ số: từ %(high)s %% trở lên "
        "%(high_points)s điểm, từ %(low)s %% trở xuống %(low_points)s điểm, ở giữa theo tỷ lệ.",
        high=_num(high.get("index")),
        high_points=_num(high.get("points")),
        low=_num(low.get("index")),
        low_points=_num(low.get("points")),
    )


WORDS: dict[str, Callable[[dict[str, Any]], str]] = {
    "binary": lambda _p: _("Đạt: đủ điểm; không đạt: 0 điểm."),
    "timeliness": _timeliness_words,
    "bands": _bands_words,
    "proportional": _proportional_words,
    "deduction": _deduction_words,
    "survey": _survey_words,
}


def rule_in_words(kind: str | None, params: dict[str, Any] | None) -> str:
    """How a component criterion is scored, in one sentence ("" for no rule)."""
    words = WORDS.get(kind or "")
    return words(params or {}) if words else ""
