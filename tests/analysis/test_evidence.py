"""Alerts on evidence: at_risk only where the data show it, watch otherwise; integrity."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import RULE_TEXT, early_warnings, integrity_warnings


@pytest.fixture
def one_item():
    return pd.DataFrame({"question": ["q"], "family": ["service"], "factor": ["staff"]})


def _weeks(satisfied: list[int], answers: list[int], centre: str = "A") -> pd.DataFrame:
    rows = []
    for i, (k, n) in enumerate(zip(satisfied, answers, strict=True)):
        rows += [(centre, f"w{i}", "q", 5, k), (centre, f"w{i}", "q", 1, n - k)]
    return pd.DataFrame(rows, columns=["centre", "week", "question", "value", "n"])


def test_an_estimate_under_target_without_evidence_is_only_watched(one_item):
    """78 % of 40 answers: under the 80 % target, but 40 answers cannot tell."""
    counts = _weeks([32, 31], [40, 40])
    res = early_warnings(counts, one_item, "centre", "week")
    assert res["reason"].tolist() == ["below_target"]
    assert set(res["severity"]) == {"watch"}
    assert set(res["rule"]) == {"under_target_no_evidence"}
    assert (res["upper_bound"] > 80).all()
    assert res["rule_text"].iloc[0].startswith("In w1, 78% of the 40 people")


def test_a_figure_clearly_under_target_is_at_risk(one_item):
    counts = _weeks([62, 60], [100, 100])
    res = early_warnings(counts, one_item, "centre", "week")
    row = res.loc[res["reason"] == "below_target"].iloc[0]
    assert row["severity"] == "at_risk"
    assert row["rule"] == "upper_bound_below_target"
    assert row["upper_bound"] < 80


def test_nothing_under_the_minimum_n_is_flagged(one_item):
    counts = _weeks([20, 5], [25, 25])
    assert early_warnings(counts, one_item, "centre", "week").empty


def test_rule_text_has_a_sentence_for_every_rule():
    for rule in (
        "upper_bound_below_target",
        "under_target_no_evidence",
        "significant_drop",
        "ewma",
        "serious_report",
        "share_above_tolerance",
        "above_tolerance_no_evidence",
    ):
        assert rule in RULE_TEXT
        assert RULE_TEXT[rule].endswith(".")


def _integrity(question: str, rows: dict[str, tuple[int, int]]) -> pd.DataFrame:
    yes = 3 if question == "integrity.supplements" else 2
    no = 0 if question == "integrity.supplements" else 1
    out = []
    for centre, (k, n) in rows.items():
        out += [(centre, question, yes, k), (centre, question, no, n - k)]
    return pd.DataFrame(out, columns=["centre", "question", "value", "n"])


def test_issue_examples_raise_integrity_warnings():
    """Nhất Hòa 3 of 42 and Lợi Bác 4 of 54 asked to pay beyond the fees; Hữu Liên 7 of
    27 supplemented more than once (too few answers for a share: no judgement)."""
    counts = pd.concat(
        [
            _integrity("integrity.extra_payment", {"Nhất Hòa": (3, 42), "Lợi Bác": (4, 54)}),
            _integrity("integrity.supplements", {"Hữu Liên": (7, 27), "Tân Văn": (7, 40)}),
            _integrity("integrity.harassment", {"Tân Văn": (1, 120), "Bình Gia": (0, 80)}),
        ]
    )
    res = integrity_warnings(counts, "centre").set_index(["centre", "indicator"])
    assert res.loc[("Nhất Hòa", "extra_payment"), "severity"] == "at_risk"
    assert res.loc[("Lợi Bác", "extra_payment"), "severity"] == "at_risk"
    assert res.loc[("Nhất Hòa", "extra_payment"), "notice"]
    assert res.loc[("Hữu Liên", "multiple_supplements"), "severity"] is None
    # 7 of 40 (17.5 %) is above the 10 % tolerance, but its interval reaches below it.
    assert res.loc[("Tân Văn", "multiple_supplements"), "severity"] == "watch"
    # One report of harassment in 120: a notice, with the count, never the person.
    row = res.loc[("Tân Văn", "harassment")]
    assert row["severity"] == "notice"
    assert row["rule"] == "serious_report"
    assert row["rule_text"].startswith("In the period, 1 of the 120 people")
    assert res.loc[("Bình Gia", "harassment"), "severity"] is None


def test_a_serious_report_is_noticed_even_on_few_answers():
    res = integrity_warnings(_integrity("integrity.harassment", {"A": (1, 6)}), "centre")
    assert res["severity"].tolist() == ["notice"]


def test_tolerances_are_parameters():
    counts = _integrity("integrity.supplements", {"A": (7, 40)})
    strict = integrity_warnings(counts, "centre", tolerances={"multiple_supplements": 2.0})
    assert strict["severity"].tolist() == ["at_risk"]
    with pytest.raises(ValueError, match="percentage"):
        integrity_warnings(counts, "centre", tolerances={"late": 140.0})
