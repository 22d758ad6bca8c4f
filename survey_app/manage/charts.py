"""Charts drawn on the server as SVG (matplotlib, no JavaScript, no CDN).

Sized for a phone first: a figure 4.4 in (317 pt) wide is shown about 328 px wide on a
360 px screen, so text of 12 pt stays at least 11 px there; a desktop shows it larger.
The value axis starts near the lowest interval (and the target), not at 0, so that the
differences the page talks about can be seen; intervals are drawn as bands or bars, n is
in the labels, and a week without enough answers gives a sentence, not empty axes.
"""

from __future__ import annotations

import io
import math
import textwrap
from collections.abc import Sequence
from datetime import date
from typing import Any

import matplotlib
import pandas as pd
from flask_babel import format_date, get_locale
from flask_babel import gettext as _
from matplotlib.figure import Figure

from survey_app.core.indicator_labels import component_label

FACTORS = ("access", "procedure", "staff", "result", "feedback")
COLOURS = ("#0b5394", "#e86c1a", "#4c8a1e", "#8a2be2", "#a8281a", "#1b1b1b")
TARGET = 80.0
WIDTH = 4.4  # inches: see the module's docstring
TEXT = 13  # points
SMALL = 12
# Characters of 12 pt text that fit across the figure with room to spare: the browser may
# draw the labels in a font a little wider than the DejaVu Sans matplotlib measures with.
LINE_CHARS = 36
TITLE_CHARS = 34
LINE_HEIGHT = 0.21  # inches: one line of 12 pt text
NBSP = "\u00a0"

BarRow = tuple[str, float | None, float | None, float | None, int]
# rank, its 90 % interval, how many centres were ranked, n
RankPoint = tuple[int | None, int | None, int | None, int, int]


def day_month(week: str) -> str:
    """``2026-11-16`` -> ``16/11``."""
    day = date.fromisoformat(week)
    return f"{day.day:02d}/{day.month:02d}"


def value_floor(values: Sequence[float]) -> float:
    """Where the value axis starts: 5 points below the lowest figure or the target, in tens."""
    lowest = min([TARGET, *(v for v in values if not math.isnan(v))])
    return max(0.0, math.floor((lowest - 5) / 10) * 10)


def trend_svg(table: pd.DataFrame, weeks: Sequence[str], title: str) -> bytes:
    """Weekly index per factor and overall (its 95 % interval as a band), with the target."""
    overall = table[table["component"] == "overall"].set_index("period") if len(table) else None
    if overall is None or all(math.isnan(_value(overall, w, "index")) for w in weeks):
        return message_svg(title, _("Chưa đủ câu trả lời để vẽ xu hướng trong 12 tuần này."))
    # Constrained layout makes room for every label around the axes, and the legend is
    # placed outside them, below the caption: fixed fractions of the figure clipped the
    # "%" and put the legend's last lines over the caption with Vietnamese names.
    figure = Figure(figsize=(WIDTH, 6.4), dpi=100, layout="constrained")
    axes = figure.add_subplot()
    positions = list(range(len(weeks)))
    shown: list[float] = []
    for colour, key in zip(COLOURS, (*FACTORS, "overall"), strict=True):
        rows = table[table["component"] == key].set_index("period")
        values = [_value(rows, week, "index") for week in weeks]
        shown += values
        axes.plot(
            positions,
            values,
            marker="o",
            markersize=3,
            linewidth=2.4 if key == "overall" else 1.2,
            color=colour,
            label=textwrap.fill(component_label(key), 16),
        )
    low = [_value(overall, w, "ci_low") for w in weeks]
    high = [_value(overall, w, "ci_high") for w in weeks]
    axes.fill_between(positions, low, high, color=COLOURS[-1], alpha=0.12, linewidth=0)
    axes.axhline(TARGET, color="#6b6b6b", linestyle="--", linewidth=1)
    axes.set_ylim(value_floor([*shown, *low]), 100)
    # Every other week is named, or twelve dates would not fit across a phone.
    step = 2 if len(weeks) > 6 else 1
    axes.set_xticks(positions)
    axes.set_xticklabels(
        [day_month(w) if i % step == (len(weeks) - 1) % step else "" for i, w in enumerate(weeks)],
        fontsize=SMALL,
    )
    axes.tick_params(axis="y", labelsize=SMALL)
    axes.set_ylabel("%", fontsize=SMALL)
    counts = [int(n) for w in weeks if not math.isnan(n := _value(overall, w, "n"))]
    axes.set_title(textwrap.fill(title, TITLE_CHARS), fontsize=TEXT)
    axes.grid(axis="y", color="#dddddd")
    # The caption is the x axis's label, so the layout keeps it between the dates and the
    # legend.
    axes.set_xlabel(
        textwrap.fill(
            _(
                "Dải xám: khoảng tin cậy 95%% của hài lòng chung; n mỗi tuần %(low)d–%(high)d.",
                low=min(counts, default=0),
                high=max(counts, default=0),
            ),
            LINE_CHARS,
        ),
        fontsize=SMALL,
        labelpad=8,
    )
    figure.legend(loc="outside lower center", ncols=2, fontsize=SMALL, frameon=False)
    return _svg(figure)


