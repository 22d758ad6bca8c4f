"""Wrong guesses at a secret (a complaint's PIN, a staff password), kept as rows.

Rows, not counters in a worker's memory: every process and every server sees the same
guesses, and a restart or a recycled worker forgets none of them. Subject and address
are stored as keyed hashes: the table needs to match them, never to read them.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from survey_app.models.base import Base, UTCDateTime, utcnow


class FailedGuess(Base):
    """One wrong guess (or one being checked) at one secret from one address."""

    __tablename__ = "failed_guess"
    __table_args__ = (Index(None, "kind", "subject", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))  # "pin" or "password"
    subject: Mapped[str] = mapped_column(String(64))
    address: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
