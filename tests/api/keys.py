"""Making API keys for tests, the way an administrator would."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from survey_app.api.keys import create_key
from survey_app.models import ApiScope, Role, User
from tests import factories

ALL_SCOPES = tuple(ApiScope)


def api_key(
    session: Session,
    *,
    centre_keys: tuple[str, ...] = ("van-quan",),
    scopes: tuple[ApiScope, ...] = ALL_SCOPES,
    all_centres: bool = False,
) -> str:
    """A fresh key's plain text, made by an administrator account."""
    admin = session.scalar(select(User).filter_by(username="apiadmin"))
    if admin is None:
        admin = factories.user(session, username="apiadmin", role=Role.ADMIN, centre_keys=())
    centres = [factories.centre(session, key) for key in centre_keys]
    return create_key(
        session,
        admin,
        system_name="Một cửa",
        scopes=scopes,
        centres=centres,
        all_centres=all_centres,
    ).plain


def bearer(plain: str) -> dict[str, str]:
    """The Authorization header carrying ``plain``."""
    return {"Authorization": f"Bearer {plain}"}
