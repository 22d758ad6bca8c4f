"""Input checks shared by the analysis modules (private)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd
from scipy import special

QUESTION = "question"
VALUE = "value"
COUNT = "n"
RESERVED = frozenset({QUESTION, VALUE, COUNT})

RngLike = np.random.Generator | int | None


def as_columns(by: str | Sequence[str] | None, *, what: str = "by") -> list[str]:
    """Turn ``by`` (a name, a list of names or None) into a list of distinct names."""
    if by is None:
        return []
    cols = [by] if isinstance(by, str) else list(by)
    for col in cols:
        if not isinstance(col, str):
            raise ValueError(f"{what} must name columns by string, got {col!r}")
    if len(set(cols)) != len(cols):
        raise ValueError(f"{what} names a column twice: {cols}")
    clash = RESERVED.intersection(cols)
    if clash:
        raise ValueError(f"{what} cannot use the reserved column(s) {sorted(clash)}")
    return cols


def require_columns(frame: pd.DataFrame, cols: Iterable[str], *, what: str = "data") -> None:
    """Raise ValueError naming every column of ``cols`` missing from ``frame``."""
    if not isinstance(frame, pd.DataFrame):
        raise ValueError(f"{what} must be a pandas DataFrame, got {type(frame).__name__}")
    missing = [c for c in cols if c not in frame.columns]
    if missing:
        raise ValueError(f"{what} lacks column(s) {missing}; it has {list(frame.columns)}")


def require_no_missing(frame: pd.DataFrame, cols: Iterable[str], *, what: str = "data") -> None:
    """Group keys must be complete: a missing key would silently drop answers."""
    for col in cols:
        if frame[col].isna().any():
            raise ValueError(f"{what} column {col!r} has missing values; drop or fill them first")


def z_value(confidence: float) -> float:
    """Two-sided standard normal quantile for a confidence level in (0, 1)."""
    if not 0.0 < confidence < 1.0:
        raise ValueError(f"confidence must lie strictly between 0 and 1, got {confidence}")
    return float(special.ndtri(0.5 + confidence / 2.0))


def as_rng(rng: RngLike) -> np.random.Generator:
    """A Generator from a Generator, a seed, or None (fresh entropy: not reproducible)."""
    if isinstance(rng, np.random.Generator):
        return rng
    if rng is None or isinstance(rng, int | np.integer):
        return np.random.default_rng(rng)
    raise ValueError(f"rng must be a numpy Generator, an int seed or None, got {rng!r}")


def positive_int(value: int, *, name: str, minimum: int = 1) -> int:
    """Check an integer option such as ``min_n`` or ``replicates``."""
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {value!r}")
    return int(value)


def numeric_values(series: pd.Series, *, what: str) -> np.ndarray:
    """Answer values as float64 with NaN for missing; ValueError if not whole numbers."""
    try:
        values = pd.to_numeric(series).to_numpy(dtype=np.float64, na_value=np.nan)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{what} must hold numbers or missing values") from exc
    finite = values[~np.isnan(values)]
    if finite.size and not np.array_equal(finite, np.round(finite)):
        raise ValueError(f"{what} must hold whole numbers (answer codes)")
    return values


def counts_column(series: pd.Series) -> np.ndarray:
    """The ``n`` column as int64; ValueError unless whole, non-negative and complete."""
    if series.isna().any():
        raise ValueError("counts column 'n' has missing values")
    try:
        raw = pd.to_numeric(series).to_numpy(dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ValueError("counts column 'n' must be numeric") from exc
    if raw.size and (raw.min() < 0 or not np.array_equal(raw, np.round(raw))):
        raise ValueError("counts column 'n' must hold non-negative whole numbers")
    return raw.astype(np.int64)
