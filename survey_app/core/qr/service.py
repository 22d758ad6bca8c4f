"""Poster codes and one-time receipt codes in the database, and what gets printed.

Each function that writes commits: a poster must not be printed, nor a receipt code
handed out, before its row is safely stored.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TextIO, TypeVar
from urllib.parse import urlsplit

from sqlalchemy import insert, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from survey_app.core.clock import today_local
from survey_app.core.qr.codes import (
    POSTER_PREFIX,
    RECEIPT_PREFIX,
    hash_receipt_code,
    new_code,
    new_poster_code,
    new_receipt_code,
    public_url,
)
from survey_app.core.qr.pdf import PosterSheet, ReceiptSheetEntry
from survey_app.models import Centre, Counter, PosterCode, ReceiptCode, ServiceField

MAX_RECEIPT_BATCH = 10_000
ATTEMPTS = 5  # a unique clash among 10**9 or 10**15 codes is rare; five in a row, a bug.
LOOKUP_CHUNK = 500  # bound parameters a query, well under every driver's limit
# Batch ids carry the date staff minted them on; Vietnam keeps no summer time.

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class MintedBatch:
    """A batch of fresh receipt codes. The plain codes exist only here and in its exports."""

    batch_id: str
    centre_key: str
    centre_name: str
    service_field_key: str | None
    service_field_name: str | None
    codes: tuple[str, ...]


def fetch_centre(session: Session, key: str) -> Centre | None:
    """The centre with ``key``, or None."""
    return session.scalar(select(Centre).filter_by(key=key))


def fetch_active_centres(session: Session) -> list[Centre]:
    """Every active centre, by key."""
    return list(session.scalars(select(Centre).filter_by(active=True).order_by(Centre.key)))


def fetch_service_field(session: Session, key: str) -> ServiceField | None:
    """The service field with ``key``, or None."""
    return session.scalar(select(ServiceField).filter_by(key=key))


def fetch_poster_codes(session: Session, centre: Centre) -> list[PosterCode]:
    """The centre's active poster codes in print order: the whole centre, then counters.

    Codes of counters that were closed are left out: their posters come down.
    """
    query = (
        select(PosterCode)
        .outerjoin(PosterCode.counter)
        .where(PosterCode.centre_id == centre.id, PosterCode.active)
        .where(or_(PosterCode.counter_id.is_(None), Counter.active))
        .order_by(
            PosterCode.counter_id.is_not(None),
            Counter.number,
            PosterCode.service_field_id.is_not(None),
            PosterCode.id,
        )
    )
    return list(session.scalars(query))


def ensure_poster_codes(session: Session, centre: Centre) -> list[PosterCode]:
    """One active code for the whole centre and one per active counter; commits.

    Codes that exist are kept, so posters already on the walls keep working; the
    oldest wins if a place somehow has two. Running it again adds nothing.
    """
    return _committed(session, lambda: _ensure_poster_codes_once(session, centre))


def _ensure_poster_codes_once(session: Session, centre: Centre) -> list[PosterCode]:
    existing: dict[int | None, PosterCode] = {}
    for code in fetch_poster_codes(session, centre):
        if code.service_field_id is None:
            existing.setdefault(code.counter_id, code)
    places: list[Counter | None] = [None, *(c for c in centre.counters if c.active)]
    result = []
    for counter in places:
        key = counter.id if counter is not None else None
        if key not in existing:
            fresh = PosterCode(code=_unused_poster_code(session), centre=centre, counter=counter)
            session.add(fresh)
            session.flush()
            existing[key] = fresh
        result.append(existing[key])
    return result


def _unused_poster_code(session: Session) -> str:
    for _ in range(ATTEMPTS):
        code = new_poster_code()
        if session.scalar(select(PosterCode.id).filter_by(code=code)) is None:
            return code
    raise RuntimeError("no unused poster code found; is the code generator broken?")


def place_label(code: PosterCode) -> str | None:
    """What a poster says under the centre's name: ``"Quầy 3"``, a field, both or nothing."""
    parts = []
    if code.counter is not None:
        number = f"Quầy {code.counter.number}"
        name = code.counter.name.strip()
        # Counters are often named "Quầy 3" already; don't print the number twice.
        named = name.casefold().startswith("quầy")
        parts.append(name if named else f"{number} · {name}" if name else number)
    if code.service_field is not None:
        parts.append(code.service_field.name_vi)
    return " · ".join(parts) or None


def short_url_text(base_url: str, prefix: str, code: str) -> str:
    """The address printed for typing: ``hailong.langson.gov.vn/q/K7M2QX``.

    No scheme, since browsers add it, and lower case but for the code, which is
    easier to read; the app answers either case.
    """
    parts = urlsplit(base_url if "//" in base_url else f"//{base_url}")
    return f"{parts.netloc.lower()}{parts.path.rstrip('/')}/{prefix.lower()}/{code}"


