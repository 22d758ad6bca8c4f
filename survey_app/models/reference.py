"""Reference data: communes, their service centres, counters and service fields."""

from __future__ import annotations

import enum

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from survey_app.models.base import Base, str_enum


class CommuneKind(enum.StrEnum):
    """Level and type of a unit after the 1 July 2025 reorganisation."""

    PROVINCE = "province"
    WARD = "phuong"
    COMMUNE = "xa"


class Commune(Base):
    """One of the 65 commune-level units of Lạng Sơn, or the province row (code 20)."""

    __tablename__ = "commune"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(60), unique=True)
    official_code: Mapped[str] = mapped_column(String(5), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    kind: Mapped[CommuneKind] = mapped_column(str_enum(CommuneKind, "commune_kind"))
    formed_from: Mapped[str] = mapped_column(String(500), default="")
    population: Mapped[int | None]

    centre: Mapped[Centre | None] = relationship(back_populates="commune")

    def __repr__(self) -> str:
        return f"<Commune {self.official_code} {self.name}>"


CENTRE_NAME_START = "Trung tâm Phục vụ hành chính công "


def short_centre_name(name: str) -> str:
    """ "xã Văn Quan" for "Trung tâm Phục vụ hành chính công xã Văn Quan"."""
    return name.removeprefix(CENTRE_NAME_START) or name


class Centre(Base):
    """A public administrative service centre (Trung tâm Phục vụ hành chính công)."""

    __tablename__ = "centre"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    commune_id: Mapped[int] = mapped_column(ForeignKey("commune.id"), unique=True)
    active: Mapped[bool] = mapped_column(default=True)

    commune: Mapped[Commune] = relationship(back_populates="centre")
    counters: Mapped[list[Counter]] = relationship(
        back_populates="centre", order_by="Counter.number"
    )

    def __repr__(self) -> str:
        return f"<Centre {self.key}>"

    @property
    def short_name(self) -> str:
        """The part of the name that tells it from the others ("xã Văn Quan"): every
        centre is a "Trung tâm Phục vụ hành chính công …", which only hides what differs."""
        return short_centre_name(self.name)


class Counter(Base):
    """A counter (quầy) inside a centre, where a poster QR can point."""

    __tablename__ = "counter"
    __table_args__ = (UniqueConstraint("centre_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    centre_id: Mapped[int] = mapped_column(ForeignKey("centre.id"), index=True)
    number: Mapped[int]
    name: Mapped[str] = mapped_column(String(120))
    active: Mapped[bool] = mapped_column(default=True)

    centre: Mapped[Centre] = relationship(back_populates="counters")


class ServiceField(Base):
    """A field of administrative procedures (lĩnh vực), for optional tagging."""

    __tablename__ = "service_field"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(60), unique=True)
    name_vi: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str] = mapped_column(String(120))
