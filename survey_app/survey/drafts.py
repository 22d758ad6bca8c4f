"""Online answers kept page by page until sent, then stored once as one response.

The browser holds only a random token (in the signed session cookie); the answers
wait in a ``survey_draft`` row. Sending reuses the draft's submission id, so a double
tap or a retry stores one response.
"""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import delete
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import Session

from survey_app.core.responses.questionnaires import Questionnaire
from survey_app.core.responses.submissions import Place, SaveResult, Submission, save_submission
from survey_app.models import Channel, SurveyCampaign, SurveyDraft, utcnow


def find_draft(session: Session, campaign: SurveyCampaign, token: str | None) -> SurveyDraft | None:
    """The draft a session token names, if it belongs to ``campaign``."""
    if not token:
        return None
    draft = session.get(SurveyDraft, token)
    return draft if draft is not None and draft.campaign_id == campaign.id else None


def start_draft(session: Session, campaign: SurveyCampaign) -> SurveyDraft:
    """A new, empty draft (not yet committed)."""
    draft = SurveyDraft(
        token=secrets.token_urlsafe(32),
        campaign_id=campaign.id,
        submission_id=uuid.uuid4().hex,
        answers={},
        page=1,
    )
    session.add(draft)
    return draft


def save_page(
    session: Session,
    draft: SurveyDraft,
    page_keys: Iterable[str],
    answers: Mapping[str, Any],
    next_page: int,
) -> None:
    """Replace this page's answers in the draft (a cleared answer is removed) and move on."""
    keys = set(page_keys)
    kept = {k: v for k, v in draft.answers.items() if k not in keys}
    # A new dict, so the JSON column sees the change.
    draft.answers = {**kept, **{k: v for k, v in answers.items() if k in keys}}
    draft.page = next_page
    draft.updated_at = utcnow()
    session.commit()


def send_draft(
    session: Session,
    draft: SurveyDraft,
    questionnaire: Questionnaire,
    commune_keys: frozenset[str],
    *,
    flags: tuple[str, ...] = (),
) -> SaveResult | None:
    """Store the draft as one online response; None when it names no commune."""
    commune_id = next((draft.answers[k] for k in commune_keys if k in draft.answers), None)
    if commune_id is None:
        return None
    texts = {k: v for k, v in draft.answers.items() if isinstance(v, str)}
    scale = {
        k: v for k, v in draft.answers.items() if k not in commune_keys and not isinstance(v, str)
    }
    result = save_submission(
        session,
        Place(centre_id=None, commune_id=int(commune_id), centre_name=""),
        questionnaire,
        Submission(
            submission_id=draft.submission_id,
            channel=Channel.SURVEY_ONLINE,
            answers=scale,
            texts=texts,
            flags=flags,
        ),
    )
    # The answers now live in the response; the draft only remembers that it was sent.
    draft.answers, draft.submitted, draft.updated_at = {}, True, utcnow()
    session.commit()
    return result


def purge_drafts(session: Session, older_than_days: int, now: datetime | None = None) -> int:
    """Delete drafts untouched for ``older_than_days`` days; returns how many."""
    cutoff = (now or utcnow()) - timedelta(days=older_than_days)
    # An UPDATE or DELETE gives a CursorResult, which counts the rows it changed.
    result = cast(
        "CursorResult[Any]",
        session.execute(
            delete(SurveyDraft)
            .where(SurveyDraft.updated_at < cutoff)
            .execution_options(synchronize_session=False)
        ),
    )
    session.commit()
    return result.rowcount
