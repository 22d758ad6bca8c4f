"""Reporting periods from timestamps: weeks from Monday, months, quarters, years."""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

from analysis._checks import require_columns

__all__ = ["FREQUENCIES", "add_period", "period_order", "previous_periods"]

FREQUENCIES = ("W", "M", "Q", "Y")
_EPOCH_WEEKDAY_SHIFT = 3  # 1970-01-01 was a Thursday: (day + 3) % 7 is days since Monday
_DAY_NS = 86_400 * 10**9
# Every UTC offset in use since 1970 is a multiple of 15 minutes and changes on that
# grid, so a local day starts on a 15-minute UTC boundary: the zone database is asked
# about each 15-minute bucket once, not about every timestamp (checked, see _day_table).
_BUCKET_NS = 15 * 60 * 10**9


def _epoch_ns(series: pd.Series) -> tuple[np.ndarray, np.ndarray, bool]:
    """Nanoseconds since the epoch, the missing mask, and whether the values are UTC."""
    dtype = series.dtype
    if isinstance(dtype, pd.DatetimeTZDtype):
        aware = True
    elif pd.api.types.is_datetime64_dtype(dtype):
        aware = False
    else:
        raise ValueError(f"time column must be datetime64 (use pd.to_datetime), got {dtype}")
    array = series.array
    ns = (array if array.unit == "ns" else array.as_unit("ns")).asi8
    return ns, ns == np.iinfo(np.int64).min, aware


def _local_day_of(utc_ns: np.ndarray, tz: str) -> np.ndarray:
    """Exact local day numbers of UTC instants, through the time-zone database."""
    local = pd.to_datetime(utc_ns, utc=True).tz_convert(tz).tz_localize(None)
    return local.asi8 // _DAY_NS


def _period_number(days: np.ndarray, freq: str) -> np.ndarray:
    """A sortable number per period: Monday's day number, or months, quarters, years."""
    if freq == "W":
        mondays: np.ndarray = days - (days + _EPOCH_WEEKDAY_SHIFT) % 7
        return mondays
    months = days.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)
    if freq == "M":
        return months
    return months // 3 if freq == "Q" else months // 12


def _period_label(number: int, freq: str) -> str:
    if freq == "W":
        return str(np.datetime64(number, "D"))
    if freq == "M":
        return f"{1970 + number // 12:04d}-{number % 12 + 1:02d}"
    if freq == "Q":
        return f"{1970 + number // 4:04d}-Q{number % 4 + 1}"
    return f"{1970 + number:04d}"


def add_period(
    df: pd.DataFrame,
    time_col: str,
    freq: Literal["W", "M", "Q", "Y"] = "W",
    *,
    tz: str = "Asia/Ho_Chi_Minh",
    name: str = "period",
    naive: Literal["utc", "local"] = "utc",
) -> pd.DataFrame:
    """Return a copy of ``df`` with a period label column.

    Parameters
    ----------
    df : DataFrame
        Left unchanged.
    time_col : str
        A datetime64 column. Time-zone-aware values are converted to ``tz``.
    freq : {"W", "M", "Q", "Y"}
        Weeks starting Monday, calendar months, quarters or years, in local time.
    tz : str
        IANA zone of the local calendar (Việt Nam: UTC+7 all year).
    name : str
        Name of the new column (replaced if it exists).
    naive : {"utc", "local"}
        How to read time-zone-naive values: as UTC (the app stores UTC) or as local.

    Returns
    -------
    DataFrame
        ``df`` plus an ordered categorical ``name`` whose labels sort in time:
        the Monday's date for weeks ("2026-07-06"), "2026-07", "2026-Q3", "2026".
        Categories run from the first period to the last, so a week without answers
        in between is an empty category. Missing timestamps give a missing period.

    Notes
    -----
    The zone database is consulted once per 15-minute UTC bucket between the first and
    the last timestamp, not per row: every UTC offset used since 1970 is a multiple of
    15 minutes, so local midnight falls on a bucket boundary. That is checked (each
    bucket's start and end must fall on the same local day) and otherwise, or for data
    spread over decades, every row is converted exactly. Ten million timestamps cost
    one integer division and one table lookup per row.

    Examples
    --------
    >>> df = pd.DataFrame({"t": pd.to_datetime(["2026-07-05 18:00", "2026-09-30 17:30"])})
    >>> add_period(df, "t", "W")["period"].tolist()   # 01:00 on Monday 6 July, local
    ['2026-07-06', '2026-09-28']
    >>> add_period(df, "t", "Q")["period"].tolist()
    ['2026-Q3', '2026-Q4']
    """
    require_columns(df, [time_col], what="df")
    if freq not in FREQUENCIES:
        raise ValueError(f"freq must be one of {FREQUENCIES}, got {freq!r}")
    if naive not in ("utc", "local"):
        raise ValueError("naive must be 'utc' or 'local'")
    ns, missing, aware = _epoch_ns(df[time_col])
    if missing.all():
        labels = pd.Categorical([None] * len(df), categories=[], ordered=True)
        return df.assign(**{name: labels})
    local = not aware and naive == "local"
    codes, categories = _period_codes(ns, missing, tz, freq, local=local)
    periods = pd.Categorical.from_codes(codes, categories=pd.Index(categories), ordered=True)
    return df.assign(**{name: periods})


