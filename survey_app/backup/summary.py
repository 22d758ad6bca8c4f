"""What a database holds, in a form two databases can be compared by: counts and a digest.

``flask backup`` prints the summary of what it copied and ``flask restore`` the summary
of what it restored; when the row counts and the answers digest agree, nothing was lost
on the way.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Connection, Row, exists, func, inspect, select, table, text

from survey_app.models import Answer, Base

# The tables an operator recognises; every table is counted, these are the ones printed.
MAIN_TABLES = ("commune", "centre", "response", "answer", "complaint", "user_account")
ALEMBIC_TABLE = "alembic_version"
# A HàiLòng database has these; a file without them is not one of our backups.
REQUIRED_TABLES = frozenset({"response", "answer"})
_STREAM_ROWS = 10_000


@dataclass(frozen=True, slots=True)
class DatabaseSummary:
    """Row counts of every application table present, the schema revision, the digest."""

    revision: str | None
    row_counts: dict[str, int]
    answers_sha256: str

    @property
    def total_rows(self) -> int:
        """Rows in all application tables together."""
        return sum(self.row_counts.values())


def summarise(connection: Connection) -> DatabaseSummary:
    """Count the rows of every table of the models and digest the answers.

    Tables the database lacks (a backup from before a migration added them) are left
    out of the counts rather than counted as empty, so the two sides of a comparison
    only agree when they really hold the same tables.
    """
    present = set(inspect(connection).get_table_names())
    counts = {
        table.name: int(connection.scalar(select(func.count()).select_from(table)) or 0)
        for table in Base.metadata.sorted_tables
        if table.name in present
    }
    digest = answers_digest(connection) if Answer.__tablename__ in present else _empty_digest()
    revision = fetch_revision(connection) if ALEMBIC_TABLE in present else None
    return DatabaseSummary(revision=revision, row_counts=counts, answers_sha256=digest)


def answers_digest(connection: Connection) -> str:
    """SHA-256 over every answer, ordered by its key (response, question).

    Each row is written as one line of compact JSON, ``[response_id, question_id,
    value, text]`` in UTF-8, so the digest is the same on SQLite and PostgreSQL and an
    operator can recompute it with any tool. The rows are streamed, never all loaded.
    """
    query = select(Answer.response_id, Answer.question_id, Answer.value, Answer.text).order_by(
        Answer.response_id, Answer.question_id
    )
    sha = hashlib.sha256()
    result = connection.execution_options(yield_per=_STREAM_ROWS).execute(query)
    for partition in result.partitions():
        sha.update("".join(map(_answer_line, partition)).encode("utf-8"))
    return sha.hexdigest()


def _answer_line(row: Row[int, int, int | None, str | None]) -> str:
    # What json.dumps(list(row), ensure_ascii=False, separators=(",", ":")) writes, built
    # by hand because it is six times faster and a province has millions of answers.
    response_id, question_id, value, free_text = row
    value_json = "null" if value is None else str(int(value))
    text_json = "null" if free_text is None else json.dumps(free_text, ensure_ascii=False)
    return f"[{int(response_id)},{int(question_id)},{value_json},{text_json}]\n"


def _empty_digest() -> str:
    return hashlib.sha256(b"").hexdigest()


def fetch_revision(connection: Connection) -> str | None:
    """The Alembic revision the database is at, or None when none is recorded."""
    return connection.scalar(text(f"SELECT version_num FROM {ALEMBIC_TABLE}"))  # noqa: S608


def application_table_names(extra: Iterable[str] = ()) -> set[str]:
    """The tables the models describe, plus ``extra`` ones, without ``alembic_version``."""
    return (set(Base.metadata.tables) | set(extra)) - {ALEMBIC_TABLE}


def tables_with_rows(connection: Connection, names: Iterable[str]) -> list[str]:
    """Those of the tables ``names`` that exist and hold at least one row, sorted."""
    present = set(inspect(connection).get_table_names())
    return [
        name
        for name in sorted(set(names) & present)
        if connection.scalar(select(exists().select_from(table(name))))
    ]
