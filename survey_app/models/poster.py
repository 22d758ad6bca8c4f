"""Short codes printed as QR on posters at a centre or one of its counters."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from survey_app.models.base import Base, UTCDateTime, utcnow
from survey_app.models.reference import Centre, Counter, ServiceField


class PosterCode(Base):
    """A public short code such as ``K7M2QX``: anyone may scan it, so it names only a place.

    Codes use upper-case letters and digits only, so the whole URL fits the QR
    alphanumeric mode and the symbol stays coarse enough for a poor camera.
    """

    __tablename__ = "poster_code"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(12), unique=True)
    centre_id: Mapped[int] = mapped_column(ForeignKey("centre.id"), index=True)
    counter_id: Mapped[int | None] = mapped_column(ForeignKey("counter.id"))
    service_field_id: Mapped[int | None] = mapped_column(ForeignKey("service_field.id"))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    centre: Mapped[Centre] = relationship()
    counter: Mapped[Counter | None] = relationship()
    service_field: Mapped[ServiceField | None] = relationship()
