"""Fixtures of the survey tests: communes with populations, a campaign with a sample."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from survey_app.core.clock import today_local
from survey_app.models import (
    CampaignCommune,
    CampaignStatus,
    Commune,
    CommuneKind,
    SurveyCampaign,
)
from survey_app.survey.campaigns import create_campaign

SAMPLED = ("van-quan", "tam-thanh", "chi-lang")


def set_populations(session: Session) -> None:
    """Every commune gets a population: 5,000 plus 500 per place in the list."""
    communes = session.scalars(
        select(Commune).where(Commune.kind != CommuneKind.PROVINCE).order_by(Commune.official_code)
    )
    for i, commune in enumerate(communes):
        commune.population = 5000 + 500 * i
    session.commit()


def sampled_campaign(
    session: Session,
    *,
    keys: tuple[str, ...] = SAMPLED,
    status: CampaignStatus = CampaignStatus.OPEN,
    starts_on: date | None = None,
    ends_on: date | None = None,
) -> SurveyCampaign:
    """A campaign around today whose sample is the communes named by ``keys``, 40 each."""
    today = today_local()
    campaign = create_campaign(
        session,
        name="Khảo sát thử",
        period=f"{today.year}-Q{(today.month - 1) // 3 + 1}",
        starts_on=starts_on or today - timedelta(days=10),
        ends_on=ends_on or today + timedelta(days=10),
        margin=0.05,
    )
    communes = {c.key: c for c in session.scalars(select(Commune))}
    campaign.communes = [CampaignCommune(commune_id=communes[k].id, target=40) for k in keys]
    campaign.status = status
    session.commit()
    return campaign


def commune_id(session: Session, key: str) -> int:
    found = session.scalar(select(Commune.id).filter_by(key=key))
    assert found is not None
    return found


@pytest.fixture
def campaign(seeded: Session) -> SurveyCampaign:
    return sampled_campaign(seeded)
