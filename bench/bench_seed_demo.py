"""How long `flask seed demo --weeks 12` takes on a fresh database.

Prints responses, answers and seconds; target: at least 20,000 responses in under a
minute. Uses a temporary SQLite file, or DATABASE_URL when it names PostgreSQL (the
tables are created there from the models; use a throwaway database).

    .venv/bin/python -m bench.bench_seed_demo [--weeks 12]
"""

from __future__ import annotations

import argparse
import os
import platform
import tempfile
import time
from pathlib import Path

from bench import results
from bench.data import reset_database
from survey_app import create_app
from survey_app.extensions import db
from survey_app.seeding.demo import seed_demo


def main() -> None:
    """Seed once and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--weeks", type=int, default=12)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = os.environ.get("DATABASE_URL") or f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        app = create_app("testing", SQLALCHEMY_DATABASE_URI=url)
        with app.app_context():
            reset_database(db.engine, db.session)
            started = time.perf_counter()
            summary = seed_demo(db.session, weeks=args.weeks)
            elapsed = time.perf_counter() - started
            backend = db.engine.dialect.name
            db.engine.dispose()
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    print(
        f"{'database':<12}{'weeks':>6}{'responses':>11}{'answers':>10}{'seconds':>9}{'resp/s':>9}"
    )
    print(
        f"{backend:<12}{args.weeks:>6}{summary.responses:>11}{summary.answers:>10}"
        f"{elapsed:>9.1f}{summary.responses / elapsed:>9.0f}"
    )
    results.record(
        f"demo seeding, {args.weeks} weeks, {backend}",
        f"{summary.responses:,} responses in {elapsed:.1f} s",
        "≥ 20,000 in < 60 s",
    )
    verdict = "meets" if summary.responses >= 20_000 and elapsed < 60 else "MISSES"
    print(f"target (>= 20,000 responses in < 60 s): {verdict}")


if __name__ == "__main__":
    main()