def poster_sheets(session: Session, centre: Centre, base_url: str) -> list[PosterSheet]:
    """What to print for each of the centre's active poster codes, in print order."""
    return [
        PosterSheet(
            centre_name=centre.name,
            place_label=place_label(code),
            url=public_url(base_url, POSTER_PREFIX, code.code),
            short_url_text=short_url_text(base_url, POSTER_PREFIX, code.code),
        )
        for code in fetch_poster_codes(session, centre)
    ]


def mint_receipt_codes(
    session: Session, centre: Centre, count: int, *, service_field: ServiceField | None = None
) -> MintedBatch:
    """Create ``count`` one-time codes for dossier receipts at ``centre``; commits.

    Only each code's hash is stored, so the database alone cannot print a code
    again: the returned batch, and the CSV or PDF made from it, are the only copies.
    """
    if not 1 <= count <= MAX_RECEIPT_BATCH:
        raise ValueError(f"count must be between 1 and {MAX_RECEIPT_BATCH:,}, not {count}")
    field_id = service_field.id if service_field else None

    def insert_batch() -> MintedBatch:
        batch_id = _new_batch_id(session, centre)
        hashed = _unused_receipt_codes(session, count)
        rows = [
            {
                "code_hash": h,
                "centre_id": centre.id,
                "service_field_id": field_id,
                "batch": batch_id,
            }
            for h in hashed
        ]
        session.execute(insert(ReceiptCode), rows)
        return MintedBatch(
            batch_id=batch_id,
            centre_key=centre.key,
            centre_name=centre.name,
            service_field_key=service_field.key if service_field else None,
            service_field_name=service_field.name_vi if service_field else None,
            codes=tuple(hashed.values()),
        )

    return _committed(session, insert_batch)


def _committed(session: Session, action: Callable[[], T]) -> T:
    """Run ``action`` and commit; start again if a fresh code clashed on commit.

    The clash means another process stored the same new code between our check
    and our insert: rare enough that a few attempts always suffice.
    """
    for _ in range(ATTEMPTS - 1):
        try:
            result = action()
            session.commit()
        except IntegrityError:
            session.rollback()
        else:
            return result
    result = action()
    session.commit()
    return result


def _new_batch_id(session: Session, centre: Centre) -> str:
    """``2026-11-25-van-quan-k7m2``: readable, and short enough for the column."""
    today = today_local().isoformat()
    for _ in range(ATTEMPTS):
        batch_id = f"{today}-{centre.key[:20]}-{new_code(4).lower()}"
        if session.scalar(select(ReceiptCode.id).filter_by(batch=batch_id).limit(1)) is None:
            return batch_id
    raise RuntimeError("no unused batch id found; is the code generator broken?")


def _unused_receipt_codes(session: Session, count: int) -> dict[str, str]:
    """``count`` fresh codes, keyed by hash, none repeated and none stored already."""
    found: dict[str, str] = {}
    for _ in range(ATTEMPTS):
        fresh = {hash_receipt_code(c): c for c in (new_receipt_code() for _ in range(count))}
        fresh = {h: c for h, c in fresh.items() if h not in found}
        for code_hash in _stored_hashes(session, fresh):
            del fresh[code_hash]
        found.update(list(fresh.items())[: count - len(found)])
        if len(found) == count:
            return found
    raise RuntimeError("no unused receipt codes found; is the code generator broken?")


def _stored_hashes(session: Session, hashes: Iterable[str]) -> set[str]:
    wanted = list(hashes)
    stored: set[str] = set()
    for start in range(0, len(wanted), LOOKUP_CHUNK):
        chunk = wanted[start : start + LOOKUP_CHUNK]
        stored.update(
            session.scalars(select(ReceiptCode.code_hash).where(ReceiptCode.code_hash.in_(chunk)))
        )
    return stored


def write_receipt_csv(batch: MintedBatch, base_url: str, out: TextIO) -> None:
    """The batch as CSV for the one-stop system: code, url, centre_key, service_field_key, batch.

    Open ``out`` with ``newline=""`` and UTF-8, as the csv module asks.
    """
    writer = csv.writer(out)
    writer.writerow(["code", "url", "centre_key", "service_field_key", "batch"])
    for code in batch.codes:
        url = public_url(base_url, RECEIPT_PREFIX, code)
        writer.writerow(
            [code, url, batch.centre_key, batch.service_field_key or "", batch.batch_id]
        )


def receipt_sheet_entries(batch: MintedBatch, base_url: str) -> list[ReceiptSheetEntry]:
    """What to print for each code of the batch on a receipt sheet."""
    return [
        ReceiptSheetEntry(
            code=code,
            url=public_url(base_url, RECEIPT_PREFIX, code),
            centre_name=batch.centre_name,
            field_name=batch.service_field_name,
            short_url_text=short_url_text(base_url, RECEIPT_PREFIX, code),
        )
        for code in batch.codes
    ]
