"""Bytes of each citizen-facing page: raw, gzip and brotli as served.

Budgets: HTML plus CSS under 30 KB uncompressed (the issue's bar) and, compressed,
inside the ~14 KB a TCP connection's first flight carries (engineering.md).

    .venv/bin/python -m bench.bench_page_weight
"""

from __future__ import annotations

import gzip
import os
import tempfile
from pathlib import Path

import brotli

from bench import results
from survey_app import create_app
from survey_app.core.qr.service import ensure_poster_codes, fetch_centre
from survey_app.core.responses.tokens import KIOSK_COOKIE, issue_kiosk_cookie
from survey_app.extensions import db
from survey_app.models import Base, PosterCode
from survey_app.seeding.reference import seed_reference


def main() -> None:
    """Render each page once and print its weight."""
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.pop("DATABASE_URL", None)
        app = create_app("testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{Path(tmp) / 'w.db'}")
        with app.app_context():
            Base.metadata.create_all(db.engine)
            seed_reference(db.session)
            code: PosterCode = ensure_poster_codes(
                db.session, fetch_centre(db.session, "van-quan")
            )[0]
            client = app.test_client()
            css_url = "/static/css/site.css"
            pages = {
                "home": "/",
                "form (vi)": f"/q/{code.code}",
                "form (en)": f"/q/{code.code}?lang=en",
                "thank-you": f"/q/{code.code}/cam-on",
            }
            rows = [(name, client.get(url).get_data()) for name, url in pages.items()]
            client.set_cookie(KIOSK_COOKIE, issue_kiosk_cookie(code.code))
            rows.append(("kiosk form", client.get("/kiosk").get_data()))
            css_response = client.get(css_url)
            css = css_response.get_data()
            css_response.close()
            db.engine.dispose()
    print(f"{'page':<14}{'html B':>8}{'gzip B':>8}{'br B':>7}{'+css B':>8}{'+css gz':>9}  budget")
    for name, html in rows:
        total = len(html) + len(css)
        compressed = len(gzip.compress(html)) + len(gzip.compress(css))
        verdict = "ok" if total < 30_000 and compressed < 14_000 else "OVER"
        print(
            f"{name:<14}{len(html):>8}{len(gzip.compress(html)):>8}"
            f"{len(brotli.compress(html)):>7}{total:>8}{compressed:>9}  {verdict}"
        )
        results.record(
            f"weight, {name}",
            f"{len(html):,} B HTML + {len(css):,} B CSS = {total:,} B; gzip {compressed:,} B",
            "< 30 KB raw, < 14 KB gzip",
        )
    print(f"stylesheet: {len(css)} B raw, {len(gzip.compress(css))} B gzip (cached a year)")


if __name__ == "__main__":
    main()
