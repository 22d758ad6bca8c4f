"""Citizen submissions under load, against the production server set-up.

Builds a fresh database (DATABASE_URL, e.g. the throwaway PostgreSQL of
tests/with_postgres.sh; a temporary SQLite file otherwise) with reference data and a few
weeks of demo data, starts gunicorn with ``gunicorn.conf.py`` and the production
configuration, then for each number of concurrent clients runs, in the same run:

- the trivial endpoint (``/healthz/live``): the practical ceiling of this server;
- whole submissions: GET the form, POST it with its CSRF token, get the 303.

Targets (engineering.md, issue 7): at 50 clients on PostgreSQL, submissions at least
25 % of the trivial endpoint's requests per second, and p99 of a whole submission under
100 ms. Afterwards every acknowledged submission must be stored exactly once.

    .venv/bin/python -m bench.bench_submit [--clients 50 200] [--seconds 10]
    tests/with_postgres.sh .venv/bin/python -m bench.bench_submit
"""

from __future__ import annotations

import argparse
import os
import secrets
import tempfile
from pathlib import Path

from bench import loadgen, results
from bench.data import analyze, centre_poster_codes, reset_database
from bench.server import production_server, stored_exactly_once, submission_ids
from survey_app import create_app
from survey_app.core.clock import today_local
from survey_app.extensions import db
from survey_app.seeding.demo import seed_demo

ROOT = Path(__file__).resolve().parent.parent


def prepare(url: str, weeks: int) -> tuple[list[str], str]:
    """Create the schema, reference and demo data; the poster codes and the dialect."""
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=url)
    with app.app_context():
        reset_database(db.engine, db.session)
        seed_demo(db.session, weeks=weeks, seed=11, end=today_local())
        codes = centre_poster_codes(db.session)
        db.session.commit()
        dialect = db.engine.dialect.name
        analyze(db.engine)
        db.session.remove()
        db.engine.dispose()
    return codes, dialect


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, nargs="+", default=[50, 200])
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--warmup", type=float, default=2.0)
    parser.add_argument("--weeks", type=int, default=4)
    parser.add_argument("--workers", type=int, default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = os.environ.get("DATABASE_URL") or f"sqlite:///{Path(tmp) / 'submit.sqlite3'}"
        codes, dialect = prepare(url, args.weeks)
        rows = []
        secret = secrets.token_urlsafe(48)
        with production_server(url, secret, args.workers) as base:
            # Unmeasured: every worker has booted, imported and filled its caches.
            loadgen.run_load(loadgen.trivial(base), 50, seconds=3.0, warmup=2.0)
            loadgen.run_load(loadgen.submit(base, codes, []), 50, seconds=3.0, warmup=0.0)
            for clients in args.clients:
                # The trivial endpoint before and after the submissions: the machine is
                # shared, and the two runs show how much its ceiling drifted meanwhile.
                before = loadgen.run_load(loadgen.trivial(base), clients, args.seconds, args.warmup)
                acknowledged: list[str] = []
                load = loadgen.run_load(
                    loadgen.submit(base, codes, acknowledged), clients, args.seconds, args.warmup
                )
                after = loadgen.run_load(loadgen.trivial(base), clients, args.seconds, args.warmup)
                found, sent = stored_exactly_once(url, submission_ids(acknowledged, secret))
                rows.append((clients, (before.rate, after.rate), load, found, sent))
    print(f"{results.machine()}; database: {dialect}; server: gunicorn.conf.py, production")
    header = (
        f"{'clients':>7}{'trivial/s before, after':>25}{'submits/s':>11}{'ratio':>7}"
        f"{'p50 ms':>8}{'p99 ms':>8}{'POST p99':>10}{'errors':>8}  stored/acknowledged"
    )
    print(header)
    for clients, (before, after), load, found, sent in rows:
        ceiling = (before + after) / 2
        ratio = load.rate / ceiling
        print(
            f"{clients:>7}{before:>16,.0f}{after:>9,.0f}{load.rate:>11,.0f}{ratio:>7.0%}"
            f"{load.percentile('submission', 0.5):>8.0f}{load.percentile('submission', 0.99):>8.0f}"
            f"{load.percentile('post', 0.99):>10.0f}{sum(load.errors.values()):>8}"
            f"  {found}/{sent}{'' if found == sent else ' MISSING'}"
        )
        if load.errors:
            print(f"        errors: {dict(load.errors)}")
        results.record(
            f"submissions, {clients} clients, {dialect}",
            f"{load.rate:,.0f}/s = {ratio:.1%} of trivial {ceiling:,.0f}/s "
            f"({before:,.0f} before, {after:,.0f} after); "
            f"p50 {load.percentile('submission', 0.5):.0f} ms, "
            f"p99 {load.percentile('submission', 0.99):.0f} ms",
            "≥ 25 %, p99 < 100 ms at 50 clients on PostgreSQL",
        )
    print(
        "p50/p99: a whole submission (form GET + POST + 303); "
        "ratio: submits/s ÷ the mean of the trivial runs before and after"
    )


if __name__ == "__main__":
    main()
