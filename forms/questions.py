"""Plain descriptions of questions, as the form factories take them."""

from __future__ import annotations

from dataclasses import dataclass

# The submitted value of the "not applicable" choice online.
NOT_APPLICABLE = "na"
# Answer types besides "scale" and "text": a drop-down of communes (the SIPAS survey).
COMMUNE_TYPE = "commune"


@dataclass(frozen=True, slots=True)
class Choice:
    """One allowed answer: the submitted value and its label in the page's language."""

    value: str
    label: str


@dataclass(frozen=True, slots=True)
class FormQuestion:
    """A question ready for a form: key, wording and choices in one language."""

    key: str
    answer_type: str  # "scale", "text" or "commune"
    label: str
    choices: tuple[Choice, ...] = ()
    not_applicable: bool = False
    required: bool = False
    help: str = ""
    max_length: int | None = None
    scale: str = ""

    @property
    def field_name(self) -> str:
        """The form field's name: the key with dots made safe for HTML ids and CSS."""
        return field_name(self.key)


def field_name(key: str) -> str:
    """``staff.general`` -> ``staff-general``."""
    return key.replace(".", "-")
