"""Cronbach's alpha and the driver analysis (survey only)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis import cronbach_alpha, driver_analysis


def _items() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "question": ["access.1", "access.2", "access.3", "staff.1", "staff.2", "overall.visit"],
            "family": ["service"] * 5 + ["overall"],
            "factor": ["access"] * 3 + ["staff"] * 2 + ["overall"],
        }
    )


def _respondents(seed: int = 0, size: int = 400) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    access, staff = rng.normal(0, 1, size), rng.normal(0, 1, size)

    def answer(latent: np.ndarray, noise: float) -> np.ndarray:
        return np.clip(np.rint(3.5 + latent + rng.normal(0, noise, size)), 1, 5)

    return pd.DataFrame(
        {
            "access.1": answer(access, 0.5),
            "access.2": answer(access, 0.5),
            "access.3": answer(access, 0.5),
            "staff.1": answer(staff, 0.5),
            "staff.2": answer(staff, 0.5),
            "overall.visit": answer(0.8 * staff + 0.2 * access, 0.4),
        }
    )


def test_cronbach_alpha_matches_the_variance_formula():
    """α = k/(k − 1) × (1 − Σ item variances / variance of the sum)."""
    wide = _respondents()
    res = cronbach_alpha(wide, _items()).set_index("factor")
    cols = ["access.1", "access.2", "access.3"]
    variances = wide[cols].var(ddof=1).sum()
    total = wide[cols].sum(axis=1).var(ddof=1)
    assert res.loc["access", "alpha"] == pytest.approx(1.5 * (1 - variances / total))
    assert res.loc["access", "ci_low"] < res.loc["access", "alpha"] < res.loc["access", "ci_high"]
    assert res.loc["staff", "items"] == 2
    assert "overall" not in res.index


def test_listwise_alpha_drops_incomplete_respondents_pairwise_keeps_them():
    wide = _respondents()
    wide.loc[:49, "access.3"] = np.nan
    listwise = cronbach_alpha(wide, _items()).set_index("factor")
    pairwise = cronbach_alpha(wide, _items(), missing="pairwise").set_index("factor")
    assert listwise.loc["access", "n"] == 350
    assert pairwise.loc["access", "n"] == 350
    assert listwise.loc["staff", "n"] == 400
    assert pairwise.loc["access", "alpha"] == pytest.approx(
        listwise.loc["access", "alpha"], abs=0.05
    )
    assert np.isnan(pairwise.loc["access", "ci_low"])


def test_driver_analysis_finds_the_factor_that_moves_overall_satisfaction():
    """Overall is built as 0.8 × staff + 0.2 × access: staff must come first."""
    res = driver_analysis(_respondents(), _items(), "overall.visit")
    assert res.table["factor"].tolist() == ["staff", "access"]
    assert res.table["lmg"].sum() == pytest.approx(res.r_squared)
    assert res.table["share"].sum() == pytest.approx(1.0)
    assert res.n == 400
    assert 0 < res.r_squared < 1


def test_driver_analysis_needs_enough_respondents():
    with pytest.raises(ValueError, match="complete respondents"):
        driver_analysis(_respondents(size=3), _items(), "overall.visit")


@pytest.mark.parametrize("size", [0, 1])
@pytest.mark.parametrize("missing", ["listwise", "pairwise"])
def test_alpha_of_too_few_respondents_is_missing_without_a_warning(size, missing):
    """A report period with one complete questionnaire: no alpha, and no numpy warning
    (the suite turns warnings into errors, as the SIPAS report job once found)."""
    res = cronbach_alpha(_respondents(size=size), _items(), missing=missing)
    assert (res["n"] <= 1).all()
    assert res["alpha"].isna().all()