def bars_svg(rows: Sequence[BarRow], title: str) -> bytes:
    """Each factor's index as a point with its 95 % interval as a bar; n beside its name."""
    measured = [r for r in rows if r[1] is not None and not math.isnan(r[1])]
    if not measured:
        return message_svg(title, _("Chưa đủ câu trả lời để vẽ biểu đồ tuần này."))
    # Each factor's name sits above its bar, across the whole width: a phone has no room
    # for a column of names beside the bars. A long name wraps, and its row grows by the
    # lines it takes, so no name runs past the edge or into the bar above.
    labels = [
        textwrap.wrap(
            _bar_label(key, n if index is not None and not math.isnan(index) else 0), LINE_CHARS
        )
        for key, index, _low, _high, n in rows
    ]
    heights = [LINE_HEIGHT * len(lines) + 0.42 for lines in labels]  # inches: name and bar
    centres = [sum(heights[:i]) + heights[i] - 0.14 for i in range(len(rows))]
    figure = Figure(figsize=(WIDTH, sum(heights) + 1.1), dpi=100, layout="constrained")
    axes = figure.add_subplot()
    lows: list[float] = []
    for position, (_key, index, ci_low, ci_high, _n) in zip(centres, rows, strict=True):
        if index is None or math.isnan(index):
            continue
        low = index if ci_low is None or math.isnan(ci_low) else ci_low
        high = index if ci_high is None or math.isnan(ci_high) else ci_high
        lows.append(low)
        axes.errorbar(
            [index],
            [position],
            xerr=[[index - low], [high - index]],
            fmt="o",
            color="#0b5394",
            ecolor="#7fa7d6",
            elinewidth=6,
            capsize=0,
        )
    start = value_floor(lows)
    for position, lines in zip(centres, labels, strict=True):
        axes.annotate(
            "\n".join(lines),
            (start, position),
            xytext=(4, 9),
            textcoords="offset points",
            fontsize=SMALL,
            va="bottom",
            linespacing=1.15,
        )
    axes.axvline(TARGET, color="#6b6b6b", linestyle="--", linewidth=1)
    axes.set_xlim(start, 100)
    axes.set_ylim(sum(heights) + 0.05, 0)
    axes.set_yticks([])
    axes.tick_params(axis="x", labelsize=SMALL)
    axes.grid(axis="x", color="#dddddd")
    axes.set_title(textwrap.fill(title, TITLE_CHARS), fontsize=TEXT)
    return _svg(figure)


def month_label(label: str) -> str:
    """``2026-11`` -> ``T11/2026`` (Vietnamese), ``Nov 2026`` (English)."""
    year, month = label.split("-")
    word = _month_word(int(year), int(month))
    return f"{word}/{year}" if _vietnamese() else f"{word} {year}"


def _vietnamese() -> bool:
    return str(get_locale() or "vi").startswith("vi")


def _month_word(year: int, month: int) -> str:
    """``T11`` in Vietnamese (tháng 11), the month's abbreviation (``Nov``) otherwise."""
    return f"T{month}" if _vietnamese() else format_date(date(year, month, 1), "MMM")


