"""Integrity indicators and the share choosing each option."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis import ShareDefinition, integrity_shares, option_shares, wilson_interval


def _pulse_integrity() -> pd.DataFrame:
    rows = [
        ("A", "integrity.harassment", 1, 95),
        ("A", "integrity.harassment", 2, 5),
        ("A", "integrity.extra_payment", 1, 100),
        ("A", "integrity.supplements", 0, 70),
        ("A", "integrity.supplements", 1, 20),
        ("A", "integrity.supplements", 2, 6),
        ("A", "integrity.supplements", 3, 4),
        ("A", "integrity.on_time", 1, 60),
        ("A", "integrity.on_time", 2, 20),
        ("A", "integrity.on_time", 3, 20),
        ("B", "integrity.harassment", 1, 10),
        ("B", "integrity.harassment", 2, 2),
    ]
    return pd.DataFrame(rows, columns=["centre", "question", "value", "n"])


def test_integrity_shares_follow_the_pulse_codes():
    """A: harassment 5/100; extra payment 0/100; two or more supplements (6 + 4)/100;
    late 20 among the 80 who have their result (not yet received is left out);
    not received 20/100."""
    res = integrity_shares(_pulse_integrity(), "centre").set_index(["centre", "indicator"])
    a = res.loc["A"]
    assert a.loc["harassment", "share"] == pytest.approx(5.0)
    assert a.loc["extra_payment", "share"] == pytest.approx(0.0)
    assert a.loc["multiple_supplements", "share"] == pytest.approx(10.0)
    assert a.loc["late", "n"] == 80
    assert a.loc["late", "share"] == pytest.approx(25.0)
    assert a.loc["not_received", "share"] == pytest.approx(20.0)
    ci = wilson_interval(5, 100)
    assert a.loc["harassment", "ci_low"] == pytest.approx(100 * float(ci.low))


def test_integrity_shares_on_few_answers_are_too_few():
    res = integrity_shares(_pulse_integrity(), "centre").set_index(["centre", "indicator"])
    b = res.loc[("B", "harassment")]
    assert b["too_few"]
    assert np.isnan(b["share"])
    assert b["share_raw"] == pytest.approx(100 * 2 / 12)


def test_integrity_indicators_are_configuration():
    custom = {"any_supplement": ShareDefinition("integrity.supplements", {1, 2, 3}, {0, 1, 2, 3})}
    res = integrity_shares(_pulse_integrity(), indicators=custom)
    assert res["share"].tolist() == pytest.approx([30.0])
    with pytest.raises(ValueError, match="subset"):
        ShareDefinition("q", {3}, {1, 2})


def test_option_shares_report_every_option_of_the_scale():
    """National 2024 harassment figures: 90.06 % none, 8.98 % some, 0.96 % many."""
    counts = pd.DataFrame(
        {"question": "perception.harassment", "value": [1, 2, 3], "n": [9006, 898, 96]}
    )
    res = option_shares(counts)
    assert res["share"].tolist() == pytest.approx([90.06, 8.98, 0.96])
    assert (res["ci_low"] < res["share"]).all()
    assert (res["share"] < res["ci_high"]).all()


def test_option_shares_list_options_nobody_chose_when_told_the_scale():
    counts = pd.DataFrame(
        {"centre": "A", "question": "needs.openness", "value": [3, 4], "n": [20, 30]}
    )
    res = option_shares(counts, "centre", options={"needs.openness": [1, 2, 3, 4]})
    assert res["value"].tolist() == [1, 2, 3, 4]
    assert res["share"].tolist() == pytest.approx([0, 0, 40, 60])
