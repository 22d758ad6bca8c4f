"""Questionnaires kept as TOML files: read, check and describe them.

Nothing here touches the database; ``survey_app.seeding.reference`` stores what this
module reads.
"""

from __future__ import annotations

import hashlib
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

INSTRUMENT_DIR = Path(__file__).resolve().parents[1] / "data" / "instruments"
FAMILIES = frozenset(
    {"service", "policy", "overall", "integrity", "perception", "needs", "profile", "comment"}
)
ANSWER_TYPES = frozenset({"scale", "text", "commune"})


class InstrumentError(ValueError):
    """A questionnaire file that does not follow the format in the folder's README."""


@dataclass(frozen=True, slots=True)
class QuestionSpec:
    """One question as read from a file."""

    key: str
    position: int
    section: str
    family: str
    factor: str
    item: str
    policy: str | None
    answer_type: str
    scale: str | None
    allowed_values: tuple[int, ...] | None
    not_applicable: bool
    required: bool
    text_vi: str
    text_en: str
    max_length: int | None


@dataclass(frozen=True, slots=True)
class InstrumentSpec:
    """A whole questionnaire file, checked."""

    key: str
    version: int
    kind: str
    title_vi: str
    title_en: str
    checksum: str
    definition: dict[str, Any]
    questions: tuple[QuestionSpec, ...]


def read_instrument(path: Path) -> InstrumentSpec:
    """Read and check one questionnaire file."""
    raw = path.read_bytes()
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise InstrumentError(f"{path.name}: {error}") from error
    for field in ("key", "version", "kind", "title", "sections"):
        if field not in data:
            raise InstrumentError(f"{path.name}: missing {field!r}")
    scales = data.get("scales", {})
    questions = tuple(_questions(path.name, data["sections"], scales))
    keys = [q.key for q in questions]
    if len(keys) != len(set(keys)):
        duplicates = sorted({k for k in keys if keys.count(k) > 1})
        raise InstrumentError(f"{path.name}: duplicate question keys {duplicates}")
    return InstrumentSpec(
        key=data["key"],
        version=int(data["version"]),
        kind=data["kind"],
        title_vi=data["title"]["vi"],
        title_en=data["title"]["en"],
        checksum=hashlib.sha256(raw).hexdigest(),
        definition=data,
        questions=questions,
    )


def _questions(
    filename: str, sections: list[dict[str, Any]], scales: dict[str, Any]
) -> Iterator[QuestionSpec]:
    position = 0
    for section in sections:
        for raw in section.get("questions", []):
            position += 1
            yield _question(filename, section["key"], position, raw, scales)


def _question(
    filename: str, section: str, position: int, raw: dict[str, Any], scales: dict[str, Any]
) -> QuestionSpec:
    where = f"{filename}: question {raw.get('key', position)!r}"
    if raw.get("family") not in FAMILIES:
        raise InstrumentError(f"{where}: family must be one of {sorted(FAMILIES)}")
    answer_type = raw.get("type")
    if answer_type not in ANSWER_TYPES:
        raise InstrumentError(f"{where}: type must be one of {sorted(ANSWER_TYPES)}")
    allowed: tuple[int, ...] | None = None
    scale = raw.get("scale")
    if answer_type == "scale":
        if scale not in scales:
            raise InstrumentError(f"{where}: unknown scale {scale!r}")
        allowed = tuple(int(v) for v in scales[scale]["values"])
        for lang in ("vi", "en"):
            if len(scales[scale][lang]) != len(allowed):
                raise InstrumentError(f"{filename}: scale {scale!r} needs one {lang} label a value")
    text = raw.get("text", {})
    if not text.get("vi") or not text.get("en"):
        raise InstrumentError(f"{where}: text needs both vi and en")
    return QuestionSpec(
        key=raw["key"],
        position=position,
        section=section,
        family=raw["family"],
        factor=raw.get("factor", raw["family"]),
        item=raw.get("item", raw["key"]),
        policy=raw.get("policy"),
        answer_type=answer_type,
        scale=scale,
        allowed_values=allowed,
        not_applicable=bool(raw.get("not_applicable", False)),
        required=bool(raw.get("required", False)),
        text_vi=text["vi"],
        text_en=text["en"],
        max_length=raw.get("max_length"),
    )


def read_all(directory: Path = INSTRUMENT_DIR) -> list[InstrumentSpec]:
    """Every questionnaire file in ``directory``, sorted by key and version."""
    specs = [read_instrument(path) for path in sorted(directory.glob("*.toml"))]
    return sorted(specs, key=lambda s: (s.key, s.version))
