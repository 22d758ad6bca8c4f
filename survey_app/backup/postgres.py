"""PostgreSQL backups with ``pg_dump`` and ``pg_restore`` (custom format).

Connection details go to the tools through libpq's environment variables (``PGPASSWORD``
and friends), never on the command line, where any user of the machine can read them
with ``ps``. The tools inherit the rest of the environment, as the application's own
libpq connection does, so they reach the same server the same way.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, Engine, inspect, text
from sqlalchemy.engine import URL
from sqlalchemy.exc import OperationalError

from survey_app.backup.errors import BackupError, NotEmptyError
from survey_app.backup.summary import (
    ALEMBIC_TABLE,
    REQUIRED_TABLES,
    DatabaseSummary,
    application_table_names,
    summarise,
    tables_with_rows,
)

DEBIAN_PG_BIN = Path("/usr/lib/postgresql/15/bin")
CLIENT_MAJOR = 15  # the version the service is tested with; Debian 12 ships it
# libpq connection keywords and the environment variable each one has
# (https://www.postgresql.org/docs/15/libpq-envars.html).
LIBPQ_ENVIRONMENT = {
    "host": "PGHOST",
    "hostaddr": "PGHOSTADDR",
    "port": "PGPORT",
    "dbname": "PGDATABASE",
    "user": "PGUSER",
    "password": "PGPASSWORD",
    "passfile": "PGPASSFILE",
    "channel_binding": "PGCHANNELBINDING",
    "service": "PGSERVICE",
    "options": "PGOPTIONS",
    "application_name": "PGAPPNAME",
    "sslmode": "PGSSLMODE",
    "sslcompression": "PGSSLCOMPRESSION",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcrl": "PGSSLCRL",
    "sslcrldir": "PGSSLCRLDIR",
    "sslsni": "PGSSLSNI",
    "requirepeer": "PGREQUIREPEER",
    "ssl_min_protocol_version": "PGSSLMINPROTOCOLVERSION",
    "ssl_max_protocol_version": "PGSSLMAXPROTOCOLVERSION",
    "gssencmode": "PGGSSENCMODE",
    "krbsrvname": "PGKRBSRVNAME",
    "gsslib": "PGGSSLIB",
    "connect_timeout": "PGCONNECT_TIMEOUT",
    "client_encoding": "PGCLIENTENCODING",
    "target_session_attrs": "PGTARGETSESSIONATTRS",
}
# How long the restore waits for the tables while something else holds them.
LOCK_TIMEOUT = "10s"
_VERSION = re.compile(r"\(PostgreSQL\)\s+(\d+)(?:\.\d+)*")
_TOC_TABLE = re.compile(r"^\d+; \d+ \d+ TABLE (?!DATA )(\S+) (\S+) ", re.MULTILINE)
_TOC_HEADER = re.compile(
    r"^;\s+(Archive created at|Dumped from database version:|Dumped by pg_dump version:)\s*(.*)$",
    re.MULTILINE,
)


@dataclass(frozen=True, slots=True)
class PgTool:
    """A PostgreSQL client program and its version."""

    path: Path
    version: str
    major: int


def find_tool(name: str, server_major: int, environ: Mapping[str, str] | None = None) -> PgTool:
    """The first ``name`` (pg_dump, pg_restore) at least as new as the server.

    Looks in ``$PGBIN``, on ``PATH``, then in Debian's ``/usr/lib/postgresql/15/bin``. An
    older ``pg_dump`` cannot be trusted with a newer server, so it is refused.
    """
    env = os.environ if environ is None else environ
    candidates = [Path(env["PGBIN"]) / name] if env.get("PGBIN") else []
    on_path = shutil.which(name, path=env.get("PATH", os.defpath))
    if on_path:
        candidates.append(Path(on_path))
    candidates.append(DEBIAN_PG_BIN / name)
    too_old: list[PgTool] = []
    for path in dict.fromkeys(candidates):
        if not (path.is_file() and os.access(path, os.X_OK)):
            continue
        tool = _tool_version(path)
        if tool.major >= server_major:
            return tool
        too_old.append(tool)
    package = f"postgresql-client-{max(server_major, CLIENT_MAJOR)}"
    if too_old:
        found = ", ".join(f"{t.path} is {t.version}" for t in too_old)
        raise BackupError(
            f"{name} is older than the PostgreSQL {server_major} server ({found}): "
            f"apt-get install {package}, or set PGBIN to the folder of a newer {name}"
        )
    raise BackupError(
        f"{name} is missing (looked in $PGBIN, on PATH and in {DEBIAN_PG_BIN}): "
        f"apt-get install {package}"
    )


def _tool_version(path: Path) -> PgTool:
    try:
        completed = subprocess.run(  # noqa: S603  (a fixed program, no shell)
            [str(path), "--version"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise BackupError(f"{path} --version failed: {error}") from None
    match = _VERSION.search(completed.stdout)
    if completed.returncode != 0 or match is None:
        raise BackupError(f"{path} --version did not give a PostgreSQL version")
    return PgTool(path=path, version=match.group(0).split()[-1], major=int(match.group(1)))


def libpq_environment(url: URL, environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment for a client program connecting where ``url`` points."""
    env = dict(os.environ if environ is None else environ)
    env["PGAPPNAME"] = "hailong-backup"
    settings: dict[str, object] = {
        "host": url.host,
        "port": url.port,
        "user": url.username,
        "password": url.password,
        "dbname": url.database,
    }
    for key, given in url.query.items():
        settings[key] = ",".join(given) if isinstance(given, tuple) else given
    for key, value in settings.items():
        if value is None:
            continue
        if key not in LIBPQ_ENVIRONMENT:
            raise BackupError(
                f"the database URL sets {key!r}, which cannot be passed to pg_dump and "
                "pg_restore through the environment; use a libpq service file instead"
            )
        env[LIBPQ_ENVIRONMENT[key]] = str(value)
    return env


