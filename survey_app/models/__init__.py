"""Typed SQLAlchemy 2.0 models, one module per area."""

from survey_app.models.base import Base, utcnow
from survey_app.models.complaint import Complaint, ComplaintClass, ComplaintEvent, ComplaintStatus
from survey_app.models.instrument import Instrument, Question
from survey_app.models.poster import PosterCode
from survey_app.models.reference import Centre, Commune, CommuneKind, Counter, ServiceField
from survey_app.models.response import Answer, Channel, ReceiptCode, Response
from survey_app.models.user import AuditEvent, Role, User, user_centre

__all__ = [
    "Answer",
    "AuditEvent",
    "Base",
    "Centre",
    "Channel",
    "Commune",
    "CommuneKind",
    "Complaint",
    "ComplaintClass",
    "ComplaintEvent",
    "ComplaintStatus",
    "Counter",
    "Instrument",
    "PosterCode",
    "Question",
    "ReceiptCode",
    "Response",
    "Role",
    "ServiceField",
    "User",
    "user_centre",
    "utcnow",
]
