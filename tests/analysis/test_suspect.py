"""Suspect-answering flags from response metadata."""

from __future__ import annotations

import pandas as pd

from analysis import SuspectRules, suspect_responses


def _responses() -> pd.DataFrame:
    # Local time is UTC+7: 02:00 UTC is 09:00 at the centre.
    burst = pd.date_range("2026-07-06 02:00", periods=6, freq="30s", tz="UTC")
    steady = pd.date_range("2026-07-06 03:00", periods=4, freq="20min", tz="UTC")
    night = pd.DatetimeIndex(["2026-07-06 16:30"], tz="UTC")  # 23:30 local
    times = burst.append(steady).append(night)
    return pd.DataFrame(
        {
            "response_id": range(100, 111),
            "centre": ["A"] * 6 + ["B"] * 4 + ["A"],
            "submitted_at": times,
            "pattern": ["5|5|5|5|5"] * 6
            + ["4|5|4|3|5", "5|5|5|5|5", "3|4|4|4|4", "4|4|4|4|4"]
            + ["1|1|1|1|1"],
        }
    )


def test_bursts_repeated_patterns_and_odd_hours_are_flagged_per_response():
    rules = SuspectRules(burst_window="5min", burst_count=5, repeat_window="10min", repeat_count=5)
    res = suspect_responses(_responses().sample(frac=1, random_state=3), rules=rules)
    res = res.set_index("response_id")
    burst_ids = list(range(100, 106))
    assert res.loc[burst_ids, "burst"].all()
    assert res.loc[burst_ids, "repeated_pattern"].all()
    assert res.loc[burst_ids[0], "reasons"] == "burst,repeated_pattern"
    assert not res.loc[range(106, 110), "suspect"].any()
    assert res.loc[110, "reasons"] == "odd_hour"


def test_flags_keep_the_input_order_and_nothing_is_flagged_under_the_thresholds():
    responses = _responses()
    res = suspect_responses(responses)
    assert res["response_id"].tolist() == responses["response_id"].tolist()
    assert res["reasons"].tolist() == [""] * 10 + ["odd_hour"]


def test_a_window_counts_responses_less_than_its_length_apart():
    """Five responses exactly five minutes apart are never five in one 5-minute window."""
    times = pd.date_range("2026-07-06 02:00", periods=5, freq="5min", tz="UTC")
    frame = pd.DataFrame(
        {"response_id": range(5), "centre": "A", "submitted_at": times, "pattern": list("abcde")}
    )
    res = suspect_responses(frame, rules=SuspectRules(burst_window="5min", burst_count=2))
    assert not res["burst"].any()
