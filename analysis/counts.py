"""Raw answers to counts, the sufficient statistics every index and test is computed from.

engineering.md: for each group, question and answer level, how many answers. The app gets
them from SQL ``GROUP BY``; exports and benchmarks get them from :func:`count_answers`,
which codes every key as small integers and counts with one ``numpy.bincount``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from analysis._checks import (
    COUNT,
    QUESTION,
    VALUE,
    as_columns,
    counts_column,
    numeric_values,
    require_columns,
)

__all__ = ["as_counts", "count_answers", "expand_counts"]

# Above this many combined cells the key is re-coded to the combinations actually seen
# (a hash pass), so bincount never allocates a table much larger than the data.
_DENSE_LIMIT = 1 << 24

Decoder = Callable[[np.ndarray], object]


def _codes(series: pd.Series, name: str) -> tuple[np.ndarray, int, Decoder]:
    """Integer codes 0..card-1 for one key column and a function mapping codes back."""
    if series.isna().any():
        raise ValueError(f"answers column {name!r} has missing values; drop or fill them first")
    dtype = series.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        codes = series.cat.codes.to_numpy()
        return codes, len(dtype.categories), lambda c: pd.Categorical.from_codes(c, dtype=dtype)
    if pd.api.types.is_integer_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype):
        arr = series.to_numpy(dtype=np.int64)
        lo = int(arr.min()) if arr.size else 0
        span = (int(arr.max()) - lo + 1) if arr.size else 1
        if span <= max(4 * arr.size, 1 << 16):  # range coding: no hashing needed
            return arr - lo, span, lambda c: pd.array(c + lo, dtype=dtype)
    codes, uniques = pd.factorize(series, sort=True)
    return codes, len(uniques), uniques.take


def _value_codes(series: pd.Series) -> tuple[np.ndarray, int, int, bool]:
    """Codes for answer values (value - min) plus a last code for missing."""
    dtype = series.dtype
    if pd.api.types.is_integer_dtype(dtype) and not isinstance(dtype, pd.CategoricalDtype):
        # Integer answers (the usual int8 / Int8). Missing ones are first filled with a
        # real answer, so plain numpy min and max see only real values: pandas' masked
        # min and max are several times slower on ten million rows.
        missing = series.isna().to_numpy()
        has_missing = bool(missing.any())
        if missing.all():  # no answer at all (or no rows)
            return np.zeros(len(series), dtype=np.int8), 0, int(has_missing), has_missing
        filler = series.iloc[int(np.argmin(missing))] if has_missing else 0
        # Missing answers mean a masked IntegerDtype, whose numpy_dtype the stubs don't see.
        np_dtype = dtype.numpy_dtype if has_missing else None  # type: ignore[union-attr]
        raw = series.to_numpy(dtype=np_dtype, na_value=filler)
        lo, hi = int(raw.min()), int(raw.max())
        card = hi - lo + 1
        narrow = np.int8 if card < 127 else np.int64
        codes: np.ndarray = raw.astype(narrow) if raw.dtype != narrow else raw.copy()
        codes -= narrow(lo)
        if has_missing:
            codes[missing] = card
        return codes, lo, card + int(has_missing), has_missing
    values = numeric_values(series, what="answers column 'value'")
    missing = np.isnan(values)
    has_missing = bool(missing.any())
    valid = values[~missing]
    lo = int(valid.min()) if valid.size else 0
    card = (int(valid.max()) - lo + 1) if valid.size else 0
    codes = np.where(missing, card, values - lo).astype(np.int64)
    return codes, lo, card + int(has_missing), has_missing


def count_answers(
    answers: pd.DataFrame, by: str | Sequence[str] | None = None, *, keep_missing: bool = True
) -> pd.DataFrame:
    """Count answers per group, question and value.

    Parameters
    ----------
    answers : DataFrame
        One row per answer: the ``by`` columns, ``question`` and ``value`` (a whole
        number, or missing for "not applicable"). Group keys must not be missing.
    by : str or list of str, optional
        Group columns (e.g. ``["centre", "period"]``); none counts the whole frame.
    keep_missing : bool
        Keep a row with a missing ``value`` counting the "not applicable" answers.

    Returns
    -------
    DataFrame
        Columns ``*by, question, value, n``, one row per combination seen, sorted by
        key. ``value`` is nullable ``Int64``; categorical keys keep their dtype.

    Notes
    -----
    Each key becomes an integer code (categorical codes, an offset for integers, or
    ``pandas.factorize``); the codes are combined in mixed radix,
    ``key = ((g1 × |g2| + g2) × |q| + q) × |v| + v``, and counted with
    ``numpy.bincount``. Combinations too many for a dense table are first re-coded to
    those present.

    Examples
    --------
    >>> answers = pd.DataFrame({"centre": ["A", "A", "B", "A"],
    ...                         "question": ["staff.general"] * 4,
    ...                         "value": [5, 4, None, 5]})
    >>> count_answers(answers, by="centre")
      centre       question  value  n
    0      A  staff.general      4  1
    1      A  staff.general      5  2
    2      B  staff.general   <NA>  1
    """
    by = as_columns(by)
    require_columns(answers, [*by, QUESTION, VALUE], what="answers")
    keys = [*by, QUESTION]
    parts = [_codes(answers[col], col) for col in keys]
    vcodes, vmin, vcard, has_missing = _value_codes(answers[VALUE])
    radices = [card for _, card, _ in parts] + [max(vcard, 1)]
    columns = [codes for codes, _, _ in parts] + [vcodes]

    # Mixed-radix key, narrowed to int32 when it fits (half the memory traffic).
    total = int(np.prod(np.array(radices, dtype=np.float64)))
    dtype = np.int32 if total < np.iinfo(np.int32).max else np.int64
    # ("radix", its int) or ("recode", the codes' old values): read by kind below.
    history: list[tuple[str, Any]] = []
    key: np.ndarray = columns[0].astype(dtype)
    size = radices[0]
    for codes, card in zip(columns[1:], radices[1:], strict=True):
        if size * card > _DENSE_LIMIT and size * card > 4 * len(key):
            key, uniq = pd.factorize(key, sort=True)
            key = key.astype(np.int64)
            size = len(uniq)
            history.append(("recode", np.asarray(uniq)))
        key *= card
        key += codes  # in place: numpy widens the narrow codes block by block
        size *= card
        history.append(("radix", card))
    if size > _DENSE_LIMIT and size > 4 * len(key):
        key, uniq = pd.factorize(key, sort=True)
        size = len(uniq)
        history.append(("recode", np.asarray(uniq)))
    tally = np.bincount(key, minlength=size) if len(key) else np.zeros(0, dtype=np.int64)
    cells = np.flatnonzero(tally)
    n = tally[cells]

    decoded: list[np.ndarray] = []
    rest = cells.astype(np.int64)
    for kind, info in reversed(history):
        if kind == "radix":
            decoded.append(rest % info)
            rest = rest // info
        else:
            rest = info[rest]
    decoded.append(rest)
    decoded.reverse()

    vals = decoded[-1]
    if not keep_missing and has_missing:
        keep = vals != vcard - 1
        decoded = [d[keep] for d in decoded]
        vals, n = decoded[-1], n[keep]
    out = {col: dec(codes) for col, (_, _, dec), codes in zip(keys, parts, decoded, strict=False)}
    value = pd.array(vals + vmin, dtype="Int64")
    if has_missing:
        value[vals == vcard - 1] = pd.NA
    out[VALUE] = value
    out[COUNT] = n.astype(np.int64)
    return pd.DataFrame(out)


def expand_counts(counts: pd.DataFrame) -> pd.DataFrame:
    """Repeat each counts row ``n`` times: back to one row per answer.

    Examples
    --------
    >>> counts = pd.DataFrame({"question": ["q", "q"], "value": [4, 2], "n": [2, 1]})
    >>> expand_counts(counts)
      question  value
    0        q      4
    1        q      4
    2        q      2
    """
    require_columns(counts, [QUESTION, VALUE, COUNT], what="counts")
    repeats = counts_column(counts[COUNT])
    rows = np.repeat(np.arange(len(counts)), repeats)
    return counts.drop(columns=COUNT).iloc[rows].reset_index(drop=True)


def as_counts(data: pd.DataFrame, by: str | Sequence[str] | None = None) -> pd.DataFrame:
    """Counts from counts or raw answers: a frame with an ``n`` column is taken as counts.

    Examples
    --------
    >>> raw = pd.DataFrame({"question": ["q", "q"], "value": [5, 5]})
    >>> as_counts(raw)
      question  value  n
    0        q      5  2
    """
    cols = as_columns(by)
    if not isinstance(data, pd.DataFrame):
        raise ValueError(f"data must be a pandas DataFrame, got {type(data).__name__}")
    if COUNT in data.columns:
        require_columns(data, [*cols, QUESTION, VALUE, COUNT], what="counts")
        return data
    return count_answers(data, cols)
