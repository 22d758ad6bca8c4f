"""Who may do what: roles checked on the server for every staff view."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import ParamSpec, TypeVar

from flask import abort
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import Session

from survey_app.core.collation import sorted_vietnamese
from survey_app.models import Centre, Role, User

P = ParamSpec("P")
R = TypeVar("R")


def roles_required(*roles: Role) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Require a signed-in user with one of ``roles`` (403 otherwise)."""

    def decorate(view: Callable[P, R]) -> Callable[P, R]:
        @wraps(view)
        @login_required
        def wrapped(*args: P.args, **kwargs: P.kwargs) -> R:
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorate


def visible_centres(session: Session, user: User) -> list[Centre]:
    """The centres ``user`` may act for, by name: all of them for the province's roles."""
    if user.is_province_wide:
        centres = list(session.scalars(select(Centre).where(Centre.active)))
    else:
        centres = [c for c in user.centres if c.active]
    return sorted_vietnamese(centres, lambda c: c.name)
