"""Typed SQLAlchemy 2.0 models, one module per area."""

from survey_app.models.admin import DossierCount
from survey_app.models.api import ApiCall, ApiIdempotency, ApiKey, ApiScope, api_key_centre
from survey_app.models.base import Base, utcnow
from survey_app.models.complaint import (
    END_STATUSES,
    OPEN_STATUSES,
    Complaint,
    ComplaintClass,
    ComplaintEvent,
    ComplaintMessage,
    ComplaintStatus,
    MessageChannel,
    MessageStatus,
    TransferReason,
)
from survey_app.models.instrument import Instrument, Question
from survey_app.models.lockout import FailedGuess
from survey_app.models.one_stop import OneStopDay
from survey_app.models.poster import PosterCode
from survey_app.models.reference import Centre, Commune, CommuneKind, Counter, ServiceField
from survey_app.models.report_job import JobStatus, ReportJob
from survey_app.models.response import Answer, Channel, ReceiptCode, Response
from survey_app.models.rollup import NO_VALUE, WeekAnswerCount, WeekAnswerPattern, WeekRollup
from survey_app.models.survey import CampaignCommune, CampaignStatus, SurveyCampaign, SurveyDraft
from survey_app.models.tracker import (
    Agency,
    AgencyKind,
    Assignment,
    Criterion,
    CriterionLevel,
    CriterionSet,
    CriterionSource,
    LastYearResult,
    SetKind,
    SetStatus,
    assignment_support,
)
from survey_app.models.tracker_cycle import (
    CriterionReport,
    EvidenceFile,
    PeriodStatus,
    Progress,
    RemediationTask,
    ReportEvent,
    ReportingPeriod,
    ReportStatus,
    TaskStatus,
)
from survey_app.models.user import PROVINCE_ROLES, AuditEvent, Role, User, user_centre

__all__ = [
    "END_STATUSES",
    "NO_VALUE",
    "OPEN_STATUSES",
    "PROVINCE_ROLES",
    "Agency",
    "AgencyKind",
    "Answer",
    "ApiCall",
    "ApiIdempotency",
    "ApiKey",
    "ApiScope",
    "Assignment",
    "AuditEvent",
    "Base",
    "CampaignCommune",
    "CampaignStatus",
    "Centre",
    "Channel",
    "Commune",
    "CommuneKind",
    "Complaint",
    "ComplaintClass",
    "ComplaintEvent",
    "ComplaintMessage",
    "ComplaintStatus",
    "Counter",
    "Criterion",
    "CriterionLevel",
    "CriterionReport",
    "CriterionSet",
    "CriterionSource",
    "DossierCount",
    "EvidenceFile",
    "FailedGuess",
    "Instrument",
    "JobStatus",
    "LastYearResult",
    "MessageChannel",
    "MessageStatus",
    "OneStopDay",
    "PeriodStatus",
    "PosterCode",
    "Progress",
    "Question",
    "ReceiptCode",
    "RemediationTask",
    "ReportEvent",
    "ReportJob",
    "ReportStatus",
    "ReportingPeriod",
    "Response",
    "Role",
    "ServiceField",
    "SetKind",
    "SetStatus",
    "SurveyCampaign",
    "SurveyDraft",
    "TaskStatus",
    "TransferReason",
    "User",
    "WeekAnswerCount",
    "WeekAnswerPattern",
    "WeekRollup",
    "api_key_centre",
    "assignment_support",
    "user_centre",
    "utcnow",
]
