"""``flask`` commands of the survey: populations, the report, drafts, demo data."""

from __future__ import annotations

import csv
import time
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from survey_app.core.periods import parse_period
from survey_app.extensions import db
from survey_app.models import Commune, SurveyCampaign
from survey_app.survey.demo import seed_survey_demo
from survey_app.survey.drafts import purge_drafts
from survey_app.survey.report import write_sipas_workbook
from survey_app.survey.report_data import REPORT_PERIODS, build_sipas_report


@click.group("communes")
def communes_cli() -> None:
    """Commune reference data."""


@communes_cli.command("import-population")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
def import_population_command(path: Path) -> None:
    """Set populations from a CSV with columns key,population (all or nothing)."""
    communes = {c.key: c for c in db.session.scalars(select(Commune))}
    updates: dict[str, int] = {}
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        if not reader.fieldnames or not {"key", "population"} <= set(reader.fieldnames):
            raise click.ClickException("the file needs the columns key,population")
        for line, row in enumerate(reader, start=2):
            key, raw = row["key"].strip(), row["population"].strip().replace(".", "")
            if key not in communes:
                raise click.ClickException(f"line {line}: unknown commune key {key!r}")
            if not raw.isdigit() or int(raw) <= 0:
                raise click.ClickException(f"line {line}: population must be a positive integer")
            updates[key] = int(raw)
    for key, population in updates.items():
        communes[key].population = population
    db.session.commit()
    missing = [c.name for c in communes.values() if c.population is None and c.key != "tinh"]
    click.echo(f"populations set for {len(updates)} communes; still missing: {len(missing)}")


@click.group("report")
def report_cli() -> None:
    """Report workbooks."""


@report_cli.command("sipas")
@click.option("--period", required=True, help="2026-Q3, 2026-07 or 2026 (local time).")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Default: sipas-PERIOD.xlsx in the instance folder, which git ignores.",
)
@with_appcontext
def report_sipas_command(period: str, out: Path | None) -> None:
    """The SIPAS workbook for a period: indices, shares, by commune and centre, method."""
    try:
        label = parse_period(period, REPORT_PERIODS).label
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--period") from None
    started = time.perf_counter()
    report = build_sipas_report(
        db.session(),
        label,
        replicates=current_app.config["SURVEY_REPORT_REPLICATES"],
        seed=current_app.config["SURVEY_REPORT_SEED"],
    )
    if out is None:
        # Not the working directory: in a checkout that is the repository, and the
        # workbook (answers by commune) would sit there untracked, one `git add .` away.
        out = Path(current_app.instance_path) / f"sipas-{label}.xlsx"
        out.parent.mkdir(parents=True, exist_ok=True)
    path = write_sipas_workbook(report, out)
    total = sum(report.responses.values())
    click.echo(
        f"{path}: {total} survey responses, {report.pulse_responses} visit ratings "
        f"in {time.perf_counter() - started:.1f} s"
    )


@click.group("survey")
def survey_cli() -> None:
    """The SIPAS survey."""


@survey_cli.command("purge-drafts")
@click.option("--days", type=click.IntRange(0), default=None, help="Default: the configuration.")
@with_appcontext
def purge_drafts_command(days: int | None) -> None:
    """Delete unsent online answers older than a few days."""
    days = current_app.config["SURVEY_DRAFT_MAX_AGE_DAYS"] if days is None else days
    click.echo(f"deleted {purge_drafts(db.session(), days)} drafts older than {days} days")


@click.command("survey-demo")
@click.option("--margin", default=0.02, show_default=True, type=click.FloatRange(0.01, 0.2))
@click.option("--communes", default=16, show_default=True, type=click.IntRange(1, 65))
@click.option("--seed", "random_seed", default=2026, show_default=True)
@with_appcontext
def seed_survey_demo_command(margin: float, communes: int, random_seed: int) -> None:
    """A sampled 2026-Q3 SIPAS campaign with synthetic answers, and an open one to try."""
    if db.session.scalar(select(SurveyCampaign.id).limit(1)) is not None:
        click.echo("survey demo: campaigns already present, nothing added")
        return
    started = time.perf_counter()
    summary = seed_survey_demo(db.session(), margin=margin, communes=communes, seed=random_seed)
    base = current_app.config["PUBLIC_BASE_URL"]
    click.echo(
        f"survey demo: {summary.responses} responses, {summary.answers} answers "
        f"in {time.perf_counter() - started:.1f} s; synthetic populations for "
        f"{summary.populations_set} communes"
    )
    click.echo(f"report: flask report sipas --period {summary.period}")
    click.echo(f"answer online: {base}/khao-sat/{summary.open_campaign_code}")
