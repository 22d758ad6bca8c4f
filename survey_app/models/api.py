"""The integration API's tables: keys per integrating system, replayed answers, usage."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from survey_app.models.base import Base, UTCDateTime, utcnow
from survey_app.models.reference import Centre

# SQLite only auto-increments an INTEGER PRIMARY KEY; PostgreSQL gets 64 bits.
BigId = BigInteger().with_variant(Integer, "sqlite")


class ApiScope(enum.StrEnum):
    """What a key may do."""

    MINT_CODES = "mint_codes"
    PUSH_DOSSIER_FIGURES = "push_dossier_figures"
    READ_INDICES = "read_indices"


api_key_centre = Table(
    "api_key_centre",
    Base.metadata,
    Column("api_key_id", ForeignKey("api_key.id", ondelete="CASCADE"), primary_key=True),
    Column("centre_id", ForeignKey("centre.id", ondelete="CASCADE"), primary_key=True),
)


class ApiKey(Base):
    """A key an integrating system presents as ``Authorization: Bearer <key>``.

    Only the prefix (to tell keys apart in lists) and a SHA-256 of the whole key are kept:
    the secret is shown once, when the key is made, and never again.
    """

    __tablename__ = "api_key"

    id: Mapped[int] = mapped_column(primary_key=True)
    system_name: Mapped[str] = mapped_column(String(120))
    prefix: Mapped[str] = mapped_column(String(16), unique=True)
    secret_hash: Mapped[str] = mapped_column(String(64), unique=True)
    scopes: Mapped[list[str]] = mapped_column(JSON, default=list)
    # True: the key may act for every centre, present and future; else only ``centres``.
    all_centres: Mapped[bool] = mapped_column(default=False)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    centres: Mapped[list[Centre]] = relationship(secondary=api_key_centre)

    def may_act_for(self, centre_id: int) -> bool:
        """True when the key may act for the centre ``centre_id``."""
        return self.all_centres or any(c.id == centre_id for c in self.centres)


class ApiIdempotency(Base):
    """The answer given to a write carrying an ``Idempotency-Key``, replayed on a retry.

    Unique per key and Idempotency-Key, so of two concurrent duplicates one insert wins
    and the other finds the stored answer (the IETF httpapi idempotency-key draft).
    """

    __tablename__ = "api_idempotency"
    __table_args__ = (UniqueConstraint("api_key_id", "idempotency_key"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    api_key_id: Mapped[int] = mapped_column(ForeignKey("api_key.id", ondelete="CASCADE"))
    idempotency_key: Mapped[str] = mapped_column(String(255))
    # SHA-256 of the method, path and body: the same key with another body is refused.
    fingerprint: Mapped[str] = mapped_column(String(64))
    status: Mapped[int] = mapped_column(SmallInteger)
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ApiCall(Base):
    """One call made with a key: which endpoint, its status, when. Never a body."""

    __tablename__ = "api_call"
    __table_args__ = (Index(None, "api_key_id", "at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    api_key_id: Mapped[int] = mapped_column(ForeignKey("api_key.id", ondelete="CASCADE"))
    endpoint: Mapped[str] = mapped_column(String(80))
    status: Mapped[int] = mapped_column(SmallInteger)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
