"""What a rule says, in lines the UI can show: a code and its numbers per line.

The app translates each line from its ``code`` (Vietnamese is its source language); the
English sentence of :data:`DESCRIPTIONS` is the reference rendering, with the same
placeholders, like ``ERROR_MESSAGES`` for errors.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["DESCRIPTIONS", "Description", "Line"]

DESCRIPTIONS: dict[str, str] = {
    "binary_done": "Done: all the points.",
    "binary_not_done": "Not done: 0 points.",
    "tier_on_time": "Done by the due date: {percent:g} % of the points.",
    "tier_late": "Done at most {days} days after the due date: {percent:g} % of the points.",
    "tier_else": "Done later, or not done: 0 points.",
    "rate_at_least": "Rate at least {threshold:g} %: {points:g} points.",
    "rate_at_most": "Rate at most {threshold:g} %: {points:g} points.",
    "index_at_least": "Index at least {threshold:g} %: {points:g} points.",
    "band_else": "Otherwise: 0 points.",
    "proportional": (
        "Points = maximum × (rate − {zero_at:g} %) ÷ ({full_at:g} % − {zero_at:g} %), "
        "between 0 and the maximum."
    ),
    "deduction": "{per_breach:g} points off the maximum for each breach, never below 0.",
    "deduction_cap": "At most {cap:g} points are taken off.",
    "survey_source": (
        "Survey-derived: the ministry sets these points; the service forecasts them from "
        "the index it measures."
    ),
    "survey_linear": (
        "Index {low_index:g} % or less: {low_points:g} points; {high_index:g} % or more: "
        "{high_points:g} points; in proportion in between."
    ),
}


@dataclass(frozen=True)
class Line:
    """One line of a rule's description: a code of :data:`DESCRIPTIONS` and its numbers.

    Examples
    --------
    >>> Line("deduction_cap", cap=1.5).text
    'At most 1.5 points are taken off.'
    """

    code: str
    values: dict[str, float | int] = field(default_factory=dict)

    def __init__(self, code: str, **values: float | int) -> None:
        object.__setattr__(self, "code", code)
        object.__setattr__(self, "values", dict(values))

    @property
    def text(self) -> str:
        """The English sentence."""
        return DESCRIPTIONS[self.code].format(**self.values)


@dataclass(frozen=True)
class Description:
    """A rule's kind and its lines, in the order they should be read.

    Examples
    --------
    >>> Description("binary", (Line("binary_done"), Line("binary_not_done"))).text
    'Done: all the points. Not done: 0 points.'
    """

    kind: str
    lines: tuple[Line, ...]

    @property
    def text(self) -> str:
        """The English sentences, one after another."""
        return " ".join(line.text for line in self.lines)
