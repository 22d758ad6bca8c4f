"""``flask`` commands: seeding reference and demo data, managing staff accounts."""

from __future__ import annotations

import time

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from survey_app.core.passwords import hash_secret
from survey_app.core.qr.service import ensure_poster_codes, fetch_active_centres
from survey_app.core.weeks import last_full_week, parse_week
from survey_app.database import analyze_after_bulk_load
from survey_app.extensions import db
from survey_app.manage.digest import send_digests
from survey_app.manage.digest_audiences import AUDIENCE_BUILDERS, AUDIENCES
from survey_app.models import Role, User
from survey_app.seeding.demo import has_demo_data, seed_demo
from survey_app.seeding.demo_accounts import create_demo_accounts
from survey_app.seeding.demo_api import create_demo_api_key
from survey_app.seeding.demo_one_stop import seed_one_stop
from survey_app.seeding.demo_tracker import seed_tracker_demo
from survey_app.seeding.reference import seed_reference

MIN_PASSWORD_LENGTH = 12


@click.group("seed")
def seed_cli() -> None:
    """Load reference data or demo data."""


@seed_cli.command("reference")
@with_appcontext
def seed_reference_command() -> None:
    """Communes, centres, service fields and questionnaires (safe to run again)."""
    summary = seed_reference(db.session())
    click.echo(
        f"reference data: {summary.communes} communes and the province, "
        f"{summary.centres} centres, "
        f"{summary.service_fields} service fields, {summary.instruments} questionnaires "
        f"({summary.added} new rows)"
    )


@seed_cli.command("demo")
@click.option("--weeks", default=12, show_default=True, type=click.IntRange(1, 104))
@click.option("--seed", "random_seed", default=2026, show_default=True, help="Random seed.")
@click.option("--force", is_flag=True, help="Add demo data even if responses exist already.")
@with_appcontext
def seed_demo_command(weeks: int, random_seed: int, force: bool) -> None:
    """Synthetic visit feedback and complaints for trying the service out."""
    if current_app.config["CONFIG_NAME"] == "production":
        raise click.ClickException("demo data never goes into a production database")
    if has_demo_data(db.session()) and not force:
        click.echo("demo data: responses already present, nothing added (--force adds more)")
        return
    started = time.perf_counter()
    summary = seed_demo(db.session(), weeks=weeks, seed=random_seed)
    one_stop_days = seed_one_stop(
        db.session(), weeks=weeks, seed=random_seed, declining=summary.declining_centres
    )
    # Poster codes for every centre, so the citizen form can be tried at once.
    codes = {
        c.key: ensure_poster_codes(db.session(), c) for c in fetch_active_centres(db.session())
    }
    db.session.commit()
    analyze_after_bulk_load(db.engine)
    click.echo(
        f"demo data: {summary.responses} responses, {summary.answers} answers, "
        f"{summary.complaints} complaints, {summary.counters} counters, "
        f"{one_stop_days} one-stop centre-days over {weeks} weeks "
        f"in {time.perf_counter() - started:.1f} s; "
        f"declining on purpose: {', '.join(summary.declining_centres)}"
    )
    base = current_app.config["PUBLIC_BASE_URL"]
    click.echo(f"try the citizen form: {base}/q/{codes['tinh'][0].code}")
    accounts = create_demo_accounts(db.session())
    accounts.update(seed_tracker_demo(db.session(), seed=random_seed))
    for username, password in accounts.items():
        click.echo(
            f"demo account {username!r}, password {password!r} (sign in at {base}/dang-nhap)"
        )
    demo_key = create_demo_api_key(db.session())
    if demo_key is not None:
        click.echo(f"demo API key (all scopes, every centre; docs at {base}/api/v1/docs):")
        click.echo(f"  export HAILONG_KEY={demo_key}")


@click.group("users")
def users_cli() -> None:
    """Manage staff accounts."""


@users_cli.command("create-admin")
@click.option("--username", prompt=True)
@click.option("--full-name", default="", help="Shown in the audit trail.")
@click.password_option(
    "--password", envvar="HAILONG_ADMIN_PASSWORD", help="Or set HAILONG_ADMIN_PASSWORD."
)
@with_appcontext
def create_admin_command(username: str, full_name: str, password: str) -> None:
    """Create a system administrator, who can create every other account (the Department's too)."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise click.BadParameter(
            f"use at least {MIN_PASSWORD_LENGTH} characters", param_hint="--password"
        )
    if db.session.scalar(select(User).filter_by(username=username)) is not None:
        raise click.ClickException(f"user {username!r} exists already")
    db.session.add(
        User(
            username=username,
            full_name=full_name,
            password_hash=hash_secret(password),
            role=Role.ADMIN,
        )
    )
    db.session.commit()
    click.echo(f"administrator {username!r} created")


@click.group("digest")
def digest_cli() -> None:
    """The Monday e-mail to centre managers, the Department and complaint handlers."""


@digest_cli.command("send")
@click.option("--week", "week_text", help="Monday of the week (YYYY-MM-DD); default: last week.")
@click.option(
    "--audience",
    type=click.Choice(["all", *AUDIENCES]),
    default="all",
    show_default=True,
    help="managers: their centres; department: the province; handlers: their queue.",
)
@click.option("--dry-run", is_flag=True, help="Print every message in full; send nothing.")
@with_appcontext
def send_digest_command(week_text: str | None, audience: str, dry_run: bool) -> None:
    """Render last week's digests (managers, the Department, handlers) and send them."""
    week = parse_week(week_text, last_full_week())
    chosen = AUDIENCES if audience == "all" else (audience,)
    digests = [digest for name in chosen for digest in AUDIENCE_BUILDERS[name](db.session(), week)]
    if dry_run:
        for digest in digests:
            click.echo(f"would send to {digest.to}\nSubject: {digest.subject}\n\n{digest.text}")
            click.echo("-" * 72)
        click.echo(f"{len(digests)} messages, none sent (dry run)")
        return
    report = send_digests(digests)
    click.echo(
        f"digest for the week of {week}: {len(report.sent)} sent, {len(report.failed)} failed"
    )
    for address, reason in report.failed:
        click.echo(f"  not sent to {address}: {reason}", err=True)
    if report.failed:
        raise SystemExit(1)
