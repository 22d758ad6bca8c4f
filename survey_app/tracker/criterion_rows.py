"""A criterion set as rows: checked all at once, then built into models in one go.

The shipped CSV drafts and the Excel import both arrive here as plain rows (a dict of
column → text per row, with the sheet and row number it came from), so the two are
checked by the same rules and a bad file is reported row by row, never half loaded.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from analysis.par_index import KINDS, RuleError, parse_rule
from survey_app.models import (
    Criterion,
    CriterionLevel,
    CriterionSet,
    CriterionSource,
    SetKind,
    SetStatus,
)
from survey_app.tracker.rule_messages import rule_problem

COLUMNS = (
    "level",
    "code",
    "parent_code",
    "name",
    "max_points",
    "source",
    "rule_kind",
    "rule_params",
    "evidence",
    "survey_index",
)
# The scoring engine's rule kinds (analysis.par_index checks each kind's parameters).
RULE_KINDS = KINDS
PARENT_LEVEL = {
    CriterionLevel.FIELD: None,
    CriterionLevel.CRITERION: CriterionLevel.FIELD,
    CriterionLevel.COMPONENT: CriterionLevel.CRITERION,
}
# Points are given to two decimals (0.25 steps exist); sums are compared at that precision.
TOLERANCE = 0.005


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong in a file: where (sheet, row, column) and what, in words."""

    sheet: str
    row: int
    column: str
    message: str


@dataclass(frozen=True, slots=True)
class SourceRow:
    """One row as read from a file: its place and its cells as text."""

    sheet: str
    row: int
    cells: dict[str, str]


@dataclass(frozen=True, slots=True)
class SetHeader:
    """What a set is: the metadata above its criteria."""

    code: str
    name: str
    year: int
    kind: SetKind
    status: SetStatus
    is_draft_annex: bool
    declared_total: float
    survey_total: float


@dataclass(slots=True)
class CheckedRow:
    """A row that passed its own checks, with typed values."""

    place: SourceRow
    level: CriterionLevel
    code: str
    parent_code: str
    name: str
    max_points: float
    source: CriterionSource
    rule_kind: str | None
    rule_params: dict[str, Any] | None
    evidence: str
    survey_index: str | None
    children: list[CheckedRow] = field(default_factory=list)


def _cell(row: SourceRow, column: str) -> str:
    return row.cells.get(column, "").strip()


def _number(text: str) -> float | None:
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _check_rule(
    row: SourceRow,
    level: CriterionLevel | None,
    source: CriterionSource | None,
    maximum: float | None,
    wrong: Callable[[str, str], None],
) -> dict[str, Any] | None:
    """A component's rule (kind, JSON parameters, survey index); no rule on other levels.

    The parameters are read by the scoring engine (``parse_rule``, within the maximum),
    so a rule that would fail when scoring is refused here, in words, on its row.
    """
    rule_kind = _cell(row, "rule_kind") or None
    params_text = _cell(row, "rule_params")
    if level is not CriterionLevel.COMPONENT:
        if rule_kind or params_text:
            wrong("rule_kind", _("Chỉ tiêu chí thành phần mới có cách chấm."))
        return None
    if rule_kind not in RULE_KINDS:
        wrong(
            "rule_kind",
            _("Cách chấm phải là một trong: %(kinds)s.", kinds=", ".join(RULE_KINDS)),
        )
    try:
        params = json.loads(params_text or "{}")
    except json.JSONDecodeError:
        params = None
    if not isinstance(params, dict):
        wrong("rule_params", _("Tham số cách chấm phải là một đối tượng JSON, ví dụ {}."))
        params = None
    elif rule_kind in RULE_KINDS:
        try:
            parse_rule(rule_kind, params, maximum=maximum if maximum and maximum > 0 else None)
        except RuleError as error:
            wrong("rule_params", rule_problem(error))
    is_survey = source is CriterionSource.SURVEY
    if is_survey and (rule_kind != "survey" or not _cell(row, "survey_index")):
        wrong(
            "survey_index",
            _("Tiêu chí điều tra xã hội học cần cách chấm survey và chỉ số nguồn."),
        )
    if rule_kind == "survey" and not is_survey:
        wrong("source", _("Cách chấm survey chỉ dùng cho tiêu chí điều tra xã hội học."))
    return params


def _check_row(row: SourceRow, problems: list[Problem]) -> CheckedRow | None:
    """The row's own checks (not those against other rows)."""
    found: list[Problem] = []

    def wrong(column: str, message: str) -> None:
        found.append(Problem(row.sheet, row.row, column, message))

    level_text = _cell(row, "level")
    level = next((lv for lv in CriterionLevel if lv.value == level_text), None)
    if level is None:
        wrong("level", _("Cấp phải là field, criterion hoặc component."))
    code = _cell(row, "code")
    if not code or len(code) > 20:
        wrong("code", _("Mã tiêu chí phải có, tối đa 20 ký tự."))
    name = _cell(row, "name")
    if not name or len(name) > 500:
        wrong("name", _("Tên tiêu chí phải có, tối đa 500 ký tự."))
    max_points = _number(_cell(row, "max_points"))
    if max_points is None or max_points <= 0 or max_points > 100:
        wrong("max_points", _("Điểm tối đa phải là một số lớn hơn 0 và không quá 100."))
    source_text = _cell(row, "source") or CriterionSource.SELF_ASSESSED.value
    source = next((s for s in CriterionSource if s.value == source_text), None)
    if source is None:
        wrong("source", _("Nguồn điểm phải là self_assessed hoặc survey."))
    rule_kind = _cell(row, "rule_kind") or None
    survey_index = _cell(row, "survey_index") or None
    params = _check_rule(row, level, source, max_points, wrong)
    if found or level is None or max_points is None or source is None:
        problems.extend(found)
        return None
    return CheckedRow(
        place=row,
        level=level,
        code=code,
        parent_code=_cell(row, "parent_code"),
        name=name,
        max_points=round(max_points, 2),
        source=source,
        rule_kind=rule_kind if level is CriterionLevel.COMPONENT else None,
        rule_params=params if level is CriterionLevel.COMPONENT else None,
        evidence=_cell(row, "evidence"),
        survey_index=survey_index if level is CriterionLevel.COMPONENT else None,
    )


