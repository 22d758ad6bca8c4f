"""Suspect-answering indicators from response metadata.

These flags prompt a look, they prove nothing: a busy morning makes a burst, and a
satisfied citizen answers "5" to everything. They are meant to be read together and
against each centre's usual traffic; the thresholds are options for that reason.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis._checks import positive_int, require_columns

__all__ = ["SuspectRules", "suspect_responses"]


@dataclass(frozen=True)
class SuspectRules:
    """Thresholds for :func:`suspect_responses`.

    Parameters
    ----------
    burst_window : str
        Length of the window for bursts (a pandas offset, e.g. "10min").
    burst_count : int
        This many responses from one centre within ``burst_window``: a burst.
    repeat_window : str
        Window for repeated patterns.
    repeat_count : int
        The same answer pattern this many times at one centre within ``repeat_window``.
    day_start, day_end : int
        Local hours of the normal day, [day_start, day_end); outside is an odd hour.
    tz : str
        Local time zone.
    """

    burst_window: str = "10min"
    burst_count: int = 15
    repeat_window: str = "60min"
    repeat_count: int = 10
    day_start: int = 6
    day_end: int = 20
    tz: str = "Asia/Ho_Chi_Minh"

    def __post_init__(self) -> None:
        positive_int(self.burst_count, name="burst_count", minimum=2)
        positive_int(self.repeat_count, name="repeat_count", minimum=2)
        if not 0 <= self.day_start < self.day_end <= 24:
            raise ValueError("need 0 <= day_start < day_end <= 24")
        for window in (self.burst_window, self.repeat_window):
            if pd.Timedelta(window) <= pd.Timedelta(0):
                raise ValueError(f"window {window!r} must be positive")


def _window_flags(keys: np.ndarray, times: np.ndarray, window: int, count: int) -> np.ndarray:
    """Flag every row inside some window of ``window`` seconds holding >= ``count`` rows of a key.

    ``keys`` and ``times`` (whole seconds) are sorted by key, then time.
    """
    size = keys.size
    flags = np.zeros(size, dtype=bool)
    if size == 0:
        return flags
    # Comparable positions: each key's block is shifted far beyond any other's times.
    block = np.concatenate([[0], np.cumsum(keys[1:] != keys[:-1])])
    span = int(times.max() - times.min()) + window + 1
    pos = (times - times.min()) + block * span
    first = np.searchsorted(pos, pos - window, side="right")  # earliest row in (t - w, t]
    hits = np.flatnonzero(np.arange(size) - first + 1 >= count)
    if hits.size:
        marks = np.zeros(size + 1, dtype=np.int64)
        np.add.at(marks, first[hits], 1)
        np.add.at(marks, hits + 1, -1)
        flags = np.cumsum(marks[:-1]) > 0
    return flags


def suspect_responses(
    responses: pd.DataFrame,
    *,
    response_id: str = "response_id",
    centre: str = "centre",
    time: str = "submitted_at",
    pattern: str = "pattern",
    rules: SuspectRules | None = None,
) -> pd.DataFrame:
    """Flag responses that look like bursts, repeated patterns or odd-hour answering.

    Parameters
    ----------
    responses : DataFrame
        One row per response: id, centre, submission time (datetime64; naive means
        UTC) and the answer pattern (any hashable, e.g. "5|5|4|5|n/a|5").
    response_id, centre, time, pattern : str
        Column names.
    rules : SuspectRules, optional
        Thresholds.

    Returns
    -------
    DataFrame
        ``response_id, centre, burst, repeated_pattern, odd_hour, suspect, reasons``
        in the input's row order; ``reasons`` lists the flags, comma-separated.

    Notes
    -----
    burst: the response lies in a window (t − w, t] of ``burst_window`` in which its centre
    received at least ``burst_count`` responses. repeated_pattern: likewise for
    identical patterns at one centre within ``repeat_window``. odd_hour: submitted
    outside [day_start, day_end) local time. Each check is one sort and a
    ``searchsorted`` per window.

    Examples
    --------
    >>> t = pd.to_datetime(["2026-07-06 01:00", "2026-07-06 01:01", "2026-07-06 15:00"])
    >>> df = pd.DataFrame({"response_id": [1, 2, 3], "centre": "A",
    ...                    "submitted_at": t, "pattern": ["5|5", "5|5", "4|5"]})
    >>> rules = SuspectRules(burst_count=2, repeat_count=2)
    >>> suspect_responses(df, rules=rules)[["response_id", "reasons"]]
       response_id                    reasons
    0            1  burst,repeated_pattern
    1            2  burst,repeated_pattern
    2            3                   odd_hour
    """
    rules = rules or SuspectRules()
    require_columns(responses, [response_id, centre, time, pattern], what="responses")
    stamps = responses[time]
    if isinstance(stamps.dtype, pd.DatetimeTZDtype):
        utc = stamps.dt.tz_convert("UTC")
    elif pd.api.types.is_datetime64_dtype(stamps.dtype):
        utc = stamps.dt.tz_localize("UTC")
    else:
        raise ValueError(f"column {time!r} must be datetime64 (use pd.to_datetime)")
    if utc.isna().any() or responses[centre].isna().any():
        raise ValueError("responses need a centre and a submission time on every row")
    # Whole seconds: ample for these windows, and block offsets in _window_flags stay
    # far from int64 overflow however many centres and patterns there are.
    secs = utc.dt.tz_localize(None).to_numpy().astype("datetime64[s]").astype(np.int64)
    hour = utc.dt.tz_convert(rules.tz).dt.hour.to_numpy()
    centre_code = pd.factorize(responses[centre])[0]
    pattern_code = pd.factorize(responses[pattern].astype(str))[0]

    def flags_for(key: np.ndarray, window: str, count: int) -> np.ndarray:
        order = np.lexsort((secs, key))
        seconds = int(pd.Timedelta(window).total_seconds())
        sorted_flags = _window_flags(key[order], secs[order], seconds, count)
        out = np.empty_like(sorted_flags)
        out[order] = sorted_flags
        return out

    burst = flags_for(centre_code, rules.burst_window, rules.burst_count)
    combo = centre_code.astype(np.int64) * (pattern_code.max(initial=0) + 1) + pattern_code
    repeated = flags_for(combo, rules.repeat_window, rules.repeat_count)
    odd = (hour < rules.day_start) | (hour >= rules.day_end)
    names = np.array(["burst", "repeated_pattern", "odd_hour"], dtype=object)
    matrix = np.column_stack([burst, repeated, odd])
    reasons = [",".join(names[row]) for row in matrix]
    return pd.DataFrame(
        {
            response_id: responses[response_id].to_numpy(),
            centre: responses[centre].to_numpy(),
            "burst": burst,
            "repeated_pattern": repeated,
            "odd_hour": odd,
            "suspect": matrix.any(axis=1),
            "reasons": reasons,
        }
    )
