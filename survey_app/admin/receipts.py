"""Minting receipt-code batches from the web, and listing past batches without codes.

The plain codes leave the server exactly once, in the ZIP answered to the POST that
minted them: they are never stored, cached or kept in memory between requests. That is
also what lets several app servers run side by side (engineering.md): a "download it
later" page would need the codes kept somewhere a later request could find them.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from survey_app.core.audit import record_event
from survey_app.core.collation import sorted_vietnamese
from survey_app.core.qr.pdf import receipt_sheet_pdf
from survey_app.core.qr.service import (
    MintedBatch,
    mint_receipt_codes,
    receipt_sheet_entries,
    write_receipt_csv,
)
from survey_app.models import Centre, ReceiptCode, ServiceField, User

BATCHES_SHOWN = 50


@dataclass(frozen=True, slots=True)
class BatchSummary:
    """A past batch as the list shows it: no codes, only how many and how many used."""

    batch_id: str
    created_at: datetime
    codes: int
    used: int
    service_field: str | None


def fetch_service_fields(session: Session) -> list[ServiceField]:
    """Every service field, by Vietnamese name."""
    return sorted_vietnamese(session.scalars(select(ServiceField)), lambda f: f.name_vi)


def fetch_batches(
    session: Session, centre: Centre, limit: int = BATCHES_SHOWN
) -> list[BatchSummary]:
    """The centre's newest batches with their use, counted by the database."""
    rows = session.execute(
        select(
            ReceiptCode.batch,
            func.min(ReceiptCode.created_at),
            func.count(),
            func.count(ReceiptCode.used_at),
            func.min(ServiceField.name_vi),
        )
        .outerjoin(ServiceField, ServiceField.id == ReceiptCode.service_field_id)
        .where(ReceiptCode.centre_id == centre.id)
        .group_by(ReceiptCode.batch)
        .order_by(func.min(ReceiptCode.created_at).desc(), ReceiptCode.batch.desc())
        .limit(limit)
    ).all()
    return [BatchSummary(*row) for row in rows]


def mint_batch(
    session: Session,
    actor: User,
    centre: Centre,
    count: int,
    service_field: ServiceField | None,
) -> MintedBatch:
    """Mint ``count`` codes and record who did (the batch id and size, never a code)."""
    batch = mint_receipt_codes(session, centre, count, service_field=service_field)
    record_event(
        session,
        actor,
        "receipts.mint",
        "receipt_batch",
        batch.batch_id,
        centre=centre.key,
        count=len(batch.codes),
        service_field=batch.service_field_key,
    )
    session.commit()
    return batch


def batch_zip(batch: MintedBatch, base_url: str) -> bytes:
    """The batch's CSV (for the one-stop system) and printable PDF sheet in one ZIP."""
    text = io.StringIO(newline="")
    write_receipt_csv(batch, base_url, text)
    pdf = receipt_sheet_pdf(receipt_sheet_entries(batch, base_url))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{batch_file_stem(batch)}.csv", text.getvalue().encode("utf-8"))
        # PDF streams are compressed already; storing them saves time, not space.
        archive.writestr(f"{batch_file_stem(batch)}.pdf", pdf, compress_type=zipfile.ZIP_STORED)
    return out.getvalue()


def batch_file_stem(batch: MintedBatch) -> str:
    """``ma-bien-nhan-2026-11-25-van-quan-k7m2``: ASCII, as the batch id is."""
    return f"ma-bien-nhan-{batch.batch_id}"
