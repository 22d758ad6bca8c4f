"""Survey campaigns: creating one, drawing its commune sample, following its progress.

The sample (sipas.md section 4): Yamane's n for the province's population, communes
drawn with probability proportional to population (systematic PPS), and n split
equally over the drawn communes. With PPS at the first stage, an equal number of
interviews per commune gives every resident about the same chance of selection
(n·Mᵢ/ΣM × m/Mᵢ = n·m/ΣM): the sample is self-weighting, so unweighted indices are fair.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pandas as pd
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from analysis import pps_systematic_sample, yamane_sample_size
from survey_app.core.clock import today_local
from survey_app.core.collation import sorted_vietnamese
from survey_app.core.qr.codes import new_code, normalise_code
from survey_app.core.weeks import local_midnight_utc
from survey_app.models import (
    CampaignCommune,
    CampaignStatus,
    Channel,
    Commune,
    CommuneKind,
    Instrument,
    Response,
    SurveyCampaign,
)
from survey_app.reporting.rows import rows_of
from survey_app.survey.pages import SURVEY_KEY

CAMPAIGN_CODE_LENGTH = 6


class SamplingError(ValueError):
    """A draw that cannot be made; the message says what to do."""


@dataclass(frozen=True, slots=True)
class CommuneProgress:
    """Responses against the target in one commune of a campaign."""

    commune_id: int
    name: str
    target: int
    online: int
    paper: int
    inclusion_probability: float | None

    @property
    def total(self) -> int:
        return self.online + self.paper

    @property
    def percent(self) -> int:
        return round(100 * self.total / self.target) if self.target else 0


def create_campaign(
    session: Session, *, name: str, period: str, starts_on: date, ends_on: date, margin: float
) -> SurveyCampaign:
    """A new campaign in draft, with a fresh public code."""
    campaign = SurveyCampaign(
        code=new_code(CAMPAIGN_CODE_LENGTH),
        name=name,
        period=period,
        starts_on=starts_on,
        ends_on=ends_on,
        margin=margin,
    )
    session.add(campaign)
    session.commit()
    return campaign


def fetch_campaigns(session: Session) -> list[SurveyCampaign]:
    """Every campaign, newest first."""
    return list(session.scalars(select(SurveyCampaign).order_by(SurveyCampaign.starts_on.desc())))


def find_campaign(session: Session, code: str) -> SurveyCampaign | None:
    """The campaign a public link names; None for anything that cannot be a code.

    The code comes from the URL: checking its characters first keeps NUL and the like
    away from the database (PostgreSQL refuses them with an error, not a miss).
    """
    cleaned = normalise_code(code)
    if cleaned is None:
        return None
    return session.scalar(select(SurveyCampaign).filter_by(code=cleaned))


def find_open_campaign(
    session: Session, code: str, today: date | None = None
) -> SurveyCampaign | None:
    """The campaign behind a public link, if it takes answers today."""
    campaign = find_campaign(session, code)
    today = today or today_local()
    if campaign is None or not accepts_answers(campaign, today):
        return None
    return campaign


def accepts_answers(campaign: SurveyCampaign, today: date) -> bool:
    """Open, and today within its dates."""
    return (
        campaign.status is CampaignStatus.OPEN and campaign.starts_on <= today <= campaign.ends_on
    )


def sample_communes(session: Session, campaign: SurveyCampaign) -> list[tuple[int, str]]:
    """The communes respondents may choose: the drawn ones, or all before a draw."""
    if campaign.communes:
        rows = [(c.commune_id, c.commune.name) for c in campaign.communes]
        return sorted_vietnamese(rows, lambda row: row[1])
    return all_communes(session)


def all_communes(session: Session) -> list[tuple[int, str]]:
    """Every commune-level unit (not the province row), by name."""
    rows = session.execute(
        select(Commune.id, Commune.name).where(Commune.kind != CommuneKind.PROVINCE)
    ).all()
    return sorted_vietnamese([(r.id, r.name) for r in rows], lambda row: row[1])


def population_frame(session: Session) -> pd.DataFrame:
    """The sampling frame: communes in official-code order (a rough geographic sweep)."""
    rows = session.execute(
        select(Commune.id, Commune.name, Commune.population)
        .where(Commune.kind != CommuneKind.PROVINCE)
        .order_by(Commune.official_code)
    ).all()
    return pd.DataFrame(rows, columns=["commune_id", "name", "population"])


def draw_sample(
    session: Session, campaign: SurveyCampaign, *, communes: int, seed: int
) -> list[CampaignCommune]:
    """Draw ``communes`` communes by PPS with ``seed`` and give each its target; replaces a draw."""
    if campaign.status is not CampaignStatus.DRAFT:
        raise SamplingError(_("Chỉ chọn mẫu được khi đợt khảo sát còn ở trạng thái nháp."))
    frame = population_frame(session)
    missing = frame.loc[frame["population"].isna() | (frame["population"] <= 0), "name"]
    if not missing.empty:
        raise SamplingError(
            _(
                "Thiếu dân số của %(n)d xã, phường (ví dụ: %(names)s). Hãy nhập dân số bằng lệnh "
                "flask communes import-population FILE.csv rồi chọn mẫu lại.",
                n=len(missing),
                names=", ".join(missing[:3]),
            )
        )
    if not 1 <= communes <= len(frame):
        raise SamplingError(_("Số xã, phường cần chọn phải từ 1 đến %(n)d.", n=len(frame)))
    population = int(frame["population"].sum())
    size = yamane_sample_size(population, campaign.margin)
    drawn = pps_systematic_sample(frame, communes, population="population", rng=seed)
    targets = equal_allocation(size, len(drawn))
    # A new draw replaces the old one: delete its rows first, for the flush would insert
    # the new rows before deleting the old, and a commune drawn twice breaks the unique key.
    campaign.communes = []
    session.flush()
    campaign.communes = [
        CampaignCommune(
            commune_id=int(row.commune_id),
            target=target,
            inclusion_probability=float(row.inclusion_probability),
            certainty=bool(row.certainty),
        )
        for row, target in zip(rows_of(drawn), targets, strict=True)
    ]
    campaign.draw_seed, campaign.population_total, campaign.sample_size = seed, population, size
    session.commit()
    return campaign.communes


def equal_allocation(total: int, parts: int) -> list[int]:
    """``total`` split into ``parts`` whole numbers differing by at most one, larger first."""
    base, extra = divmod(total, parts)
    return [base + (1 if i < extra else 0) for i in range(parts)]


def set_status(session: Session, campaign: SurveyCampaign, status: CampaignStatus) -> None:
    """Open or close a campaign; opening needs a drawn sample."""
    if status is CampaignStatus.OPEN and not campaign.communes:
        raise SamplingError(_("Hãy chọn mẫu xã, phường trước khi mở đợt khảo sát."))
    campaign.status = status
    session.commit()


def campaign_window(campaign: SurveyCampaign) -> tuple[datetime, datetime]:
    """The campaign's dates as UTC instants, end exclusive (local days, UTC+7)."""
    return local_midnight_utc(campaign.starts_on), local_midnight_utc(
        campaign.ends_on + timedelta(days=1)
    )


def campaign_progress(session: Session, campaign: SurveyCampaign) -> list[CommuneProgress]:
    """Responses per drawn commune within the campaign's dates, suspect ones left out."""
    start, end = campaign_window(campaign)
    rows = session.execute(
        select(Response.commune_id, Response.channel, func.count())
        .join(Instrument, Instrument.id == Response.instrument_id)
        .where(
            Instrument.key == SURVEY_KEY,
            Response.submitted_at >= start,
            Response.submitted_at < end,
            Response.is_suspect.is_(False),
        )
        .group_by(Response.commune_id, Response.channel)
    ).all()
    counts = {(r[0], Channel(r[1])): r[2] for r in rows}
    progress = [
        CommuneProgress(
            commune_id=c.commune_id,
            name=c.commune.name,
            target=c.target,
            online=counts.get((c.commune_id, Channel.SURVEY_ONLINE), 0),
            paper=counts.get((c.commune_id, Channel.SURVEY_PAPER), 0),
            inclusion_probability=c.inclusion_probability,
        )
        for c in campaign.communes
    ]
    return sorted_vietnamese(progress, lambda p: p.name)
