"""``flask posters`` and ``flask receipts``: QR codes to print for the centres."""

from __future__ import annotations

import difflib
from contextlib import ExitStack
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from survey_app.core.qr.pdf import poster_pdf, receipt_sheet_pdf, sticker_sheet_pdf
from survey_app.core.qr.service import (
    MAX_RECEIPT_BATCH,
    ensure_poster_codes,
    fetch_active_centres,
    fetch_centre,
    fetch_poster_codes,
    fetch_service_field,
    mint_receipt_codes,
    poster_sheets,
    receipt_sheet_entries,
    write_receipt_csv,
)
from survey_app.extensions import db
from survey_app.models import Centre, ServiceField

OUT_FILE = click.Path(dir_okay=False, writable=True, path_type=Path)


def _centre(key: str) -> Centre:
    centre = fetch_centre(db.session(), key)
    if centre is None:
        keys = [c.key for c in fetch_active_centres(db.session())]
        close = difflib.get_close_matches(key, keys, n=3)
        hint = f" Did you mean {', '.join(close)}?" if close else ""
        raise click.ClickException(
            f"There is no centre with key {key!r}.{hint} "
            "Centre keys are the commune keys, such as van-quan or tinh."
        )
    if not centre.active:
        raise click.ClickException(f"Centre {key!r} is closed; nothing is printed for it.")
    return centre


def _service_field(key: str) -> ServiceField:
    field = fetch_service_field(db.session(), key)
    if field is None:
        raise click.ClickException(
            f"There is no service field with key {key!r}. "
            "Run 'flask seed reference' or pick a key from survey_app/data/service_fields.csv."
        )
    return field


@click.group("posters")
def posters_cli() -> None:
    """QR posters and stickers for a centre and its counters."""


@posters_cli.command("ensure")
@click.option("--centre", "centre_key", metavar="KEY", help="One centre, by its key.")
@click.option("--all", "all_centres", is_flag=True, help="Every active centre.")
@with_appcontext
def ensure_command(centre_key: str | None, all_centres: bool) -> None:
    """Give each centre and each counter a poster code (safe to run again)."""
    if bool(centre_key) == all_centres:
        raise click.UsageError("Give either --centre KEY or --all.")
    centres = fetch_active_centres(db.session()) if all_centres else [_centre(str(centre_key))]
    total = added = 0
    for centre in centres:
        before = {code.id for code in fetch_poster_codes(db.session(), centre)}
        codes = ensure_poster_codes(db.session(), centre)
        total += len(codes)
        added += sum(code.id not in before for code in codes)
    click.echo(f"poster codes: {total} for {len(centres)} centre(s), {added} new")


@posters_cli.command("pdf")
@click.option("--centre", "centre_key", required=True, metavar="KEY")
@click.option("--out", "out_path", required=True, type=OUT_FILE, help="The PDF to write.")
@click.option("--stickers", is_flag=True, help="A sheet of small stickers, not A4 posters.")
@click.option("--copies", default=1, show_default=True, type=click.IntRange(1, 100))
@with_appcontext
def pdf_command(centre_key: str, out_path: Path, stickers: bool, copies: int) -> None:
    """Print-ready posters (or stickers) for a centre and each of its counters."""
    centre = _centre(centre_key)
    # Printing is the moment codes are needed, so a new counter gets its code here.
    ensure_poster_codes(db.session(), centre)
    sheets = poster_sheets(db.session(), centre, current_app.config["PUBLIC_BASE_URL"])
    sheets = [sheet for sheet in sheets for _ in range(copies)]
    document = sticker_sheet_pdf(sheets) if stickers else poster_pdf(sheets)
    out_path.write_bytes(document)
    kind = "stickers" if stickers else "posters"
    click.echo(f"{len(sheets)} {kind} for {centre.name} written to {out_path}")


@click.group("receipts")
def receipts_cli() -> None:
    """One-time QR codes for dossier receipts."""


@receipts_cli.command("mint")
@click.option("--centre", "centre_key", required=True, metavar="KEY")
@click.option("--count", required=True, type=click.IntRange(1, MAX_RECEIPT_BATCH))
@click.option("--field", "field_key", metavar="KEY", help="Tag the codes with a service field.")
@click.option(
    "--csv", "csv_path", required=True, type=OUT_FILE, help="CSV for the one-stop system."
)
@click.option("--pdf", "pdf_path", type=OUT_FILE, help="Also a printable sheet of the codes.")
@with_appcontext
def mint_command(
    centre_key: str, count: int, field_key: str | None, csv_path: Path, pdf_path: Path | None
) -> None:
    """Mint COUNT codes; the CSV (and PDF) are the only copies of the plain codes."""
    centre = _centre(centre_key)
    field = _service_field(field_key) if field_key else None
    base_url = current_app.config["PUBLIC_BASE_URL"]
    with ExitStack() as files:
        # Open the outputs first: codes minted with nowhere to write them are lost.
        try:
            csv_out = files.enter_context(csv_path.open("w", encoding="utf-8", newline=""))
            pdf_out = files.enter_context(pdf_path.open("wb")) if pdf_path else None
        except OSError as error:
            raise click.ClickException(
                f"Cannot write {error.filename}: {error.strerror}."
            ) from None
        batch = mint_receipt_codes(db.session(), centre, count, service_field=field)
        write_receipt_csv(batch, base_url, csv_out)
        if pdf_out is not None:
            pdf_out.write(receipt_sheet_pdf(receipt_sheet_entries(batch, base_url)))
    click.echo(f"batch {batch.batch_id}: {len(batch.codes)} codes written to {csv_path}")
    click.echo("Only hashes are stored: keep this file, the codes cannot be printed again.")
