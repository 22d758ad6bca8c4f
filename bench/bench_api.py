"""Minting codes and pushing dossier figures through the API, beside the trivial endpoint.

Builds a fresh database (DATABASE_URL, e.g. the throwaway PostgreSQL of
tests/with_postgres.sh; a temporary SQLite file otherwise) with the reference data and
one API key, then through the Flask test client (no network, one process):

- the trivial endpoint (``GET /api/v1/centres``, key-less, one small query);
- ``POST /api/v1/receipt-codes`` for ``--codes`` distinct dossiers: key lookup, body
  check, HMAC, insert-if-absent, commit, and the call recorded in ``api_call``;
- the same dossiers again (each a lookup that finds the code: the 200 path);
- ``POST /api/v1/centres/{centre}/dossier-figures`` for ``--days`` centre-days, the way
  the one-stop system sends them every night: one call per centre and day, each with its
  own Idempotency-Key (reserve, validate, insert-if-absent, the stored answer, one commit);
- the same centre-days as corrections in batches of ``--batch`` days per call (each day
  replaced).

Afterwards the stored codes, centre-days, stored answers and recorded calls must match
what was sent.

    .venv/bin/python -m bench.bench_api [--codes 10000] [--days 10000]
    tests/with_postgres.sh .venv/bin/python -m bench.bench_api
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from flask import Flask
from sqlalchemy import func, select

from bench import results
from bench.data import reset_database
from survey_app import create_app
from survey_app.api.keys import create_key
from survey_app.core.clock import today_local
from survey_app.extensions import db
from survey_app.models import (
    ApiCall,
    ApiIdempotency,
    ApiScope,
    Centre,
    OneStopDay,
    ReceiptCode,
    Role,
    User,
)


def timed(count: int, call: Callable[[int], int], expected: int) -> float:
    """Calls per second of ``call(i)`` for i in range(count); every status must be ``expected``."""
    started = time.perf_counter()
    for i in range(count):
        status = call(i)
        if status != expected:
            raise SystemExit(f"call {i} answered {status}, not {expected}")
    return count / (time.perf_counter() - started)


@dataclass(frozen=True, slots=True)
class Setup:
    """A fresh database with one key for every centre, and the centres' codes."""

    app: Flask
    plain: str
    dialect: str
    centres: list[str]


def prepare(url: str) -> Setup:
    """Reference data and one key (minting and pushing, every centre) on ``url``."""
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
            scopes=[ApiScope.MINT_CODES, ApiScope.PUSH_DOSSIER_FIGURES],
            centres=[],
            all_centres=True,
        ).plain
        centres = list(db.session.scalars(select(Centre.key).order_by(Centre.id)))
        setup = Setup(app, plain, db.engine.dialect.name, centres)
        db.session.remove()
    return setup