def rank_svg(months: Sequence[str], cells: Sequence[RankPoint], title: str) -> bytes:
    """One centre's rank month by month: a point, its 90 % interval as a bar, "n/N" ranked.

    ``cells`` are (rank, low, high, ranked, n) per month; a month without a rank is named
    under the axis with its n and "quá ít". Rank 1 (the best) is at the top.
    """
    if not any(rank is not None for rank, *_rest in cells):
        return message_svg(title, _("Quá ít câu trả lời trong cả sáu tháng để xếp hạng."))
    figure = Figure(figsize=(WIDTH, 4.4), dpi=100)
    axes = figure.add_subplot()
    most = max(ranked for *_head, ranked, _n in cells)
    for position, (rank, low, high, ranked, _n) in enumerate(cells):
        if rank is None or low is None or high is None:
            continue
        axes.errorbar(
            [position],
            [rank],
            yerr=[[rank - low], [high - rank]],
            fmt="o",
            color="#0b5394",
            ecolor="#7fa7d6",
            elinewidth=6,
            capsize=0,
        )
        axes.annotate(
            f"{rank}/{ranked}",
            (position, rank),
            xytext=(6, 0),
            textcoords="offset points",
            fontsize=SMALL,
            va="center",
        )
    axes.set_xlim(-0.5, len(months) - 0.1)
    axes.set_ylim(most + 0.5, 0.5)  # rank 1 on top
    step = 10 if most > 20 else 5 if most > 8 else 1
    # Rank 1, every ``step``-th, and the last, without two labels on top of each other.
    axes.set_yticks(
        sorted({1, *(m for m in range(step, most, step) if most - m >= 0.7 * step), most})
    )
    axes.set_xticks(range(len(months)))
    axes.set_xticklabels(
        [
            _tick(label, n, rank is not None)
            for label, (rank, *_mid, n) in zip(months, cells, strict=True)
        ],
        fontsize=SMALL,
    )
    axes.tick_params(axis="y", labelsize=SMALL)
    axes.set_ylabel(_("Hạng (1 là cao nhất)"), fontsize=SMALL)
    axes.grid(axis="y", color="#dddddd")
    axes.set_title(textwrap.fill(title, TITLE_CHARS), fontsize=TEXT)
    figure.text(
        0.5,
        0.03,
        textwrap.fill(
            _(
                "Thanh: khoảng %(level)d%% của hạng. (Số): n câu trả lời trong tháng; "
                "“ít”: quá ít câu trả lời, không xếp hạng.",
                level=90,
            ),
            48,
        ),
        ha="center",
        fontsize=SMALL,
    )
    figure.subplots_adjust(left=0.17, right=0.97, top=0.84, bottom=0.36)
    return _svg(figure)


def _tick(label: str, n: int, ranked: bool) -> str:
    year, month = label.split("-")
    word = _month_word(int(year), int(month))
    return f"{word}\n{year}\n({n})" + ("" if ranked else f"\n{_('ít')}")


def message_svg(title: str, sentence: str) -> bytes:
    """A chart's place, holding a sentence: there is nothing honest to draw."""
    figure = Figure(figsize=(WIDTH, 1.4), dpi=100)
    figure.text(
        0.5, 0.75, textwrap.fill(title, TITLE_CHARS), ha="center", fontsize=TEXT, weight="bold"
    )
    figure.text(0.5, 0.35, textwrap.fill(sentence, 40), ha="center", fontsize=SMALL)
    return _svg(figure)


def _bar_label(key: str, n: int) -> str:
    """A factor's name and, in brackets, its n: the brackets' spaces do not break, so a
    wrapped label never splits "(n = 37)" across two lines."""
    name = component_label(key)
    bracket = f"(n = {n})" if n else f"({_('chưa đủ câu trả lời')})"
    return f"{name} {bracket.replace(' ', NBSP)}"


def _value(rows: pd.DataFrame, week: str, column: str) -> float:
    if week not in rows.index or column not in rows.columns:
        return math.nan
    value: Any = rows.loc[week, column]  # a cell: the stubs say any scalar pandas has
    return float(value) if value is not None else math.nan


def _svg(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    # Text as text, not outlines: smaller files, and the labels stay selectable.
    with matplotlib.rc_context({"svg.fonttype": "none"}):
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue()
