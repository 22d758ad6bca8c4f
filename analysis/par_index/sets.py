"""The structure check of a criterion set: fields → criteria → component criteria.

A set arrives as flat rows (an Excel sheet, a shipped data file): each with a code, a
level, its parent's code, a maximum, whether the ministry's survey scores it, and — for
the criteria that are scored — a rule kind and its parameters. :func:`check_set` returns
every problem, row by row, so the importer can report a bad file completely and load
nothing of it; an empty list means the set is sound.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from dataclasses import field as default

from analysis.par_index._params import as_number
from analysis.par_index.errors import RuleError, render_message
from analysis.par_index.rules import KINDS, parse_rule

__all__ = ["SET_LEVELS", "Problem", "SetItem", "check_set", "scored_items"]

#: Top to bottom; each level's parent is the one before it.
SET_LEVELS = ("field", "criterion", "component")
_TOL = 1e-6  # maxima are given to two decimals


@dataclass(frozen=True)
class SetItem:
    """One row of a criterion set.

    ``row`` is the row number in the source file (for the report); ``rule_kind`` and
    ``rule_params`` are read only for scored items (those without children).
    """

    code: str
    level: str
    maximum: float
    parent: str | None = None
    survey_derived: bool = False
    rule_kind: str | None = None
    rule_params: Mapping[str, object] = default(default_factory=dict)
    row: int | None = None


@dataclass(frozen=True)
class Problem:
    """What is wrong, where: the row, the item's code, the column, a message code.

    ``message`` is a key of ``ERROR_MESSAGES`` (the caller translates it); ``params``
    are its placeholders. Set-wide problems (the total) have ``row`` None and code "".
    """

    row: int | None
    code: str
    field: str
    message: str
    params: dict[str, object] = default(default_factory=dict)

    @property
    def text(self) -> str:
        """The English sentence."""
        return render_message(self.message, {"field": self.field, **self.params})


def scored_items(items: Sequence[SetItem]) -> list[SetItem]:
    """The items that carry a rule: fields' criteria without components, and components.

    Examples
    --------
    >>> rows = [SetItem("1", "field", 2), SetItem("1.1", "criterion", 2, "1"),
    ...         SetItem("1.1.1", "component", 2, "1.1")]
    >>> [i.code for i in scored_items(rows)]
    ['1.1.1']
    """
    by_code: dict[str, SetItem] = {}
    for item in items:
        if item.code.strip():
            by_code.setdefault(item.code, item)
    return _leaves(by_code, _children(items, by_code))


def _leaves(by_code: Mapping[str, SetItem], children: Mapping[str, list[SetItem]]) -> list[SetItem]:
    return [i for i in by_code.values() if i.level in SET_LEVELS[1:] and i.code not in children]


class _Report:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, at: SetItem | None, column: str, message: str, /, **params: object) -> None:
        row = None if at is None else at.row
        code = "" if at is None else at.code
        self.problems.append(Problem(row, code, column, message, params))


def _check_rows(items: Sequence[SetItem], report: _Report) -> dict[str, SetItem]:
    """Codes, levels, maxima, duplicates; returns the first item of each code."""
    by_code: dict[str, SetItem] = {}
    for item in items:
        if not item.code.strip():
            report.add(item, "code", "empty_code")
            continue
        if item.level not in SET_LEVELS:
            report.add(item, "level", "unknown_level", got=item.level, levels=list(SET_LEVELS))
        try:
            if as_number(item.maximum, "maximum") < 0:
                report.add(item, "maximum", "negative_maximum", got=item.maximum)
        except RuleError as err:
            report.add(item, "maximum", err.code, **err.params)
        first = by_code.get(item.code)
        if first is not None:
            report.add(item, "code", "duplicate_code", item=item.code, first=first.row)
        else:
            by_code[item.code] = item
    return by_code


def _check_parents(
    items: Sequence[SetItem], by_code: Mapping[str, SetItem], report: _Report
) -> None:
    for item in items:
        if not item.code.strip() or item.level not in SET_LEVELS:
            continue
        if item.level == "field":
            if item.parent:
                report.add(item, "parent", "field_has_parent", got=item.parent)
            continue
        wanted = SET_LEVELS[SET_LEVELS.index(item.level) - 1]
        if not item.parent:
            report.add(item, "parent", "parent_missing", level=item.level, parent_level=wanted)
        elif item.parent not in by_code:
            report.add(item, "parent", "parent_unknown", got=item.parent)
        elif by_code[item.parent].level != wanted:
            found = by_code[item.parent].level
            report.add(
                item,
                "parent",
                "parent_level",
                level=item.level,
                parent_level=wanted,
                got=item.parent,
                found=found,
            )


def _number(value: object) -> float:
    try:
        return as_number(value, "maximum")
    except RuleError:
        return 0.0


def _children(items: Sequence[SetItem], by_code: Mapping[str, SetItem]) -> dict[str, list[SetItem]]:
    """Each code's children, counting only links one level down (a wrong link is reported
    once, as the child's problem, not again as its parent's wrong sum)."""
    children: dict[str, list[SetItem]] = {}
    for item in items:
        parent = by_code.get(item.parent or "")
        if parent is None or item.level not in SET_LEVELS or parent.level not in SET_LEVELS:
            continue
        if SET_LEVELS.index(item.level) == SET_LEVELS.index(parent.level) + 1:
            children.setdefault(parent.code, []).append(item)
    return children


def _check_sums(
    by_code: Mapping[str, SetItem], children: Mapping[str, list[SetItem]], report: _Report
) -> None:
    for code, parent in by_code.items():
        kids = children.get(code, [])
        if not kids:
            if parent.level == "field":
                report.add(parent, "code", "field_empty", item=code)
            continue
        got = sum(_number(k.maximum) for k in kids)
        if abs(got - _number(parent.maximum)) > _TOL:
            report.add(
                parent, "maximum", "children_sum", item=code, got=got, maximum=parent.maximum
            )
        if parent.rule_kind:
            report.add(parent, "rule", "rule_on_parent", item=code)


def _check_rules(scored: Sequence[SetItem], report: _Report) -> None:
    for item in scored:
        if not item.rule_kind:
            report.add(item, "rule", "rule_missing", known=list(KINDS))
            continue
        is_survey = item.rule_kind.strip().lower() == "survey"
        if is_survey != item.survey_derived:
            report.add(item, "rule", "survey_rule_kind", got=item.rule_kind)
        try:
            parse_rule(item.rule_kind, item.rule_params, maximum=_number(item.maximum))
        except RuleError as err:
            column = "rule" if err.field == "kind" else f"params.{err.field}"
            report.add(
                item, column, err.code, **{k: v for k, v in err.params.items() if k != "field"}
            )


def check_set(
    items: Sequence[SetItem],
    *,
    total: float = 100.0,
    survey_total: float | None = None,
    require_rules: bool = True,
) -> list[Problem]:
    """Every problem of a criterion set's structure, in row order.

    Parameters
    ----------
    items : sequence of SetItem
        The set's rows, in any order.
    total : float, default 100
        The set's declared total: the fields' maxima must add up to it.
    survey_total : float, optional
        The declared survey-derived points (32 for the provincial PAR INDEX set): the
        scored survey-derived criteria's maxima must add up to it.
    require_rules : bool, default True
        Check each scored item's rule kind and parameters (with its maximum).

    Returns
    -------
    list of Problem
        Empty when the set is sound.

    Notes
    -----
    Checks: codes present and unique; levels known; maxima ≥ 0; a field has no parent, a
    criterion's parent is a field, a component's parent a criterion; every field has
    criteria; each parent's maximum = Σ its children's maxima (± 10⁻⁶); Σ fields' maxima
    = ``total``; Σ survey-derived scored maxima = ``survey_total``; a scored item has a
    rule that parses, its points within its maximum, and the ``survey`` kind exactly when
    it is survey-derived; a parent takes no rule.

    Examples
    --------
    >>> rows = [SetItem("1", "field", 3, row=2),
    ...         SetItem("1.1", "criterion", 2, "1", rule_kind="binary", row=3),
    ...         SetItem("1.2", "criterion", 1, "1", rule_kind="binary", row=4)]
    >>> check_set(rows, total=3)
    []
    >>> [(p.row, p.code, p.message) for p in check_set(rows, total=4)]
    [(None, '', 'total_mismatch')]
    """
    report = _Report()
    by_code = _check_rows(items, report)
    _check_parents(items, by_code, report)
    children = _children(items, by_code)
    _check_sums(by_code, children, report)
    scored = _leaves(by_code, children)
    if require_rules:
        _check_rules(scored, report)
    fields_total = sum(_number(i.maximum) for i in by_code.values() if i.level == "field")
    if abs(fields_total - total) > _TOL:
        report.add(None, "maximum", "total_mismatch", got=fields_total, total=total)
    if survey_total is not None:
        got = sum(_number(i.maximum) for i in scored if i.survey_derived)
        if abs(got - survey_total) > _TOL:
            report.add(None, "maximum", "survey_total_mismatch", got=got, total=survey_total)
    rows = report.problems
    return sorted(rows, key=lambda p: (p.row is None, p.row if p.row is not None else 0))
