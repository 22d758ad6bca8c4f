"""Minting receipt codes through the API, beside the trivial endpoint in the same run.

Builds a fresh database (DATABASE_URL, e.g. the throwaway PostgreSQL of
tests/with_postgres.sh; a temporary SQLite file otherwise) with the reference data and
one API key, then through the Flask test client (no network, one process):

- the trivial endpoint (``GET /api/v1/centres``, key-less, one small query);
- ``POST /api/v1/receipt-codes`` for ``--codes`` distinct dossiers: key lookup, body
  check, HMAC, insert-if-absent, commit, and the call recorded in ``api_call``;
- the same dossiers again (each a lookup that finds the code: the 200 path).

Afterwards the number of stored codes and recorded calls must match what was sent.

    .venv/bin/python -m bench.bench_api [--codes 10000]
    tests/with_postgres.sh .venv/bin/python -m bench.bench_api
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import func, select

from bench import results
from bench.data import reset_database
from survey_app import create_app
from survey_app.api.keys import create_key
from survey_app.extensions import db
from survey_app.models import ApiCall, ApiScope, ReceiptCode, Role, User


def timed(count: int, call: Callable[[int], int], expected: int) -> float:
    """Calls per second of ``call(i)`` for i in range(count); every status must be ``expected``."""
    started = time.perf_counter()
    for i in range(count):
        status = call(i)
        if status != expected:
            raise SystemExit(f"call {i} answered {status}, not {expected}")
    return count / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--codes", type=int, default=10_000)
    parser.add_argument("--trivial", type=int, default=2_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = os.environ.get("DATABASE_URL") or f"sqlite:///{Path(tmp) / 'api.sqlite3'}"
        app = create_app("testing", SQLALCHEMY_DATABASE_URI=url)
        with app.app_context():
            reset_database(db.engine, db.session)
            admin = User(username="bench", full_name="Bench", password_hash="-", role=Role.ADMIN)
            db.session.add(admin)
            db.session.commit()
            plain = create_key(
                db.session,
                admin,
                system_name="bench",
                scopes=[ApiScope.MINT_CODES],
                centres=[],
                all_centres=True,
            ).plain
            dialect = db.engine.dialect.name
            db.session.remove()
        client = app.test_client()
        headers = {"Authorization": f"Bearer {plain}", "Accept-Encoding": "identity"}

        def trivial(_i: int) -> int:
            return client.get(
                "/api/v1/centres", headers={"Accept-Encoding": "identity"}
            ).status_code

        def mint(i: int) -> int:
            body = {"centre": "van-quan", "dossier_ref": f"000.00.31.H40-261125-{i:06d}"}
            return client.post("/api/v1/receipt-codes", json=body, headers=headers).status_code

        timed(200, trivial, 200)  # unmeasured warm-up
        before = timed(args.trivial, trivial, 200)
        minted = timed(args.codes, mint, 201)
        repeated = timed(args.codes, mint, 200)
        after = timed(args.trivial, trivial, 200)
        with app.app_context():
            codes = db.session.scalar(select(func.count()).select_from(ReceiptCode))
            calls = db.session.scalar(select(func.count()).select_from(ApiCall))
            db.engine.dispose()
    ceiling = (before + after) / 2
    print(f"{results.machine()}; database: {dialect}; Flask test client, one process")
    print(f"trivial GET /api/v1/centres: {before:,.0f}/s before, {after:,.0f}/s after")
    share = minted / ceiling
    print(f"mint {args.codes:,} new codes: {minted:,.0f} codes/s ({share:.0%} of trivial)")
    print(f"the same {args.codes:,} again: {repeated:,.0f} calls/s ({repeated / ceiling:.0%})")
    print(f"stored codes: {codes:,} (expected {args.codes:,}); recorded calls: {calls:,}")
    if codes != args.codes or calls != 2 * args.codes:
        raise SystemExit("stored codes or recorded calls do not match what was sent")
    results.record(
        f"API mint, {dialect}",
        f"{minted:,.0f} codes/s new, {repeated:,.0f}/s repeated; trivial {ceiling:,.0f}/s",
    )


if __name__ == "__main__":
    main()
