"""Evidence files: checked by their bytes, size-capped, kept in the database with a SHA-256.

The type is what the content is (``filetype`` reads the magic numbers), never the file's
name or the browser's word; a file that starts like a PDF or an image is then opened far
enough to show it is one, so a text file renamed ``.pdf`` or a truncated scan is refused.
"""

from __future__ import annotations

import hashlib
from io import BytesIO

import filetype  # type: ignore[import-untyped]
from PIL import Image, UnidentifiedImageError
from sqlalchemy.orm import Session

from survey_app.models import CriterionReport, EvidenceFile, ReportStatus, User
from survey_app.tracker.reports import log_event

# What the Department takes as evidence: signed scans (PDF) and photographs of documents.
ALLOWED_TYPES = ("application/pdf", "image/png", "image/jpeg", "image/webp")
EXTENSIONS = {
    "application/pdf": "pdf",
    "image/png": "png",
    "image/jpeg": "jpg",
    "image/webp": "webp",
}
# A PDF's trailer marker must be near its end (incremental updates may add a little after).
PDF_TAIL = 2048


class EvidenceRefusedError(ValueError):
    """A file refused; ``reason`` is one of empty, too_big, type, malformed, locked."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _well_formed(content_type: str, data: bytes) -> bool:
    if content_type == "application/pdf":
        return (
            data.startswith(b"%PDF-")
            and b"%%EOF" in data[-PDF_TAIL:]
            and b"startxref" in data[-PDF_TAIL:]
        )
    try:
        with Image.open(BytesIO(data)) as image:
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return False
    return True


def detect_type(data: bytes, max_bytes: int) -> str:
    """The file's content type if it is acceptable evidence; raises EvidenceRefusedError."""
    if not data:
        raise EvidenceRefusedError("empty")
    if len(data) > max_bytes:
        raise EvidenceRefusedError("too_big")
    kind = filetype.guess(data)
    content_type = kind.mime if kind is not None else ""
    if content_type not in ALLOWED_TYPES:
        raise EvidenceRefusedError("type")
    if not _well_formed(content_type, data):
        raise EvidenceRefusedError("malformed")
    return str(content_type)


def safe_name(file_name: str, content_type: str) -> str:
    """A short printable name ending in the detected type's extension."""
    stem = "".join(c for c in file_name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1] if c.isprintable())
    stem = stem.rsplit(".", 1)[0].strip()[:200] or "tai-lieu"
    return f"{stem}.{EXTENSIONS[content_type]}"


def add_evidence(
    session: Session,
    actor: User,
    report: CriterionReport,
    *,
    file_name: str,
    data: bytes,
    max_bytes: int,
) -> EvidenceFile:
    """Attach a checked file to a draft report; raises EvidenceRefusedError; commits."""
    if report.status is not ReportStatus.DRAFT:
        raise EvidenceRefusedError("locked")
    content_type = detect_type(data, max_bytes)
    evidence = EvidenceFile(
        report=report,
        file_name=safe_name(file_name, content_type),
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        data=data,
        uploaded_by_id=actor.id,
    )
    session.add(evidence)
    session.flush()
    log_event(
        session,
        report,
        actor,
        "file_added",
        file=evidence.file_name,
        sha256=evidence.sha256,
        size=evidence.size,
    )
    session.commit()
    return evidence
