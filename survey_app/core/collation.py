"""Vietnamese alphabetical order for every list of names a user sees.

Python sorts by code point, which puts "Bình Gia" before "Bắc Sơn" and "Đất đai" after
every unaccented name. Vietnamese dictionaries order by letter first, in the alphabet
a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y, and only then by tone
(none, huyền, hỏi, ngã, sắc, nặng), then by case. PyICU is not installed, so the key is
built here from the Unicode decomposition of each letter.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from typing import TypeVar

__all__ = ["sorted_vietnamese", "vietnamese_key"]

T = TypeVar("T")

# The Vietnamese alphabet, with the letters foreign names use (f j w z) where Latin puts them.
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_RANK = {letter: index for index, letter in enumerate(_ALPHABET)}
# Tone marks, in dictionary order after the level tone. Every other mark (breve,
# circumflex, horn) makes a different letter: ă â ê ô ơ ư.
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}

PrimaryUnit = tuple[int, int]


def _letters(text: str) -> Iterable[tuple[str, int, bool]]:
    """Each base letter (with its letter-making mark), its tone and whether it was upper."""
    decomposed = unicodedata.normalize("NFD", text)
    index = 0
    while index < len(decomposed):
        char = decomposed[index]
        index += 1
        marks = ""
        tone = 0
        while index < len(decomposed) and unicodedata.combining(decomposed[index]):
            mark = decomposed[index]
            if mark in _TONES:
                tone = _TONES[mark]
            else:
                marks += mark
            index += 1
        upper = char != char.lower()
        yield unicodedata.normalize("NFC", char.lower() + marks), tone, upper


def _primary(letter: str) -> PrimaryUnit:
    """Where one letter stands: spaces, then punctuation, digits, letters, anything else."""
    if letter in _RANK:
        return (3, _RANK[letter])
    if letter.isspace():
        return (0, 0)
    if letter.isdigit():
        return (2, ord(letter))
    if not letter.isalnum():
        return (1, ord(letter))
    return (4, ord(letter))


def vietnamese_key(
    text: str,
) -> tuple[tuple[PrimaryUnit, ...], tuple[int, ...], tuple[bool, ...]]:
    """A sort key giving Vietnamese alphabetical order: letters, then tones, then case.

    >>> sorted(["Bình Gia", "Đình Lập", "Bắc Sơn", "Dân cư"], key=vietnamese_key)
    ['Bắc Sơn', 'Bình Gia', 'Dân cư', 'Đình Lập']
    """
    units = list(_letters(text.strip()))
    return (
        tuple(_primary(letter) for letter, _tone, _upper in units),
        tuple(tone for _letter, tone, _upper in units),
        tuple(upper for _letter, _tone, upper in units),
    )


def sorted_vietnamese(items: Iterable[T], name: Callable[[T], str]) -> list[T]:
    """``items`` in Vietnamese alphabetical order of ``name(item)``."""
    return sorted(items, key=lambda item: vietnamese_key(name(item)))
