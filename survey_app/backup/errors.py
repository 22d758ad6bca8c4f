"""Why a backup or a restore was refused; every message is meant for the operator."""

from __future__ import annotations

from collections.abc import Sequence


class BackupError(RuntimeError):
    """A backup or restore cannot go ahead; the message says why and what to do."""


class NotEmptyError(BackupError):
    """The database to restore into holds rows: restoring would overwrite live data."""

    def __init__(self, tables: Sequence[str]) -> None:
        self.tables = tuple(tables)
        super().__init__(
            f"the database is not empty (rows in {', '.join(self.tables)}): flask restore "
            "only restores into an empty database, so that it never overwrites live data. "
            "Create a new database (or move the SQLite file aside), restore into that, "
            "then point DATABASE_URL at it."
        )
