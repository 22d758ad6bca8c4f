#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL 15 server, with DATABASE_URL pointing at it.
#
#   tests/with_postgres.sh .venv/bin/pytest
#
# The server lives in a temporary directory, listens on a free loopback port, runs as a
# non-root user (PostgreSQL refuses root) and is stopped and deleted on exit. Durability
# settings are off: this database exists only for the length of one test run.
# Without PostgreSQL binaries it skips, unless CI=true or REQUIRE_POSTGRES=1: then it fails.
set -euo pipefail

pg_bin=${PG_BIN:-/usr/lib/postgresql/15/bin}
if [[ ! -x "$pg_bin/initdb" ]]; then
  if [[ "${CI:-}" == "true" || "${REQUIRE_POSTGRES:-}" == "1" ]]; then
    echo "with_postgres: PostgreSQL 15 not found in $pg_bin (apt-get install postgresql-15)" >&2
    exit 1
  fi
  echo "with_postgres: PostgreSQL 15 not found in $pg_bin; skipping: $*" >&2
  exit 0
fi

workdir=$(mktemp -d "${TMPDIR:-/tmp}/hailong-pg.XXXXXX")
as_owner=()
if [[ $(id -u) == 0 ]]; then
  owner=postgres
  id -u "$owner" >/dev/null 2>&1 || owner=nobody
  chown "$owner" "$workdir"
  as_owner=(runuser -u "$owner" --)
fi

stop_server() {
  "${as_owner[@]}" "$pg_bin/pg_ctl" -D "$workdir/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$workdir"
}
trap stop_server EXIT

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"${as_owner[@]}" "$pg_bin/initdb" -D "$workdir/data" -U postgres -A trust -E UTF8 \
  --locale=C.UTF-8 --no-sync >"$workdir/initdb.log" 2>&1 \
  || { cat "$workdir/initdb.log" >&2; exit 1; }
"${as_owner[@]}" "$pg_bin/pg_ctl" -D "$workdir/data" -l "$workdir/server.log" -w -t 60 \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $workdir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
  start >/dev/null || { cat "$workdir/server.log" >&2; exit 1; }
"${as_owner[@]}" "$pg_bin/createdb" -h 127.0.0.1 -p "$port" -U postgres hailong_test

echo "with_postgres: PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"
export DATABASE_URL="postgresql://postgres@127.0.0.1:$port/hailong_test"
export PGBIN="$pg_bin" PGDATA="$workdir/data" PGHOST=127.0.0.1 PGPORT="$port" PGUSER=postgres
# For the fault tests, which restart the server mid-load: who runs it, where it logs.
export HAILONG_PG_OWNER="${owner:-}" HAILONG_PG_LOG="$workdir/server.log"
status=0
"$@" || status=$?
exit "$status"
