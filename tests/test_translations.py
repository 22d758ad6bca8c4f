"""Every message has an English translation; Vietnamese is the source language."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "survey_app" / "translations" / "en" / "LC_MESSAGES" / "messages.po"
METHODS = [
    ("survey_app/**.py", "python"),
    ("forms/**.py", "python"),
    ("templates/**.html", "jinja2"),
]


def source_messages() -> set[str]:
    """Every translatable string in the code and templates, as pybabel extracts it."""
    keywords = {**DEFAULT_KEYWORDS, "_l": None}
    found = set()
    for _filename, _lineno, message, _comments, _context in extract_from_dir(
        str(ROOT), METHODS, keywords=keywords
    ):
        found.add(message if isinstance(message, str) else message[0])
    return found


def test_every_message_has_an_english_translation() -> None:
    with CATALOGUE.open("rb") as handle:
        catalogue = read_po(handle, locale="en")
    translated = {m.id for m in catalogue if m.id and m.string and not m.fuzzy}
    extracted = source_messages()
    assert {"Gửi đánh giá", "Đăng nhập", "Xin chọn một câu trả lời cho câu hỏi này."} <= extracted
    missing = sorted(extracted - translated)
    assert missing == [], "run pybabel extract/update and translate: " + "; ".join(missing[:5])