def dbname_argument(url: URL) -> str:
    """``--dbname`` as a connection string naming only the database, never a password."""
    name = (url.database or "").replace("\\", "\\\\").replace("'", "\\'")
    return f"--dbname=dbname='{name}'"


def server_major(connection: Connection) -> int:
    """The major version of the PostgreSQL server behind ``connection``."""
    info = connection.dialect.server_version_info
    if not info:
        raise BackupError("the PostgreSQL server did not report its version")
    return int(info[0])


def dump(engine: Engine, destination: Path) -> tuple[PgTool, DatabaseSummary]:
    """Write a custom-format archive of the database into ``destination``.

    The summary is taken in a repeatable-read transaction whose snapshot pg_dump then
    uses (``--snapshot``), so the counts and digest describe exactly what was dumped.
    """
    options = {"isolation_level": "REPEATABLE READ", "postgresql_readonly": True}
    with engine.connect().execution_options(**options) as connection:
        tool = find_tool("pg_dump", server_major(connection))
        snapshot = connection.scalar(text("SELECT pg_export_snapshot()"))
        summary = summarise(connection)
        _run(
            tool,
            [
                "--format=custom",
                "--no-owner",
                "--no-acl",
                "--no-password",
                f"--snapshot={snapshot}",
                f"--file={destination}",
                dbname_argument(engine.url),
            ],
            libpq_environment(engine.url),
        )
        connection.rollback()
    return tool, summary


def describe(engine: Engine, path: Path) -> tuple[frozenset[str], str]:
    """The tables of the archive in ``path`` and a line about it; BackupError if unusable."""
    with engine.connect() as connection:
        tool = find_tool("pg_restore", server_major(connection))
    try:
        listing = _run(tool, ["--list", str(path)], dict(os.environ))
    except BackupError as error:
        raise BackupError(f"{path} is not a readable pg_dump archive: {error}") from None
    tables = frozenset(name for _schema, name in _TOC_TABLE.findall(listing))
    if REQUIRED_TABLES - tables:
        raise BackupError(
            f"{path} is a pg_dump archive but not a HàiLòng backup: "
            "it has no response and answer tables"
        )
    header = {key.rstrip(":"): value.strip() for key, value in _TOC_HEADER.findall(listing)}
    return tables, (
        f"pg_dump archive made {header.get('Archive created at', '?')} "
        f"by pg_dump {header.get('Dumped by pg_dump version', '?')} "
        f"from PostgreSQL {header.get('Dumped from database version', '?')}"
    )


def restore(engine: Engine, source: Path, tables: Iterable[str]) -> None:
    """Restore the archive ``source`` into the empty database of ``engine``.

    An empty schema (``flask db upgrade`` on a new database) is dropped first, in one
    transaction that locks the tables and checks again that they hold no rows; only
    then does pg_restore build everything from the archive in a single transaction.
    ``pg_restore --clean`` would instead drop whatever the tables hold at that moment,
    unchecked. If pg_restore fails, the database is left with no tables, as empty as
    before: ``flask db upgrade`` builds the schema again.
    """
    with engine.connect() as connection:
        tool = find_tool("pg_restore", server_major(connection))
    _drop_empty_schema(engine, tables)
    _run(
        tool,
        [
            "--no-owner",
            "--no-acl",
            "--single-transaction",
            "--exit-on-error",
            "--no-password",
            dbname_argument(engine.url),
            str(source),
        ],
        libpq_environment(engine.url),
    )


def _drop_empty_schema(engine: Engine, archive_tables: Iterable[str]) -> None:
    wanted = application_table_names(archive_tables) | {ALEMBIC_TABLE}
    try:
        with engine.begin() as connection:
            connection.execute(text(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'"))
            names = sorted(wanted & set(inspect(connection).get_table_names()))
            if not names:
                return
            quote = connection.dialect.identifier_preparer.quote
            listed = ", ".join(quote(name) for name in names)
            connection.execute(text(f"LOCK TABLE {listed} IN ACCESS EXCLUSIVE MODE"))
            busy = tables_with_rows(connection, set(names) - {ALEMBIC_TABLE})
            if busy:
                raise NotEmptyError(busy)
            connection.execute(text(f"DROP TABLE {listed}"))
    except OperationalError as error:
        raise BackupError(
            f"the tables could not be locked ({error.orig}): stop the application first"
        ) from None


def _run(tool: PgTool, arguments: Sequence[str], env: Mapping[str, str]) -> str:
    """Run ``tool`` and return its output; BackupError with its message if it fails."""
    completed = subprocess.run(  # noqa: S603  (no shell; the password is in env only)
        [str(tool.path), *arguments], env=env, capture_output=True, text=True, check=False
    )
    if completed.returncode != 0:
        message = completed.stderr.strip() or f"exit status {completed.returncode}"
        raise BackupError(f"{tool.path.name} failed: {message}")
    return completed.stdout
