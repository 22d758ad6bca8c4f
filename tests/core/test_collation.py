"""Vietnamese alphabetical order: letters first, then tones, then case."""

from __future__ import annotations

import random

import pytest

from survey_app.core.collation import sorted_vietnamese, vietnamese_key


def _shuffled(items: list[str]) -> list[str]:
    return random.Random(14).sample(items, len(items))


def test_bac_son_comes_before_binh_gia() -> None:
    assert sorted(["Bình Gia", "Bắc Sơn"], key=vietnamese_key) == ["Bắc Sơn", "Bình Gia"]


def test_d_with_stroke_follows_d_and_precedes_e() -> None:
    names = ["Giấy phép", "Đất đai", "Dân cư", "Xây dựng", "Em", "Đăng ký"]
    assert sorted(names, key=vietnamese_key) == [
        "Dân cư",
        "Đăng ký",
        "Đất đai",
        "Em",
        "Giấy phép",
        "Xây dựng",
    ]


@pytest.mark.parametrize(
    "letters",
    [
        "a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y",
        "A Ă Â B C D Đ E Ê G H I K L M N O Ô Ơ P Q R S T U Ư V X Y",
    ],
)
def test_the_alphabet_sorts_in_its_own_order(letters: str) -> None:
    alphabet = letters.split()
    assert sorted(_shuffled(alphabet), key=vietnamese_key) == alphabet


def test_tones_come_after_the_base_letter_in_dictionary_order() -> None:
    tones = ["ma", "mà", "mả", "mã", "má", "mạ"]
    assert sorted(_shuffled(tones), key=vietnamese_key) == tones
    # A tone counts only when the letters tie: "mạc" still follows "mà" … "mã".
    assert sorted(["mạc", "mã", "mác"], key=vietnamese_key) == ["mã", "mác", "mạc"]


def test_letter_marks_are_letters_not_tones() -> None:
    # ư is its own letter after u: every "u…" word comes before any "ư…" word.
    assert sorted(["ưa", "uy", "ừ", "ủa"], key=vietnamese_key) == ["ủa", "uy", "ừ", "ưa"]


def test_decomposed_and_composed_text_sort_alike() -> None:
    composed = "Lạng Sơn"
    decomposed = "La\u0323ng So\u031bn"
    assert vietnamese_key(composed) == vietnamese_key(decomposed)


def test_shorter_word_first_and_digits_before_letters() -> None:
    names = ["Quầy 10", "Quầy 2", "Quầy", "Quầy A"]
    assert sorted(names, key=vietnamese_key) == ["Quầy", "Quầy 10", "Quầy 2", "Quầy A"]


def test_sorted_vietnamese_sorts_objects_by_a_name() -> None:
    rows = [("lang-son", "Thành phố Lạng Sơn"), ("bac-son", "Bắc Sơn"), ("dinh-lap", "Đình Lập")]
    assert [key for key, _ in sorted_vietnamese(rows, lambda r: r[1])] == [
        "bac-son",
        "dinh-lap",
        "lang-son",
    ]
