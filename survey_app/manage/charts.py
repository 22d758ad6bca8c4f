"""Charts drawn on the server as SVG (matplotlib, no JavaScript, no CDN)."""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from typing import Any

import matplotlib
import pandas as pd
from matplotlib.figure import Figure

from survey_app.core.indicator_labels import component_label

FACTORS = ("access", "procedure", "staff", "result", "feedback")
COLOURS = ("#0b5394", "#e86c1a", "#4c8a1e", "#8a2be2", "#a8281a", "#1b1b1b")
TARGET = 80.0


def trend_svg(table: pd.DataFrame, weeks: Sequence[str], title: str) -> bytes:
    """Weekly index per factor and overall, with the 80 % target as a dashed line."""
    figure = Figure(figsize=(7.5, 3.6), dpi=100)
    axes = figure.add_subplot()
    positions = range(len(weeks))
    for colour, key in zip(COLOURS, (*FACTORS, "overall"), strict=True):
        rows = table[table["component"] == key].set_index("period")
        values = [_value(rows, week) for week in weeks]
        axes.plot(
            positions,
            values,
            marker="o",
            markersize=3,
            linewidth=2.2 if key == "overall" else 1.3,
            color=colour,
            label=component_label(key),
        )
    axes.axhline(TARGET, color="#6b6b6b", linestyle="--", linewidth=1)
    axes.set_ylim(0, 100)
    axes.set_xticks(list(positions), [w[5:] for w in weeks], fontsize=8, rotation=45)
    axes.set_ylabel("%")
    axes.set_title(title, fontsize=10)
    axes.grid(axis="y", color="#dddddd")
    axes.legend(fontsize=7, loc="lower left", ncols=3, frameon=False)
    figure.tight_layout()
    return _svg(figure)


def bars_svg(
    rows: Sequence[tuple[str, float | None, float | None, float | None]], title: str
) -> bytes:
    """One bar per factor with its interval; factors with too few answers are left empty."""
    figure = Figure(figsize=(7.5, 3.2), dpi=100)
    axes = figure.add_subplot()
    labels = [component_label(key) for key, *_ in rows]
    values = [index if index is not None else 0.0 for _, index, _, _ in rows]
    low = [max(0.0, i - lo) if i is not None and lo is not None else 0.0 for _, i, lo, _ in rows]
    high = [max(0.0, hi - i) if i is not None and hi is not None else 0.0 for _, i, _, hi in rows]
    axes.barh(labels, values, xerr=[low, high], color="#7fa7d6", ecolor="#1b1b1b", capsize=3)
    axes.axvline(TARGET, color="#6b6b6b", linestyle="--", linewidth=1)
    axes.set_xlim(0, 100)
    axes.invert_yaxis()
    axes.tick_params(axis="y", labelsize=8)
    axes.set_title(title, fontsize=10)
    figure.tight_layout()
    return _svg(figure)


def _value(rows: pd.DataFrame, week: str) -> float:
    if week not in rows.index:
        return math.nan
    value: Any = rows.loc[week, "index"]  # a cell: the stubs say any scalar pandas has
    return float(value) if value is not None else math.nan


def _svg(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    # Text as text, not outlines: smaller files, and the labels stay selectable.
    with matplotlib.rc_context({"svg.fonttype": "none"}):
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue()
