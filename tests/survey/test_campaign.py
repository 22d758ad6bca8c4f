"""Campaigns: Yamane's sample size, a reproducible PPS draw, progress, admin-only pages."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import select
from sqlalchemy.orm import Session

from analysis import yamane_sample_size
from survey_app.core.responses.submissions import Place, Submission, save_submission
from survey_app.models import CampaignStatus, Channel, Commune, Role, SurveyCampaign
from survey_app.survey.campaigns import (
    SamplingError,
    campaign_progress,
    create_campaign,
    draw_sample,
    equal_allocation,
    set_status,
)
from survey_app.survey.pages import survey_questionnaire
from tests import factories
from tests.html import parse, text_of
from tests.survey.conftest import commune_id, sampled_campaign, set_populations


def new_campaign(session: Session, margin: float = 0.05) -> SurveyCampaign:
    return create_campaign(
        session,
        name="Quý III",
        period="2026-Q3",
        starts_on=date(2026, 7, 1),
        ends_on=date(2026, 9, 30),
        margin=margin,
    )


@pytest.mark.parametrize(("population", "expected"), [(10_000, 385), (800_000, 400), (1000, 286)])
def test_yamane_sample_sizes(population: int, expected: int) -> None:
    assert yamane_sample_size(population, 0.05) == expected


def test_allocation_is_equal_and_adds_up() -> None:
    assert equal_allocation(385, 10) == [39] * 5 + [38] * 5
    assert sum(equal_allocation(401, 7)) == 401


def test_a_draw_uses_yamane_for_the_provinces_population(seeded: Session) -> None:
    set_populations(seeded)
    campaign = new_campaign(seeded)
    drawn = draw_sample(seeded, campaign, communes=8, seed=11)
    total = sum(c.population or 0 for c in seeded.scalars(select(Commune)))
    assert campaign.population_total == total
    assert campaign.sample_size == yamane_sample_size(total, 0.05)
    assert sum(c.target for c in drawn) == campaign.sample_size
    assert max(c.target for c in drawn) - min(c.target for c in drawn) <= 1
    assert all(0 < (c.inclusion_probability or 0) <= 1 for c in drawn)


def test_the_same_seed_draws_the_same_communes(seeded: Session) -> None:
    set_populations(seeded)
    picks = []
    for seed in (5, 5, 6):
        campaign = new_campaign(seeded)
        picks.append(
            sorted(c.commune_id for c in draw_sample(seeded, campaign, communes=10, seed=seed))
        )
    assert picks[0] == picks[1]
    assert picks[0] != picks[2]


def test_a_draw_is_refused_while_populations_are_missing(seeded: Session) -> None:
    campaign = new_campaign(seeded)
    with pytest.raises(SamplingError, match="import-population"):
        draw_sample(seeded, campaign, communes=5, seed=1)
    assert campaign.communes == []
    with pytest.raises(SamplingError):
        set_status(seeded, campaign, CampaignStatus.OPEN)


def test_populations_are_imported_from_a_csv(
    runner: FlaskCliRunner, seeded: Session, tmp_path: Path
) -> None:
    good = tmp_path / "dan-so.csv"
    good.write_text("key,population\nvan-quan,24.512\nchi-lang,31000\n", encoding="utf-8")
    result = runner.invoke(args=["communes", "import-population", str(good)])
    assert result.exit_code == 0, result.output
    assert "set for 2 communes" in result.output
    populations = dict(seeded.execute(select(Commune.key, Commune.population)).all())
    assert (populations["van-quan"], populations["chi-lang"]) == (24512, 31000)
    bad = tmp_path / "sai.csv"
    bad.write_text("key,population\nkhong-co,5\n", encoding="utf-8")
    result = runner.invoke(args=["communes", "import-population", str(bad)])
    assert result.exit_code == 1
    assert "unknown commune key 'khong-co'" in result.output


def survey_response(session: Session, commune: int, channel: Channel, when: datetime) -> None:
    save_submission(
        session,
        Place(centre_id=None, commune_id=commune, centre_name=""),
        survey_questionnaire(session),
        Submission(
            submission_id=uuid.uuid4().hex,
            channel=channel,
            answers={"access.signs": 4},
            submitted_at=when,
        ),
    )


def test_progress_counts_responses_per_commune_within_the_dates(seeded: Session) -> None:
    campaign = sampled_campaign(seeded)
    van_quan = commune_id(seeded, "van-quan")
    now = datetime.now(UTC)
    survey_response(seeded, van_quan, Channel.SURVEY_ONLINE, now)
    survey_response(seeded, van_quan, Channel.SURVEY_PAPER, now - timedelta(days=1))
    survey_response(seeded, van_quan, Channel.SURVEY_PAPER, now - timedelta(days=2))
    survey_response(seeded, van_quan, Channel.SURVEY_PAPER, now - timedelta(days=40))
    progress = {p.name: p for p in campaign_progress(seeded, campaign)}
    assert (progress["Văn Quan"].online, progress["Văn Quan"].paper) == (1, 2)
    assert progress["Văn Quan"].percent == round(100 * 3 / 40)
    assert progress["Chi Lăng"].total == 0


def test_campaign_pages_are_for_administrators_only(client: FlaskClient, seeded: Session) -> None:
    campaign = sampled_campaign(seeded)
    manager = factories.user(seeded, role=Role.MANAGER)
    factories.log_in(client, manager)
    for path in ("/quan-ly/khao-sat/", "/quan-ly/khao-sat/moi", f"/quan-ly/khao-sat/{campaign.id}"):
        assert client.get(path).status_code == 403
    assert client.post(f"/quan-ly/khao-sat/{campaign.id}/chon-mau", data={}).status_code == 403


def test_an_administrator_creates_draws_and_opens_a_campaign(
    client: FlaskClient, seeded: Session
) -> None:
    admin = factories.user(seeded, username="admin", role=Role.ADMIN, centre_keys=())
    factories.log_in(client, admin)
    form = {
        "name": "Khảo sát quý IV",
        "period": "2026-q4",
        "starts_on": "2026-10-01",
        "ends_on": "2026-12-31",
        "margin": "0.05",
    }
    created = client.post("/quan-ly/khao-sat/moi", data=form)
    assert created.status_code == 303
    campaign = seeded.scalar(select(SurveyCampaign))
    assert campaign is not None
    assert campaign.period == "2026-Q4"
    refused = client.post(f"/quan-ly/khao-sat/{campaign.id}/chon-mau", data={"communes": "5"})
    assert refused.status_code == 400
    assert "import-population" in text_of(parse(refused), ".error-summary")

    set_populations(seeded)
    drawn = client.post(
        f"/quan-ly/khao-sat/{campaign.id}/chon-mau", data={"communes": "5", "seed": "42"}
    )
    assert drawn.status_code == 303
    page = parse(client.get(f"/quan-ly/khao-sat/{campaign.id}"))
    assert len(page.select(".progress-table tbody tr")) == 5
    assert "Yamane" in text_of(page, ".campaign-facts")
    opened = client.post(f"/quan-ly/khao-sat/{campaign.id}/trang-thai", data={"status": "open"})
    assert opened.status_code == 303
    seeded.refresh(campaign)
    assert campaign.status is CampaignStatus.OPEN
    closed = client.post(f"/quan-ly/khao-sat/{campaign.id}/trang-thai", data={"status": "closed"})
    assert closed.status_code == 303
    page = parse(client.get(f"/quan-ly/khao-sat/{campaign.id}"))
    # The status drop-down shows where the campaign stands, not "open".
    assert page.select_one("select#status option[selected]")["value"] == "closed"
    listing = parse(client.get("/quan-ly/khao-sat/"))
    assert "Khảo sát quý IV" in text_of(listing, ".actions")
