"""The errors of the PAR INDEX engine: a stable code, the offending field, an English sentence.

A rule's parameters come from JSON stored by the tracker and from an Excel file a person
filled in, so a bad one must be reported in words that person understands, in their
language. The engine cannot translate (it is a pure library), so every error carries a
stable ``code`` and the ``field`` it is about, plus the numbers behind it; the English
sentence is rendered from :data:`ERROR_MESSAGES`, a template table the app mirrors in
Vietnamese (same keys, same placeholders), as it does for ``analysis.alerts.MESSAGES``.
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["ERROR_MESSAGES", "RuleError", "render_message"]

ERROR_MESSAGES: dict[str, str] = {
    # parsing a rule's parameters
    "unknown_kind": "The rule kind {kind!r} is not one of {known}.",
    "missing": "The parameter {field!r} is required.",
    "unexpected": "The parameter {field!r} is not used by a rule of this kind.",
    "not_number": "The parameter {field!r} must be a number, got {got!r}.",
    "not_integer": "The parameter {field!r} must be a whole number, got {got!r}.",
    "not_list": "The parameter {field!r} must be a list of bands.",
    "not_mapping": "The parameter {field!r} must be a set of named values.",
    "not_choice": "The parameter {field!r} must be one of {choices}, got {got!r}.",
    "negative": "The parameter {field!r} cannot be negative, got {got:g}.",
    "not_positive": "The parameter {field!r} must be greater than zero, got {got:g}.",
    "share_range": "The parameter {field!r} is a share and must lie between 0 and 1, got {got:g}.",
    "empty_bands": "The parameter {field!r} must list at least one band.",
    "bands_order": (
        "The bands in {field!r} must be listed from the best threshold to the worst, each "
        "strictly beyond the next; {previous:g} is followed by {got:g}."
    ),
    "bands_points_order": (
        "The points in {field!r} must not rise as the thresholds get worse; "
        "{previous:g} points are followed by {got:g}."
    ),
    "tiers_order": (
        "The tiers in {field!r} must be listed by days late, each later than the one before, "
        "and the share must not rise; {previous:g} is followed by {got:g}."
    ),
    "anchors_order": (
        "The anchors must run from a lower index to a higher one; "
        "low is {low:g} and high is {high:g}."
    ),
    "rates_order": (
        "The rate giving full points ({high:g}) must exceed the one giving none ({low:g})."
    ),
    "points_above_maximum": (
        "The parameter {field!r} gives {got:g} points, more than the criterion's "
        "maximum {maximum:g}."
    ),
    # scoring a value
    "wrong_value": "A rule of kind {kind!r} scores a {expected} value, got {got}.",
    "negative_rate": "A rate cannot be negative, got {got:g} %.",
    "not_date": "The value {field!r} must be a date written YYYY-MM-DD, got {got!r}.",
    "negative_count": "A count of breaches cannot be negative, got {got}.",
    "index_range": "An index is a percentage between 0 and 100, got {got:g}.",
    "interval_order": (
        "An interval must satisfy low ≤ estimate ≤ high; got {low:g}, {est:g}, {high:g}."
    ),
    "negative_maximum": "A criterion's maximum cannot be negative, got {got:g}.",
    # forecasting
    "last_year_range": (
        "Last year's points must lie between 0 and the maximum {maximum:g}, got {got:g}."
    ),
    "negative_overdue": "A number of overdue tasks cannot be negative, got {got}.",
    "negative_sample": "A sample size cannot be negative, got {got}.",
    # checking a criterion set (sets.py)
    "empty_code": "Every row needs a code.",
    "duplicate_code": "The code {item!r} is used again; row {first} has it already.",
    "unknown_level": "The level {got!r} is not one of {levels}.",
    "field_has_parent": "A field is at the top of the set and has no parent; got {got!r}.",
    "parent_missing": "A {level} needs the code of its parent {parent_level}.",
    "parent_unknown": "The parent {got!r} is not a code in this set.",
    "parent_level": "The parent of a {level} must be a {parent_level}; {got!r} is a {found}.",
    "children_sum": (
        "The maxima under {item!r} add up to {got:g}, not to its maximum {maximum:g}."
    ),
    "field_empty": "The field {item!r} has no criteria.",
    "total_mismatch": "The fields' maxima add up to {got:g}, not to the set's total {total:g}.",
    "survey_total_mismatch": (
        "The survey-derived criteria add up to {got:g} points, not to the declared {total:g}."
    ),
    "rule_missing": "A scored criterion needs a rule kind, one of {known}.",
    "rule_on_parent": "{item!r} has component criteria: its points are theirs, it takes no rule.",
    "survey_rule_kind": (
        "A survey-derived criterion takes a 'survey' rule and only it takes one; got {got!r}."
    ),
}


def render_message(code: str, params: Mapping[str, object]) -> str:
    """The English sentence for an error or problem ``code`` with its ``params``.

    Examples
    --------
    >>> render_message("negative_count", {"got": -2})
    'A count of breaches cannot be negative, got -2.'
    """
    template = ERROR_MESSAGES.get(code)
    if template is None:
        return f"{code}: {dict(params)}"
    return template.format(**params)


class RuleError(ValueError):
    """A rule's parameters or a measured value are wrong.

    Attributes
    ----------
    code : str
        Stable key of :data:`ERROR_MESSAGES`, for the caller's translation.
    field : str
        The parameter (or ``"value"``) the error is about; ``"kind"`` for an unknown kind.
    params : dict
        The placeholders of the message (``field`` included).

    Examples
    --------
    >>> err = RuleError("negative", "per_breach", got=-0.5)
    >>> (err.code, err.field, str(err))
    ('negative', 'per_breach', "The parameter 'per_breach' cannot be negative, got -0.5.")
    """

    def __init__(self, code: str, field: str, **params: object) -> None:
        self.code = code
        self.field = field
        self.params: dict[str, object] = {"field": field, **params}
        super().__init__(render_message(code, self.params))