def _period_codes(
    ns: np.ndarray, missing: np.ndarray, tz: str, freq: str, *, local: bool
) -> tuple[np.ndarray, list[str]]:
    """Period code per timestamp and the labels, via a table over buckets of time.

    The table covers every bucket from the first timestamp to the last, so periods
    without answers in between become (empty) categories.
    """
    step = _DAY_NS if local else _BUCKET_NS
    any_missing = bool(missing.any())
    valid = ns[~missing] if any_missing else ns
    first = int(valid.min()) // step
    span = int(valid.max()) // step - first + 1
    if span > max(4 * ns.size, 1 << 20):  # sparse over a long time: no bucket table
        days = ns // _DAY_NS if local else _local_day_of(np.where(missing, 0, ns), tz)
        return _period_codes(days * _DAY_NS, missing, tz, freq, local=True)
    starts = (first + np.arange(span, dtype=np.int64)) * step
    if local:
        days = starts // _DAY_NS
    else:
        days = _local_day_of(starts, tz)
        if not np.array_equal(days, _local_day_of(starts + step - 1, tz)):
            # A bucket straddles local midnight (an offset off the 15-minute grid).
            days = _local_day_of(np.where(missing, 0, ns), tz)
            return _period_codes(days * _DAY_NS, missing, tz, freq, local=True)
    uniq, per_bucket = np.unique(_period_number(days, freq), return_inverse=True)
    table = per_bucket.astype(np.int8 if uniq.size < 128 else np.int32)
    key = ns // step
    key -= first
    if any_missing:
        key[missing] = 0
    codes = table[key]
    if any_missing:
        codes[missing] = -1
    return codes, [_period_label(int(p), freq) for p in uniq]


def period_order(periods: pd.Series) -> list[object]:
    """Distinct periods present, in time order.

    Ordered categoricals follow their category order; anything else sorts.

    Examples
    --------
    >>> period_order(pd.Series(["2026-Q2", "2026-Q1", "2026-Q2"]))
    ['2026-Q1', '2026-Q2']
    """
    present = pd.unique(periods.dropna())
    if isinstance(periods.dtype, pd.CategoricalDtype) and periods.dtype.ordered:
        seen = set(present)
        return [c for c in periods.dtype.categories if c in seen]
    return sorted(present)


def previous_periods(periods: pd.Series) -> dict[object, object]:
    """Map each period to the one before it among those present.

    A gap (a week with no answers at all) is skipped: the week after it is compared
    with the last week that had answers.

    Examples
    --------
    >>> previous_periods(pd.Series(["2026-Q2", "2026-Q1", "2026-Q2"]))
    {'2026-Q2': '2026-Q1'}
    """
    order = period_order(periods)
    return dict(zip(order[1:], order[:-1], strict=True))
