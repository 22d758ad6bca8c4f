"""Personal data in complaints: who sees contact data, erasing it, anonymising old cases.

Luật 91/2025/QH15 and Nghị định 356/2025/NĐ-CP: contact data only with consent, shown
in full only to the person handling the complaint (and the province's roles), every full view
written to the audit trail, erased on request, and not kept longer than needed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from survey_app.complaints.crypto import Contact, decrypt_contact, masked
from survey_app.complaints.notify import cancel_messages
from survey_app.core.masking import mask_personal_data
from survey_app.models import (
    END_STATUSES,
    AuditEvent,
    Complaint,
    ComplaintEvent,
    ComplaintStatus,
    Role,
    User,
    utcnow,
)

TARGET = "complaint"


def may_see_contact(complaint: Complaint, user: User) -> bool:
    """Only the handler the complaint is assigned to, and the Department and administrators."""
    return user.is_province_wide or (
        user.id == complaint.assigned_to_id and user.can_see_centre(complaint.centre_id)
    )


def may_erase_contact(complaint: Complaint, user: User) -> bool:
    """The assigned handler, the centre's managers, and the Department and administrators."""
    return may_see_contact(complaint, user) or (
        user.role is Role.MANAGER and user.can_see_centre(complaint.centre_id)
    )


def masked_contact(complaint: Complaint) -> Contact:
    """The contact as lists show it: enough to know it is there, not to use it."""
    return masked(decrypt_contact(complaint.contact_ciphertext))


def reveal_contact(session: Session, complaint: Complaint, user: User) -> Contact:
    """The full contact, for someone allowed to see it; the view is audited first."""
    if not may_see_contact(complaint, user):
        raise PermissionError("only the assigned handler or an administrator")
    session.add(
        AuditEvent(
            actor_id=user.id,
            action="complaint.contact_viewed",
            target_type=TARGET,
            target_id=str(complaint.id),
            detail={"tracking_code": complaint.tracking_code},
        )
    )
    session.commit()
    return decrypt_contact(complaint.contact_ciphertext)


def erase_contact(
    session: Session, complaint: Complaint, user: User, note: str, now: datetime | None = None
) -> None:
    """Erase the contact data at the citizen's request; waiting messages are cancelled."""
    if not may_erase_contact(complaint, user):
        raise PermissionError("only the handler, the centre's managers or an administrator")
    now = now or utcnow()
    had_contact = complaint.contact_ciphertext is not None
    complaint.contact_ciphertext = None
    complaint.contact_erased_at = now
    cancel_messages(session, complaint.id)
    session.add(
        AuditEvent(
            actor_id=user.id,
            at=now,
            action="complaint.contact_erased",
            target_type=TARGET,
            target_id=str(complaint.id),
            detail={"note": note.strip()[:500], "had_contact": had_contact},
        )
    )
    session.commit()


@dataclass(frozen=True, slots=True)
class AnonymiseReport:
    """How many finished complaints were anonymised."""

    complaints: int
    cutoff: datetime


def anonymise_finished(
    session: Session, retention_days: int, now: datetime | None = None
) -> AnonymiseReport:
    """Anonymise complaints that ended more than ``retention_days`` ago.

    Ended means closed, forwarded or rejected. Contact data and the citizen's own words
    go; the centre, class, dates and status stay, so on-time rates still add up.
    Phone and ID numbers are masked in what staff wrote (the answer, the notes).
    """
    if retention_days < 0:
        raise ValueError("retention_days must not be negative")
    now = now or utcnow()
    cutoff = now - timedelta(days=retention_days)
    ended = session.scalars(
        select(Complaint).where(
            Complaint.status.in_(list(END_STATUSES)),
            Complaint.anonymised_at.is_(None),
            or_(
                Complaint.closed_at < cutoff,
                (Complaint.status != ComplaintStatus.CLOSED) & (Complaint.resolved_at < cutoff),
            ),
        )
    ).all()
    for complaint in ended:
        cancel_messages(session, complaint.id)
        complaint.contact_ciphertext = None
        complaint.subject = ""
        complaint.body = ""
        complaint.answer = mask_personal_data(complaint.answer) if complaint.answer else None
        complaint.reject_reason = (
            mask_personal_data(complaint.reject_reason) if complaint.reject_reason else None
        )
        complaint.anonymised_at = now
        for event in session.scalars(
            select(ComplaintEvent).where(ComplaintEvent.complaint_id == complaint.id)
        ):
            event.note = mask_personal_data(event.note)
        session.add(
            AuditEvent(
                at=now,
                action="complaint.anonymised",
                target_type=TARGET,
                target_id=str(complaint.id),
                detail={"retention_days": retention_days},
            )
        )
    session.commit()
    return AnonymiseReport(len(ended), cutoff)
