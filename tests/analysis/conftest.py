"""Fixtures for the analysis tests: item metadata and small count builders."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping

import numpy as np
import pandas as pd
import pytest

from analysis.method import national_survey_items

PULSE_FACTORS = ("access", "procedure", "staff", "result", "feedback")


@pytest.fixture
def pulse_items() -> Iterator[pd.DataFrame]:
    """visit_pulse_v1: one question per service factor plus overall satisfaction."""
    return pd.DataFrame(
        {
            "question": [f"{f}.general" for f in PULSE_FACTORS] + ["overall.visit"],
            "family": ["service"] * 5 + ["overall"],
            "factor": [*PULSE_FACTORS, "overall"],
            "policy": pd.NA,
        }
    )


@pytest.fixture
def survey_items() -> Iterator[pd.DataFrame]:
    return national_survey_items()


@pytest.fixture
def make_counts() -> Iterator[Callable[..., pd.DataFrame]]:
    """Build counts from {question: (satisfied, answers)} and group values."""
    return counts_from_rates


@pytest.fixture
def make_pulse() -> Iterator[Callable[..., pd.DataFrame]]:
    """Build pulse counts by centre and week, see :func:`pulse_answers`."""
    return pulse_answers


def counts_from_rates(satisfied: Mapping[str, tuple[int, int]], **groups: object) -> pd.DataFrame:
    """Counts with k answers of 5 and n - k answers of 2 per question."""
    rows = []
    for question, (k, n) in satisfied.items():
        rows.append({**groups, "question": question, "value": 5, "n": k})
        rows.append({**groups, "question": question, "value": 2, "n": n - k})
    return pd.DataFrame(rows)


def pulse_answers(
    *, centres: int, weeks: int, per_cell: int, rate: float, seed: int
) -> pd.DataFrame:
    """Counts for the pulse: satisfied (5) with probability ``rate``, else 2."""
    rng = np.random.default_rng(seed)
    rows = []
    for c in range(centres):
        for w in range(weeks):
            for f in (*PULSE_FACTORS, "overall"):
                q = "overall.visit" if f == "overall" else f"{f}.general"
                k = int(rng.binomial(per_cell, rate))
                rows.append((f"C{c:02d}", f"2026-W{w:02d}", q, 5, k))
                rows.append((f"C{c:02d}", f"2026-W{w:02d}", q, 2, per_cell - k))
    return pd.DataFrame(rows, columns=["centre", "week", "question", "value", "n"])