def measure(setup: Setup, args: argparse.Namespace) -> dict[str, float]:
    """Calls per second of each kind of call, in one run."""
    client = setup.app.test_client()
    plain = {"Accept-Encoding": "identity"}
    headers = {"Authorization": f"Bearer {setup.plain}", **plain}

    def trivial(_i: int) -> int:
        return client.get("/api/v1/centres", headers=plain).status_code

    def mint(i: int) -> int:
        body = {"centre": "van-quan", "dossier_ref": f"000.00.31.H40-261125-{i:06d}"}
        return client.post("/api/v1/receipt-codes", json=body, headers=headers).status_code

    # Centre-days: every centre's days, going back from yesterday.
    yesterday = today_local() - timedelta(days=1)
    count = len(setup.centres)
    slots = [
        (setup.centres[i % count], yesterday - timedelta(days=i // count)) for i in range(args.days)
    ]
    batches = batched_slots(slots, args.batch)

    def push(centre: str, days: list[date], received: int, idem: str) -> int:
        body = {"days": [day_figures(day, received=received) for day in days]}
        return client.post(
            f"/api/v1/centres/{centre}/dossier-figures",
            json=body,
            headers={**headers, "Idempotency-Key": idem},
        ).status_code

    def push_night(i: int) -> int:
        return push(slots[i][0], [slots[i][1]], 40 + i % 7, f"night-{i}")

    def correct(i: int) -> int:
        return push(batches[i][0], batches[i][1], 50, f"fix-{i}")

    timed(200, trivial, 200)  # unmeasured warm-up
    rates = {"before": timed(args.trivial, trivial, 200)}
    rates["minted"] = timed(args.codes, mint, 201)
    rates["repeated"] = timed(args.codes, mint, 200)
    rates["pushed"] = timed(args.days, push_night, 200)
    rates["corrected"] = timed(len(batches), correct, 200) * args.days / len(batches)
    rates["after"] = timed(args.trivial, trivial, 200)
    rates["batches"] = len(batches)
    return rates


def count_rows(app: Flask) -> dict[str, int]:
    """What the run left in the database."""
    with app.app_context():
        session = db.session
        counted = {
            "codes": session.scalar(select(func.count()).select_from(ReceiptCode)) or 0,
            "calls": session.scalar(select(func.count()).select_from(ApiCall)) or 0,
            "days": session.scalar(select(func.count()).select_from(OneStopDay)) or 0,
            "received": session.scalar(select(func.sum(OneStopDay.received))) or 0,
            "answers": session.scalar(select(func.count()).select_from(ApiIdempotency)) or 0,
        }
        db.engine.dispose()
    return counted


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--codes", type=int, default=10_000)
    parser.add_argument("--days", type=int, default=10_000)
    parser.add_argument("--batch", type=int, default=31)
    parser.add_argument("--trivial", type=int, default=2_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = os.environ.get("DATABASE_URL") or f"sqlite:///{Path(tmp) / 'api.sqlite3'}"
        setup = prepare(url)
        rates = measure(setup, args)
        rows = count_rows(setup.app)
    report(setup.dialect, args, rates, rows)


def report(
    dialect: str, args: argparse.Namespace, rates: dict[str, float], rows: dict[str, int]
) -> None:
    """Print the figures, check the rows against what was sent, record the run."""
    ceiling = (rates["before"] + rates["after"]) / 2
    minted, repeated, pushed = rates["minted"], rates["repeated"], rates["pushed"]
    batches = int(rates["batches"])
    print(f"{results.machine()}; database: {dialect}; Flask test client, one process")
    print(
        f"trivial GET /api/v1/centres: {rates['before']:,.0f}/s before, "
        f"{rates['after']:,.0f}/s after"
    )
    print(
        f"mint {args.codes:,} new codes: {minted:,.0f} codes/s ({minted / ceiling:.0%} of trivial)"
    )
    print(f"the same {args.codes:,} again: {repeated:,.0f} calls/s ({repeated / ceiling:.0%})")
    print(
        f"push {args.days:,} centre-days, one per call: {pushed:,.0f} calls/s "
        f"({pushed / ceiling:.0%} of trivial)"
    )
    print(
        f"correct them in {batches:,} calls of up to {args.batch} days: "
        f"{rates['corrected']:,.0f} centre-days/s"
    )
    print(
        f"stored codes: {rows['codes']:,} (expected {args.codes:,}); centre-days: "
        f"{rows['days']:,} (expected {args.days:,}); stored answers: {rows['answers']:,}; "
        f"recorded calls: {rows['calls']:,}"
    )
    if (
        rows["codes"] != args.codes
        or rows["days"] != args.days
        or rows["calls"] != 2 * args.codes + args.days + batches
    ):
        raise SystemExit("stored rows or recorded calls do not match what was sent")
    if rows["answers"] != args.days + batches or rows["received"] != 50 * args.days:
        raise SystemExit("the corrections did not replace every day exactly once")
    results.record(
        f"API mint, {dialect}",
        f"{minted:,.0f} codes/s new, {repeated:,.0f}/s repeated; trivial {ceiling:,.0f}/s",
    )
    results.record(
        f"API dossier figures, {dialect}",
        f"{pushed:,.0f} centre-days/s one per call, {rates['corrected']:,.0f}/s in batches "
        f"of {args.batch}; trivial {ceiling:,.0f}/s",
    )


def day_figures(day: date, *, received: int) -> dict[str, object]:
    """One day's figures as the one-stop system sends them."""
    return {
        "day": day.isoformat(),
        "received": received,
        "on_time": 30,
        "late": 4,
        "late_apologised": 3,
        "supplemented_repeatedly": 1,
    }


def batched_slots(slots: list[tuple[str, date]], size: int) -> list[tuple[str, list[date]]]:
    """The centre-days grouped per centre into calls of at most ``size`` days."""
    per_centre: dict[str, list[date]] = {}
    for centre, day in slots:
        per_centre.setdefault(centre, []).append(day)
    return [
        (centre, days[start : start + size])
        for centre, days in per_centre.items()
        for start in range(0, len(days), size)
    ]


if __name__ == "__main__":
    main()
