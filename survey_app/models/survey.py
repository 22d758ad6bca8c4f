"""The province's own SIPAS survey: campaigns, their commune sample, online drafts.

A response is not tied to a campaign by a column: it belongs to the campaign whose
dates hold its submission day and whose sample holds its commune. Responses stay one
table for every stream, and a campaign's figures are simply a time window.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, Float, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from survey_app.models.base import Base, UTCDateTime, str_enum, utcnow
from survey_app.models.reference import Commune


class CampaignStatus(enum.StrEnum):
    """Draft while the sample is drawn; open while answers are taken; then closed."""

    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"


class SurveyCampaign(Base):
    """One round of the province's SIPAS survey."""

    __tablename__ = "survey_campaign"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Public: respondents open /khao-sat/<code>.
    code: Mapped[str] = mapped_column(String(12), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    period: Mapped[str] = mapped_column(String(7))  # "2026-Q3", "2026-07" or "2026"
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    margin: Mapped[float] = mapped_column(Float, default=0.05)  # Yamane's e
    status: Mapped[CampaignStatus] = mapped_column(
        str_enum(CampaignStatus, "campaign_status"), default=CampaignStatus.DRAFT
    )
    # The draw is reproducible: the seed and the population total it used are kept.
    draw_seed: Mapped[int | None]
    population_total: Mapped[int | None]
    sample_size: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    communes: Mapped[list[CampaignCommune]] = relationship(
        back_populates="campaign", cascade="all, delete-orphan"
    )


class CampaignCommune(Base):
    """A commune drawn into a campaign's sample, with its share of the interviews."""

    __tablename__ = "campaign_commune"
    __table_args__ = (UniqueConstraint("campaign_id", "commune_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(
        ForeignKey("survey_campaign.id", ondelete="CASCADE"), index=True
    )
    commune_id: Mapped[int] = mapped_column(ForeignKey("commune.id"))
    target: Mapped[int]
    drawn: Mapped[bool] = mapped_column(default=True)
    inclusion_probability: Mapped[float | None] = mapped_column(Float)
    certainty: Mapped[bool] = mapped_column(default=False)

    campaign: Mapped[SurveyCampaign] = relationship(back_populates="communes")
    commune: Mapped[Commune] = relationship()


class SurveyDraft(Base):
    """Answers of an online questionnaire not yet sent, keyed by a random session token.

    Kept on the server because 90-odd answers would not fit a cookie; anonymous like a
    response, and purged after a few days (`flask survey purge-drafts`).
    """

    __tablename__ = "survey_draft"

    token: Mapped[str] = mapped_column(String(43), primary_key=True)
    campaign_id: Mapped[int] = mapped_column(
        ForeignKey("survey_campaign.id", ondelete="CASCADE"), index=True
    )
    # Fixed when the draft starts, so sending twice stores one response.
    submission_id: Mapped[str] = mapped_column(String(36))
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    page: Mapped[int] = mapped_column(default=1)
    submitted: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
