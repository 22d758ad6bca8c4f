"""count_answers: raw answers to the sufficient statistics."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis import as_counts, count_answers, expand_counts
from analysis import counts as counts_module


def _answers() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "centre": pd.Categorical(["B", "A", "B", "A", "A"], categories=["A", "B", "Z"]),
            "week": [202601, 202601, 202602, 202601, 202601],
            "question": ["staff.general"] * 4 + ["access.general"],
            "value": pd.array([5, 4, None, 4, 3], dtype="Int8"),
        }
    )


def test_counts_answers_per_group_question_and_value():
    counts = count_answers(_answers(), ["centre", "week"])
    assert counts.to_dict("records") == [
        {"centre": "A", "week": 202601, "question": "access.general", "value": 3, "n": 1},
        {"centre": "A", "week": 202601, "question": "staff.general", "value": 4, "n": 2},
        {"centre": "B", "week": 202601, "question": "staff.general", "value": 5, "n": 1},
        {"centre": "B", "week": 202602, "question": "staff.general", "value": None, "n": 1},
    ]


def test_categorical_and_integer_keys_keep_their_dtypes():
    counts = count_answers(_answers(), ["centre", "week"])
    assert counts["centre"].dtype == _answers()["centre"].dtype
    assert counts["week"].dtype == np.int64
    assert counts["value"].dtype == "Int64"


def test_not_applicable_answers_can_be_left_out():
    counts = count_answers(_answers(), "centre", keep_missing=False)
    assert counts["value"].notna().all()
    assert counts["n"].sum() == 4


def test_float_values_with_nan_are_accepted():
    answers = pd.DataFrame({"question": ["q", "q", "q"], "value": [4.0, np.nan, 4.0]})
    counts = count_answers(answers)
    assert counts["n"].tolist() == [2, 1]


def test_fractional_values_are_rejected():
    with pytest.raises(ValueError, match="whole numbers"):
        count_answers(pd.DataFrame({"question": ["q"], "value": [4.5]}))


def test_missing_group_key_is_rejected():
    answers = _answers().assign(week=[1.0, np.nan, 2.0, 1.0, 1.0])
    with pytest.raises(ValueError, match="'week' has missing values"):
        count_answers(answers, "week")


def test_missing_column_is_named():
    with pytest.raises(ValueError, match=r"lacks column\(s\) \['commune'\]"):
        count_answers(_answers(), "commune")


def test_reserved_column_cannot_be_a_group():
    with pytest.raises(ValueError, match="reserved"):
        count_answers(_answers(), "value")


def test_empty_answers_give_empty_counts():
    counts = count_answers(_answers().iloc[:0], "centre")
    assert list(counts.columns) == ["centre", "question", "value", "n"]
    assert counts.empty


def test_many_sparse_groups_are_recoded_instead_of_a_huge_table(monkeypatch):
    """Respondent ids spread over a wide range: the dense table would be too large."""
    monkeypatch.setattr(counts_module, "_DENSE_LIMIT", 64)
    rng = np.random.default_rng(1)
    answers = pd.DataFrame(
        {
            "respondent": rng.integers(0, 10**12, 500),
            "question": rng.choice(["a", "b", "c"], 500),
            "value": rng.integers(1, 6, 500),
        }
    )
    ours = count_answers(answers, "respondent")
    theirs = answers.groupby(["respondent", "question", "value"]).size().rename("n").reset_index()
    pd.testing.assert_frame_equal(ours, theirs, check_dtype=False)


def test_expand_counts_inverts_count_answers():
    answers = _answers()
    again = count_answers(expand_counts(count_answers(answers, "centre")), "centre")
    pd.testing.assert_frame_equal(again, count_answers(answers, "centre"))


def test_as_counts_passes_counts_through_and_counts_raw_answers():
    counts = count_answers(_answers(), "centre")
    assert as_counts(counts, "centre") is counts
    pd.testing.assert_frame_equal(as_counts(_answers(), "centre"), counts)


def test_count_answers_does_not_modify_its_input():
    answers = _answers()
    before = answers.copy()
    count_answers(answers, ["centre", "week"])
    pd.testing.assert_frame_equal(answers, before)
