"""The tracker's overview page: its load time with and without the survey estimates kept.

The overview forecasts the survey-derived criteria from this service's own SIPAS answers
(a bootstrap) on every load. ``survey_estimates`` keeps them per process, keyed on the
responses stored in the year. This times, in one run and one process, ``--runs`` loads of
the provincial set's overview as the Department: "without" (the kept estimates dropped
before each load, so each load computes them, as before the change) and "with" (kept).

Needs a database with the demo data (DATABASE_URL), e.g.:

    DATABASE_URL=sqlite:////tmp/demo.db .venv/bin/flask db upgrade
    ... flask seed reference; flask seed demo --weeks 12; flask seed survey-demo
    DATABASE_URL=sqlite:////tmp/demo.db .venv/bin/python -m bench.bench_overview [--runs 20]
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

from sqlalchemy import func, select

from survey_app import create_app
from survey_app.core.passwords import hash_secret
from survey_app.extensions import db
from survey_app.models import CriterionSet, Response, Role, SetKind, User
from survey_app.tracker.survey_estimates import forget_survey_estimates

USERNAME = "bench-overview"
PASSWORD = "benchmark password"


def percentile(samples: list[float], share: float) -> float:
    """The nearest-rank percentile of ``samples``."""
    ordered = sorted(samples)
    return ordered[max(0, min(len(ordered) - 1, round(share * len(ordered)) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=os.environ["DATABASE_URL"])
    with app.app_context():
        if db.session.scalar(select(User).filter_by(username=USERNAME)) is None:
            db.session.add(
                User(
                    username=USERNAME,
                    full_name="Benchmark",
                    password_hash=hash_secret(PASSWORD),
                    role=Role.ADMIN,
                )
            )
            db.session.commit()
        chosen = db.session.scalars(
            select(CriterionSet)
            .filter_by(kind=SetKind.PROVINCIAL)
            .order_by(CriterionSet.year.desc())
        ).first()
        assert chosen is not None, "no provincial set: seed the demo data first"
        responses = db.session.scalar(select(func.count(Response.id)))
        url = f"/quan-ly/chi-so-cchc/{chosen.id}/tong-quan"
    client = app.test_client()
    login = client.post("/dang-nhap", data={"username": USERNAME, "password": PASSWORD})
    assert login.status_code in (302, 303), login.status_code
    assert client.get(url).status_code == 200  # warm-up: templates, imports

    def load(forget: bool) -> float:
        if forget:
            forget_survey_estimates()
        started = time.perf_counter()
        response = client.get(url)
        took = (time.perf_counter() - started) * 1000
        assert response.status_code == 200
        return took

    print(f"overview {url}, {responses} responses stored, {args.runs} loads each")
    for name, forget in (("without kept estimates", True), ("with kept estimates", False)):
        samples = [load(forget) for _ in range(args.runs)]
        print(
            f"{name:24s} median {statistics.median(samples):7.1f} ms"
            f"   p90 {percentile(samples, 0.9):7.1f} ms"
            f"   min {min(samples):7.1f} ms   max {max(samples):7.1f} ms"
        )


if __name__ == "__main__":
    main()
