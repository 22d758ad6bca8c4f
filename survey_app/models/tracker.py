"""The criterion tracker: criterion sets, their criteria, agencies, assignments, last year.

A criterion set is one edition (a year) of an index: the province's PAR INDEX or the
province's internal index for its departments and communes. Its criteria form one tree of
three levels (field → criterion → component criterion); the scoring rule lives on the
component criteria as data (``rule_kind`` + ``rule_params``), read by the scoring engine.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy import Table as SqlTable
from sqlalchemy.orm import Mapped, mapped_column, relationship

from survey_app.models.base import Base, UTCDateTime, str_enum, utcnow
from survey_app.models.reference import Commune


class SetKind(enum.StrEnum):
    """Which index a set is: the province's PAR INDEX, or the internal one for its units."""

    PROVINCIAL = "provincial"
    INTERNAL = "internal"


class SetStatus(enum.StrEnum):
    """A draft (reconstructed or being prepared) or the official edition."""

    DRAFT = "draft"
    OFFICIAL = "official"


class CriterionLevel(enum.StrEnum):
    """Lĩnh vực, tiêu chí, tiêu chí thành phần."""

    FIELD = "field"
    CRITERION = "criterion"
    COMPONENT = "component"


class CriterionSource(enum.StrEnum):
    """Self-assessed by the province (then appraised), or measured by the ministry's survey."""

    SELF_ASSESSED = "self_assessed"
    SURVEY = "survey"


class AgencyKind(enum.StrEnum):
    """A department (sở, ban, ngành), a commune's People's Committee, or the province's centre."""

    DEPARTMENT = "department"
    COMMUNE = "commune"
    CENTRE = "centre"


class CriterionSet(Base):
    """One edition of an index: a new one each year, loaded beside the old ones."""

    __tablename__ = "criterion_set"
    __table_args__ = (UniqueConstraint("code", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(300))
    year: Mapped[int]
    kind: Mapped[SetKind] = mapped_column(str_enum(SetKind, "criterion_set_kind"))
    status: Mapped[SetStatus] = mapped_column(str_enum(SetStatus, "criterion_set_status"))
    # A reconstruction shipped with the app: every page that shows it says so.
    is_draft_annex: Mapped[bool] = mapped_column(default=False)
    declared_total: Mapped[float]
    survey_total: Mapped[float]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    criteria: Mapped[list[Criterion]] = relationship(
        back_populates="criterion_set",
        cascade="all, delete-orphan",
        order_by="Criterion.position",
    )


class Criterion(Base):
    """A field, a criterion or a component criterion (the level says which)."""

    __tablename__ = "criterion"
    __table_args__ = (UniqueConstraint("set_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    set_id: Mapped[int] = mapped_column(ForeignKey("criterion_set.id", ondelete="CASCADE"))
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("criterion.id", ondelete="CASCADE"), index=True
    )
    level: Mapped[CriterionLevel] = mapped_column(str_enum(CriterionLevel, "criterion_level"))
    code: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(500))
    max_points: Mapped[float]
    position: Mapped[int]
    # Only component criteria carry a rule; its parameters are checked by the scoring engine.
    rule_kind: Mapped[str | None] = mapped_column(String(20))
    rule_params: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    source: Mapped[CriterionSource] = mapped_column(
        str_enum(CriterionSource, "criterion_source"), default=CriterionSource.SELF_ASSESSED
    )
    evidence: Mapped[str] = mapped_column(Text, default="")
    # For survey-derived criteria: the index of this service it is forecast from.
    survey_index: Mapped[str | None] = mapped_column(String(60))

    criterion_set: Mapped[CriterionSet] = relationship(back_populates="criteria")
    parent: Mapped[Criterion | None] = relationship(remote_side=[id])


class Agency(Base):
    """An organisation that leads or supports criteria, and whose users report on them."""

    __tablename__ = "agency"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[AgencyKind] = mapped_column(str_enum(AgencyKind, "agency_kind"))
    commune_id: Mapped[int | None] = mapped_column(ForeignKey("commune.id"))
    active: Mapped[bool] = mapped_column(default=True)

    commune: Mapped[Commune | None] = relationship()


assignment_support = SqlTable(
    "assignment_support",
    Base.metadata,
    Column("assignment_id", ForeignKey("assignment.id", ondelete="CASCADE"), primary_key=True),
    Column("agency_id", ForeignKey("agency.id", ondelete="CASCADE"), primary_key=True),
)


class Assignment(Base):
    """Who answers for a component criterion: one lead agency, supporting ones, by when, what."""

    __tablename__ = "assignment"

    id: Mapped[int] = mapped_column(primary_key=True)
    criterion_id: Mapped[int] = mapped_column(
        ForeignKey("criterion.id", ondelete="CASCADE"), unique=True
    )
    lead_agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), index=True)
    deadline: Mapped[date | None]
    product: Mapped[str] = mapped_column(String(500), default="")

    criterion: Mapped[Criterion] = relationship()
    lead_agency: Mapped[Agency] = relationship()
    supporting: Mapped[list[Agency]] = relationship(
        secondary=assignment_support, order_by="Agency.name"
    )


class LastYearResult(Base):
    """Last year's outcome of a component criterion, and why points were lost."""

    __tablename__ = "last_year_result"

    id: Mapped[int] = mapped_column(primary_key=True)
    criterion_id: Mapped[int] = mapped_column(
        ForeignKey("criterion.id", ondelete="CASCADE"), unique=True
    )
    points_self: Mapped[float | None]
    points_appraised: Mapped[float | None]
    cause: Mapped[str] = mapped_column(Text, default="")
    responsible_agency_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id"))

    criterion: Mapped[Criterion] = relationship()
    responsible_agency: Mapped[Agency | None] = relationship()

    @property
    def points_lost(self) -> float:
        """Maximum − points obtained (appraised if known, else self-assessed; none: 0)."""
        obtained = self.points_appraised if self.points_appraised is not None else self.points_self
        if obtained is None:
            return 0.0
        return round(max(self.criterion.max_points - obtained, 0.0), 2)
