"""Integrity columns of the aggregate export: what citizens reported, with n and interval.

The same shares the SIPAS workbook and the week page show (analysis.integrity_shares on
the visit ratings' counts), per centre and period: harassment, payments beyond the
official fees, more than one supplement, late results.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
from flask_babel import force_locale

from analysis import integrity_shares
from survey_app.core.indicator_labels import INDICATORS
from survey_app.reporting.rows import rows_of

EXPORTED = ("harassment", "extra_payment", "multiple_supplements", "late")


def integrity_headers() -> list[str]:
    """Four columns per indicator: n, share, and the interval's two ends (Vietnamese)."""
    headers: list[str] = []
    with force_locale("vi"):
        for key in EXPORTED:
            label = str(INDICATORS[key])
            headers += [f"{label}: n", f"{label} (%)", f"{label}: cận dưới", f"{label}: cận trên"]
    return headers


def integrity_cells(counts: pd.DataFrame, min_n: int) -> dict[tuple[int, str], list[Any]]:
    """(centre, period) → the integrity columns in ``integrity_headers`` order.

    Under ``min_n`` answers the share and its interval are blank ("too few answers"),
    as the indices are; n is always given.
    """
    if counts.empty:
        return {}
    shares = integrity_shares(counts, by=["centre", "period"], min_n=min_n)
    found: dict[tuple[int, str], dict[str, list[Any]]] = {}
    for r in rows_of(shares, index=False):
        if r.indicator not in EXPORTED:
            continue
        shown = not bool(r.too_few) and not pd.isna(r.share)
        values = [r.share, r.ci_low, r.ci_high] if shown else [None, None, None]
        cell = [int(r.n), *(None if v is None else round(float(v), 2) for v in values)]
        found.setdefault((int(r.centre), str(r.period)), {})[str(r.indicator)] = cell
    blank = [0, None, None, None]
    return {
        unit: [value for key in EXPORTED for value in cells.get(key, blank)]
        for unit, cells in found.items()
    }
