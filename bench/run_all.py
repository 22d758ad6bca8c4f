"""``make bench``: every benchmark, on SQLite and on a throwaway PostgreSQL, then one table.

Each benchmark prints its own detailed table as it runs; the headline figures it
records (bench/results.py) are gathered into the table printed at the end. The
PostgreSQL runs go through tests/with_postgres.sh, which starts a server of its own.

    .venv/bin/python -m bench.run_all [--quick]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import results

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WITH_POSTGRES = str(ROOT / "tests" / "with_postgres.sh")


def plan(quick: bool) -> list[tuple[str, list[str], bool]]:
    """(label, module and arguments, on PostgreSQL?) for every run, in order."""
    seconds = ["--seconds", "4"] if quick else []
    weeks = ["--weeks", "8"] if quick else []
    sizes = ["--sizes", "1000000"] if quick else []
    reps = ["--reps", "300", "--provinces", "5"] if quick else []
    codes = ["--codes", "1000"] if quick else []
    return [
        ("submissions, SQLite", ["bench.bench_submit", *seconds], False),
        ("submissions, PostgreSQL", ["bench.bench_submit", *seconds], True),
        ("analysis", ["bench.bench_analysis", *sizes], False),
        ("statistics: coverage and false alarms", ["bench.bench_statistics", *reps], False),
        ("managers' pages, PostgreSQL", ["bench.bench_pages", *weeks], True),
        ("citizen page weight", ["bench.bench_page_weight"], False),
        ("demo seeding, SQLite", ["bench.bench_seed_demo"], False),
        ("demo seeding, PostgreSQL", ["bench.bench_seed_demo"], True),
        ("API minting, SQLite", ["bench.bench_api", *codes], False),
        ("API minting, PostgreSQL", ["bench.bench_api", *codes], True),
    ]


def main() -> int:
    """Run each benchmark; print the combined table; non-zero if any failed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="shorter runs, for a smoke test")
    args = parser.parse_args()
    failed = []
    started = time.monotonic()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "results.jsonl"
        env = {**os.environ, results.RESULTS_ENV: str(path)}
        env.pop("DATABASE_URL", None)
        for label, module, on_postgres in plan(args.quick):
            print(f"\n== {label}: {' '.join(module)}", flush=True)
            command = [sys.executable, "-m", *module]
            if on_postgres:
                command = [WITH_POSTGRES, *command]
            if subprocess.run(command, cwd=ROOT, env=env, check=False).returncode != 0:
                failed.append(label)
        recorded = results.read(path)
    print(f"\n== make bench: the figures, {time.monotonic() - started:.0f} s in all")
    print(results.machine())
    width = max((len(r["name"]) for r in recorded), default=10)
    for row in recorded:
        target = f"   [{row['target']}]" if row["target"] else ""
        print(f"{row['name']:<{width}}  {row['figure']}{target}")
    if failed:
        print(f"\nfailed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
