"""Staff accounts, their roles and centre scope, and the audit trail."""

from __future__ import annotations

import enum
import secrets
from datetime import datetime
from typing import Any

from flask_login import UserMixin
from sqlalchemy import JSON, Column, ForeignKey, String, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship

from survey_app.models.base import Base, UTCDateTime, str_enum, utcnow
from survey_app.models.reference import Centre
from survey_app.models.tracker import Agency


def new_session_token() -> str:
    """A fresh random token for ``User.session_token``."""
    return secrets.token_urlsafe(32)


class Role(enum.StrEnum):
    """What a staff member may do; the centres they may do it for come from their scope."""

    # The system administrator: staff accounts and API keys, and all the Department does.
    ADMIN = "admin"
    # The Department of Home Affairs (Sở Nội vụ): the province's work, every centre.
    DEPARTMENT = "department"
    MANAGER = "manager"
    HANDLER = "handler"
    VIEWER = "viewer"
    # A department or commune reporting on its criteria in the tracker; no centre pages.
    AGENCY = "agency"


# Who sees the whole province, every centre: the Department, and the administrator, who
# can do all the Department does. Only system administration is ``Role.ADMIN``'s alone.
PROVINCE_ROLES = (Role.ADMIN, Role.DEPARTMENT)


user_centre = Table(
    "user_centre",
    Base.metadata,
    Column("user_id", ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True),
    Column("centre_id", ForeignKey("centre.id", ondelete="CASCADE"), primary_key=True),
)


# flask_login ships no types: UserMixin is Any.
class User(UserMixin, Base):  # type: ignore[misc]
    """A staff account. Citizens never have one."""

    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    full_name: Mapped[str] = mapped_column(String(120), default="")
    email: Mapped[str | None] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[Role] = mapped_column(str_enum(Role, "role"))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Part of every session cookie; replacing it at logout ends all of the user's
    # sessions on the server, although the cookies themselves are client-side.
    session_token: Mapped[str] = mapped_column(String(43), default=new_session_token)
    # An agency user's one agency (None for every other role).
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id"))

    agency: Mapped[Agency | None] = relationship()
    centres: Mapped[list[Centre]] = relationship(secondary=user_centre)

    @property
    def is_active(self) -> bool:
        return self.active

    def get_id(self) -> str:
        """Flask-Login's identifier: the account and its current session token."""
        return f"{self.id}:{self.session_token}"

    @property
    def is_province_wide(self) -> bool:
        """Whether the user works for the whole province (the Department, the administrator)."""
        return self.role in PROVINCE_ROLES

    def can_see_centre(self, centre_id: int) -> bool:
        """The province's roles see every centre; everyone else only those in their scope."""
        return self.is_province_wide or any(c.id == centre_id for c in self.centres)


class AuditEvent(Base):
    """Something a person did that must be answerable later (a full view of contact data)."""

    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    action: Mapped[str] = mapped_column(String(60))
    target_type: Mapped[str] = mapped_column(String(40))
    target_id: Mapped[str] = mapped_column(String(40))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
