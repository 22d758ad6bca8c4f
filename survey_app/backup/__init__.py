"""Backups of the whole database and restores into an empty one.

``flask backup`` copies a running database (SQLite's online backup API, or ``pg_dump``
in custom format) into a private file; ``flask restore`` puts such a file into an empty
database and never over live data. Both print a summary (row counts and a digest of the
answers) so that an operator can see that what was restored is what was backed up.
"""

from survey_app.backup.errors import BackupError, NotEmptyError
from survey_app.backup.service import (
    BackupFile,
    BackupKind,
    BackupResult,
    RestoreResult,
    backup_kind,
    database_kind,
    default_destination,
    make_backup,
    open_backup,
    refuse_unless_empty,
    restore_backup,
)
from survey_app.backup.summary import DatabaseSummary, answers_digest, summarise

__all__ = [
    "BackupError",
    "BackupFile",
    "BackupKind",
    "BackupResult",
    "DatabaseSummary",
    "NotEmptyError",
    "RestoreResult",
    "answers_digest",
    "backup_kind",
    "database_kind",
    "default_destination",
    "make_backup",
    "open_backup",
    "refuse_unless_empty",
    "restore_backup",
    "summarise",
]