def check_rows(header: SetHeader, rows: list[SourceRow]) -> tuple[list[CheckedRow], list[Problem]]:
    """Every row checked, then the tree and the totals; the fields (roots) and the problems."""
    problems: list[Problem] = []
    checked = [c for r in rows if (c := _check_row(r, problems)) is not None]
    by_code: dict[str, CheckedRow] = {}
    for row in checked:
        if row.code in by_code:
            problems.append(
                _at(row, "code", _("Mã %(code)s trùng với một dòng khác.", code=row.code))
            )
        else:
            by_code[row.code] = row
    roots: list[CheckedRow] = []
    for row in by_code.values():
        wanted = PARENT_LEVEL[row.level]
        if wanted is None:
            if row.parent_code:
                problems.append(_at(row, "parent_code", _("Lĩnh vực không có mã cấp trên.")))
            roots.append(row)
            continue
        parent = by_code.get(row.parent_code)
        if parent is None or parent.level is not wanted:
            problems.append(
                _at(
                    row,
                    "parent_code",
                    _(
                        "Mã cấp trên %(code)s không có ở cấp liền trên.",
                        code=row.parent_code or "—",
                    ),
                )
            )
            continue
        parent.children.append(row)
    for row in by_code.values():
        if row.level is CriterionLevel.COMPONENT:
            continue
        if not row.children:
            problems.append(_at(row, "code", _("Dòng này chưa có tiêu chí nào ở cấp dưới.")))
        elif abs(sum(c.max_points for c in row.children) - row.max_points) > TOLERANCE:
            total = sum(c.max_points for c in row.children)
            problems.append(
                _at(
                    row,
                    "max_points",
                    _(
                        "Điểm tối đa %(max)s khác tổng cấp dưới %(sum)s.",
                        max=f"{row.max_points:g}",
                        sum=f"{total:g}",
                    ),
                )
            )
    if not problems:
        problems.extend(_check_totals(header, checked))
    return roots, problems


def _check_totals(header: SetHeader, rows: list[CheckedRow]) -> list[Problem]:
    components = [r for r in rows if r.level is CriterionLevel.COMPONENT]
    total = sum(r.max_points for r in components)
    survey = sum(r.max_points for r in components if r.source is CriterionSource.SURVEY)
    sheet = rows[0].place.sheet if rows else ""
    found = []
    if abs(total - header.declared_total) > TOLERANCE:
        found.append(
            Problem(
                sheet,
                0,
                "max_points",
                _(
                    "Tổng điểm các tiêu chí thành phần là %(sum)s, khác tổng khai báo %(total)s.",
                    sum=f"{total:g}",
                    total=f"{header.declared_total:g}",
                ),
            )
        )
    if abs(survey - header.survey_total) > TOLERANCE:
        found.append(
            Problem(
                sheet,
                0,
                "source",
                _(
                    "Tổng điểm điều tra xã hội học là %(sum)s, khác tổng khai báo %(total)s.",
                    sum=f"{survey:g}",
                    total=f"{header.survey_total:g}",
                ),
            )
        )
    return found


def _at(row: CheckedRow, column: str, message: str) -> Problem:
    return Problem(row.place.sheet, row.place.row, column, message)


def set_exists(session: Session, code: str, year: int) -> bool:
    """Whether an edition ``code`` of ``year`` is already loaded."""
    found = session.scalar(
        select(CriterionSet.id).where(CriterionSet.code == code, CriterionSet.year == year)
    )
    return found is not None


def build_set(session: Session, header: SetHeader, roots: list[CheckedRow]) -> CriterionSet:
    """The set and its tree, added to ``session`` (flushed, not committed)."""
    criterion_set = CriterionSet(
        code=header.code,
        name=header.name,
        year=header.year,
        kind=header.kind,
        status=header.status,
        is_draft_annex=header.is_draft_annex,
        declared_total=header.declared_total,
        survey_total=header.survey_total,
    )
    session.add(criterion_set)
    position = 0
    pending: list[tuple[CheckedRow, Criterion | None]] = [(r, None) for r in roots]
    while pending:
        row, parent = pending.pop(0)
        position += 1
        node = Criterion(
            criterion_set=criterion_set,
            parent=parent,
            level=row.level,
            code=row.code,
            name=row.name,
            max_points=row.max_points,
            position=position,
            rule_kind=row.rule_kind,
            rule_params=row.rule_params,
            source=row.source,
            evidence=row.evidence,
            survey_index=row.survey_index,
        )
        session.add(node)
        pending[0:0] = [(child, node) for child in row.children]
    session.flush()
    return criterion_set


def problems_by_row(problems: list[Problem]) -> dict[tuple[str, int], list[Problem]]:
    """Problems grouped by (sheet, row), in file order."""
    grouped: dict[tuple[str, int], list[Problem]] = defaultdict(list)
    for problem in sorted(problems, key=lambda p: (p.sheet, p.row)):
        grouped[(problem.sheet, problem.row)].append(problem)
    return dict(grouped)
