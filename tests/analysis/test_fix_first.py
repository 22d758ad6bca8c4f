"""What to fix first: worked examples, minimum n and the bootstrap interval."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis import fix_first

ITEMS = pd.DataFrame(
    {
        "question": ["staff.general", "access.general", "overall.visit"],
        "family": ["service", "service", "overall"],
        "factor": ["staff", "access", "overall"],
    }
)


def _patterns(scale: int = 1) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "centre": "A",
            "staff.general": [5, 5, 1, 1, 5, None],
            "access.general": [5, 1, 5, 1, 5, 4],
            "overall.visit": [5, 5, 1, 1, 5, 5],
            "n": [40 * scale, 10 * scale, 10 * scale, 10 * scale, 30 * scale, 7 * scale],
        }
    )


def test_worked_example_by_hand():
    """Staff: 20 of 100 not satisfied, none of them satisfied overall, all 80 others
    satisfied overall: priority = P(O | S) − P(O) = 100 − 80 = 20 points. Access (107
    answered both): 20 not satisfied, 10 of them satisfied overall; 87 satisfied, 77 of
    them overall: 88.5 − 81.3 = 7.2 points."""
    res = fix_first(_patterns(), "centre", items=ITEMS, replicates=0).set_index("factor")
    assert res.loc["staff", "n"] == 100
    assert res.loc["access", "n"] == 107
    assert res.loc["staff", "priority"] == pytest.approx(20.0)
    assert res.loc["staff", "gain"] == pytest.approx(100.0)
    assert res.loc["access", "priority"] == pytest.approx(100 * (77 / 87 - 87 / 107))
    assert res.loc["access", "share_dissatisfied"] == pytest.approx(100 * 20 / 107)
    assert res["rank"].tolist() == [1, 2]


def test_province_pools_units_and_small_units_are_suppressed():
    pats = pd.concat([_patterns(), _patterns().assign(centre="B", n=lambda f: f["n"] // 10)])
    res = fix_first(pats, "centre", items=ITEMS, replicates=200, rng=1)
    small = res[res["centre"] == "B"]
    assert small["too_few"].all()
    assert small["priority"].isna().all()
    assert small["rank"].isna().all()
    province = fix_first(pats, None, items=ITEMS, replicates=0)
    assert province["n"].tolist() == [110, 117]


def test_interval_covers_the_estimate_and_is_reproducible():
    res = fix_first(_patterns(3), "centre", items=ITEMS, replicates=500, rng=7)
    again = fix_first(_patterns(3), "centre", items=ITEMS, replicates=500, rng=7)
    pd.testing.assert_frame_equal(res, again)
    assert (res["ci_low"] <= res["priority"]).all()
    assert (res["priority"] <= res["ci_high"]).all()
    assert (res["ci_high"] - res["ci_low"] > 0).all()


def test_bad_input_raises_and_input_is_not_modified():
    pats = _patterns()
    before = pats.copy()
    fix_first(pats, "centre", items=ITEMS, replicates=50)
    pd.testing.assert_frame_equal(pats, before)
    with pytest.raises(ValueError, match="lacks column"):
        fix_first(pats.drop(columns="overall.visit"), "centre")
    with pytest.raises(ValueError, match="min_n"):
        fix_first(pats, "centre", min_n=0)
    assert np.isfinite(fix_first(pats, "centre", replicates=0)["priority"]).all()


def test_gain_and_interval_stay_under_the_ceiling_of_overall_satisfaction():
    """Nhất Hòa's week on the demo: 16 of 37 satisfied with access, all 16 satisfied
    overall, 5 of the other 21: overall 21/37 = 56.8 %, priority 100 − 56.8 = 43.2
    points, the most overall satisfaction can rise. The bootstrap gave 29.7 to 62.2."""
    pats = pd.DataFrame({"access.general": [5, 1, 1], "overall.visit": [5, 5, 1], "n": [16, 5, 16]})
    res = fix_first(pats, replicates=400, rng=0).iloc[0]
    ceiling = 100 * (1 - 21 / 37)
    assert res["priority"] == pytest.approx(ceiling)
    assert res["ci_high"] <= ceiling + 1e-9
    assert 0 < res["ci_low"] <= res["priority"]


def test_interval_never_leaves_what_overall_satisfaction_allows():
    rng = np.random.default_rng(3)
    for _ in range(20):
        counts = rng.integers(0, 15, size=4)
        counts[0] = max(counts[0], 1)
        pats = pd.DataFrame(
            {"f": [5, 5, 1, 1], "overall.visit": [5, 1, 5, 1], "n": counts + np.array([0, 0, 0, 1])}
        )
        res = fix_first(pats, replicates=200, rng=1, min_n=1).iloc[0]
        overall = 100 * (counts[0] + counts[2]) / (counts.sum() + 1)
        assert -overall - 1e-9 <= res["ci_low"] <= res["ci_high"] <= 100 - overall + 1e-9
