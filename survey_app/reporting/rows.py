"""A DataFrame's rows as named tuples, for building tables and pages from them."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, cast

import pandas as pd


def rows_of(frame: pd.DataFrame, *, index: bool = True) -> Iterator[Any]:
    """``frame.itertuples()``: one named tuple per row, a field per column.

    The fields are the frame's columns, known only at run time, so each row is typed
    ``Any``: pandas' stubs give every field the union of all scalars pandas can hold.
    """
    return frame.itertuples(index=index)


def records_of(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """``frame.to_dict("records")``: one dict per row, keyed by column name.

    Our frames name their columns with strings; pandas' stubs allow any hashable.
    """
    return cast("list[dict[str, Any]]", frame.to_dict("records"))
