"""Paper questionnaires typed in by staff: which campaigns and communes, and saving once."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from survey_app.core.access import visible_centres
from survey_app.core.clock import slip_time
from survey_app.core.collation import sorted_vietnamese
from survey_app.core.responses.questionnaires import Questionnaire
from survey_app.core.responses.submissions import Place, SaveResult, Submission, save_submission
from survey_app.models import CampaignStatus, Channel, SurveyCampaign, User
from survey_app.security import MAX_ID


def entry_campaigns(session: Session, user: User) -> list[SurveyCampaign]:
    """Open campaigns whose forms ``user`` may type in (a sample in their scope), newest first.

    A closed campaign takes no more forms: its figures have been reported.
    """
    campaigns = session.scalars(
        select(SurveyCampaign)
        .where(SurveyCampaign.status == CampaignStatus.OPEN)
        .order_by(SurveyCampaign.starts_on.desc())
    )
    return [c for c in campaigns if entry_communes(session, user, c)]


def closed_campaign(session: Session, campaign_id: int | None) -> SurveyCampaign | None:
    """The campaign ``campaign_id`` names if it is closed (so takes no more forms)."""
    if campaign_id is None or not 0 < campaign_id <= MAX_ID:
        return None  # no such row; a larger number is an error on PostgreSQL, not "none"
    campaign = session.get(SurveyCampaign, campaign_id)
    return campaign if campaign and campaign.status is CampaignStatus.CLOSED else None


def chosen_campaign(campaigns: list[SurveyCampaign], wanted: int | None) -> SurveyCampaign:
    """The campaign asked for, if it is one of ``campaigns``; else the newest."""
    return next((c for c in campaigns if c.id == wanted), campaigns[0])


def entry_communes(session: Session, user: User, campaign: SurveyCampaign) -> list[tuple[int, str]]:
    """The communes of ``campaign``'s sample ``user`` may enter forms for, in Vietnamese order.

    All of the sample for the province's roles, else the communes of their own centres.
    """
    sampled = {c.commune_id: c.commune.name for c in campaign.communes}
    if not user.is_province_wide:
        own = {centre.commune_id for centre in visible_centres(session, user)}
        sampled = {i: name for i, name in sampled.items() if i in own}
    return sorted_vietnamese(sampled.items(), lambda item: item[1])


def entry_problem(campaign: SurveyCampaign, commune_id: int, collected_on: date) -> str | None:
    """Why this form does not belong to ``campaign``, or None when it does."""
    if campaign.status is not CampaignStatus.OPEN:
        return _("Đợt khảo sát này đã đóng, không nhận thêm phiếu.")
    if commune_id not in {c.commune_id for c in campaign.communes}:
        return _("Xã, phường này không thuộc mẫu của đợt khảo sát đã chọn.")
    if not campaign.starts_on <= collected_on <= campaign.ends_on:
        return _(
            "Ngày thu phiếu phải trong thời gian của đợt khảo sát (%(start)s – %(end)s).",
            start=campaign.starts_on.strftime("%d/%m/%Y"),
            end=campaign.ends_on.strftime("%d/%m/%Y"),
        )
    return None


def save_paper_entry(
    session: Session,
    questionnaire: Questionnaire,
    *,
    submission_id: str,
    commune_id: int,
    collected_on: date,
    answers: Mapping[str, int | None],
    texts: Mapping[str, str],
    entered_by_id: int,
) -> SaveResult:
    """Store one paper form once (the submission id makes a retry a duplicate)."""
    return save_submission(
        session,
        Place(centre_id=None, commune_id=commune_id, centre_name=""),
        questionnaire,
        Submission(
            submission_id=submission_id,
            channel=Channel.SURVEY_PAPER,
            answers=answers,
            texts=texts,
            submitted_at=slip_time(collected_on),
            entered_by_id=entered_by_id,
        ),
    )
