"""Property tests: what must hold for any counts, not just the hand-worked ones."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis import (
    SipasMethod,
    count_answers,
    expand_counts,
    item_indices,
    sipas_indices,
    wilson_interval,
)

QUESTIONS = [f"{f}.general" for f in ("access", "procedure", "staff", "result", "feedback")]
ITEMS = pd.DataFrame(
    {
        "question": [*QUESTIONS, "overall.visit"],
        "family": ["service"] * 5 + ["overall"],
        "factor": ["access", "procedure", "staff", "result", "feedback", "overall"],
    }
)
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def count_frames(draw: st.DrawFn, *, max_n: int = 60) -> pd.DataFrame:
    """Counts for up to 3 centres × the pulse questions, values 1-5 or missing."""
    rows = []
    for centre in draw(st.lists(st.sampled_from("ABC"), min_size=1, max_size=3, unique=True)):
        questions = draw(
            st.lists(
                st.sampled_from([*QUESTIONS, "overall.visit"]), min_size=1, max_size=6, unique=True
            )
        )
        for question in questions:
            for value in draw(
                st.lists(
                    st.sampled_from([1, 2, 3, 4, 5, None]), min_size=1, max_size=6, unique=True
                )
            ):
                n = draw(st.integers(1, max_n))
                rows.append({"centre": centre, "question": question, "value": value, "n": n})
    frame = pd.DataFrame(rows)
    frame["value"] = frame["value"].astype("Int64")
    return frame


def _sorted(frame: pd.DataFrame) -> pd.DataFrame:
    keys = [c for c in ("centre", "level", "component", "question") if c in frame.columns]
    return frame.sort_values(keys, ignore_index=True)


@SETTINGS
@given(count_frames())
def test_indices_lie_between_0_and_100(counts):
    res = sipas_indices(counts, ITEMS, "centre", replicates=50, rng=1)
    for col in ("index", "index_raw", "ci_low", "ci_high"):
        values = res[col].dropna()
        assert ((values >= 0) & (values <= 100)).all()


@SETTINGS
@given(count_frames(), st.randoms(use_true_random=False))
def test_indices_do_not_depend_on_row_order(counts, random):
    order = list(range(len(counts)))
    random.shuffle(order)
    shuffled = counts.iloc[order].reset_index(drop=True)
    first = sipas_indices(counts, ITEMS, "centre", replicates=0)
    second = sipas_indices(shuffled, ITEMS, "centre", replicates=0)
    pd.testing.assert_frame_equal(_sorted(first), _sorted(second))


@SETTINGS
@given(count_frames())
def test_counting_raw_answers_then_scoring_equals_scoring_raw_answers(counts):
    raw = expand_counts(counts)
    pd.testing.assert_frame_equal(
        item_indices(raw, "centre"), item_indices(count_answers(raw, "centre"), "centre")
    )
    pd.testing.assert_frame_equal(
        sipas_indices(raw, ITEMS, "centre", replicates=0),
        sipas_indices(counts, ITEMS, "centre", replicates=0),
    )


@SETTINGS
@given(count_frames())
def test_count_answers_agrees_with_pandas_groupby(counts):
    raw = expand_counts(counts)
    ours = count_answers(raw, "centre")
    theirs = (
        raw.groupby(["centre", "question", "value"], dropna=False, sort=True)
        .size()
        .rename("n")
        .reset_index()
    )
    pd.testing.assert_frame_equal(ours, theirs, check_dtype=False)


@settings(max_examples=200, deadline=None)
@given(
    st.integers(0, 500).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))),
    st.floats(0.5, 0.999),
)
def test_wilson_interval_contains_the_estimate(kn, confidence):
    k, n = kn
    ci = wilson_interval(k, n, confidence=confidence)
    if n == 0:
        assert np.isnan(ci.low)
    else:
        assert ci.low <= k / n <= ci.high


@SETTINGS
@given(count_frames(max_n=200))
def test_intervals_contain_the_estimate_whenever_they_are_reported(counts):
    res = sipas_indices(
        counts, ITEMS, "centre", replicates=400, rng=2, method=SipasMethod(min_n=30)
    )
    shown = res.dropna(subset=["index"])
    assert (shown["ci_low"] <= shown["index"] + 1e-9).all()
    assert (shown["index"] <= shown["ci_high"] + 1e-9).all()


@pytest.mark.parametrize("shuffle_seed", [1, 2])
def test_bootstrap_intervals_depend_only_on_the_seed(shuffle_seed, make_pulse, pulse_items):
    counts = make_pulse(centres=3, weeks=2, per_cell=80, rate=0.8, seed=9)
    shuffled = counts.sample(frac=1, random_state=shuffle_seed)
    a = sipas_indices(counts, pulse_items, ["centre", "week"], rng=5)
    b = sipas_indices(shuffled, pulse_items, ["centre", "week"], rng=5)
    pd.testing.assert_frame_equal(_sorted(a), _sorted(b))
