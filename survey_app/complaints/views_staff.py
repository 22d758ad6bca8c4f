"""Handlers' pages: the queue by deadline, one complaint and its steps, overdue, outbox.

Every view needs a signed-in staff member and checks the complaint's centre against
their scope; viewers read, only handlers, managers, the Department and administrators act,
and the workflow decides which step each of them may take.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response as WerkzeugResponse
from wtforms import Form
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # WTForms 3.3

from forms.complaints import (
    AnswerForm,
    AssignForm,
    ClassifyForm,
    EraseContactForm,
    ForwardForm,
    NoteForm,
    RejectForm,
    TakeForm,
    TransferForm,
)
from survey_app.complaints.blueprint import bp
from survey_app.complaints.crypto import Contact, ContactUnreadableError
from survey_app.complaints.history import credits
from survey_app.complaints.notify import backends_from_config, deliver, mark_delivered_by_hand
from survey_app.complaints.privacy import (
    erase_contact,
    masked_contact,
    may_erase_contact,
    may_see_contact,
    reveal_contact,
)
from survey_app.complaints.queries import (
    fetch_messages,
    fetch_outbox,
    fetch_overdue_by_centre,
    fetch_queue,
    fetch_ratings,
    fetch_transferred,
)
from survey_app.complaints.status_labels import ACTION_LABELS, CLASS_LABELS, TRANSFER_LABELS
from survey_app.complaints.workflow import (
    ANSWERED_HERE,
    Step,
    TransitionError,
    WorkflowRules,
    available_actions,
    eligible_assignees,
    perform,
)
from survey_app.core.access import roles_required, visible_centres
from survey_app.core.pages import Page
from survey_app.core.scope import CENTRE_ROLES
from survey_app.core.web_forms import web_form
from survey_app.extensions import db
from survey_app.models import (
    PROVINCE_ROLES,
    Complaint,
    ComplaintClass,
    ComplaintMessage,
    Role,
    TransferReason,
    User,
    utcnow,
)

# Viewers read the queue and the complaints; only these roles act, or read the outbox.
CASEWORK = (*PROVINCE_ROLES, Role.MANAGER, Role.HANDLER)
ACTION_FORMS: dict[str, type[Form]] = {
    "take": TakeForm,
    "classify": ClassifyForm,
    "assign": AssignForm,
    "start": NoteForm,
    "answer": AnswerForm,
    "close": NoteForm,
    "forward": ForwardForm,
    "reject": RejectForm,
    "answer_close": AnswerForm,
    "transfer": TransferForm,
}
STAFF_ACTIONS = tuple(ACTION_FORMS)


def _scope() -> Collection[int] | None:
    """The centres the user acts for; None means all of them (the province's roles)."""
    if current_user.is_province_wide:
        return None
    return [c.id for c in visible_centres(db.session(), current_user)]


def _rules() -> WorkflowRules:
    return WorkflowRules.from_config(current_app.config)


def _visible(complaint_id: int) -> Complaint:
    """The complaint, if the user's scope includes its centre (404 otherwise, to not tell)."""
    complaint = db.session.get(Complaint, complaint_id)
    if complaint is None or not current_user.can_see_centre(complaint.centre_id):
        abort(404)
    return complaint


@bp.get("/quan-ly/phan-anh/")
@roles_required(*CENTRE_ROLES)
def list_complaints() -> str:
    """The queue: open complaints of the user's centres, soonest deadline first."""
    view = request.args.get("view", "open")
    rows = fetch_queue(
        db.session(),
        _scope(),
        _rules().deadlines,
        assigned_to_id=current_user.id if view == "mine" else None,
        include_finished=view == "all",
    )
    return render_template(
        "complaints/list_complaints.html",
        rows=rows,
        view=view,
        contacts={r.complaint.id: _masked_or_none(r.complaint) for r in rows},
    )


def _masked_or_none(complaint: Complaint) -> Contact | None:
    try:
        return masked_contact(complaint)
    except ContactUnreadableError:
        return None


@bp.get("/quan-ly/phan-anh/<int:complaint_id>")
@roles_required(*CENTRE_ROLES)
def show_complaint(complaint_id: int) -> Page:
    """One complaint: what was said, the linked ratings, the history, the next steps."""
    return _render_complaint(_visible(complaint_id))


def _action_form(action: str, complaint: Complaint, formdata: object = None) -> Form:
    # The global CSRFProtect has checked the token already; several forms share a page,
    # so each has a prefix and no token of its own.
    form = web_form(ACTION_FORMS[action], formdata=formdata, prefix=action, meta={"csrf": False})
    if isinstance(form, ClassifyForm):
        form.classification.choices = [
            SelectChoice(c.value, str(CLASS_LABELS[c])) for c in ComplaintClass
        ]
        if formdata is None and complaint.classification is not None:
            form.classification.data = complaint.classification.value
    if isinstance(form, TakeForm):
        form.classification.choices = [
            SelectChoice(c.value, str(CLASS_LABELS[c]))
            for c in ComplaintClass
            if c in ANSWERED_HERE
        ]
        if formdata is None and complaint.classification in ANSWERED_HERE:
            form.classification.data = complaint.classification.value
    if isinstance(form, TransferForm):
        form.transfer_reason.choices = [
            SelectChoice(r.value, str(TRANSFER_LABELS[r])) for r in TransferReason
        ]
    if isinstance(form, AssignForm):
        form.assignee.choices = [
            SelectChoice(u.id, u.full_name or u.username)
            for u in eligible_assignees(db.session(), complaint.centre_id)
        ]
    return form


def _render_complaint(
    complaint: Complaint,
    *,
    failed: tuple[str, Form] | None = None,
    contact: Contact | None = None,
    erase_form: EraseContactForm | None = None,
    status: int = 200,
) -> Page:
    actions = [a for a in available_actions(complaint, current_user) if a in ACTION_FORMS]
    forms = {a: _action_form(a, complaint) for a in actions}
    if failed is not None:
        forms[failed[0]] = failed[1]
    rules = _rules()
    return render_template(
        "complaints/show_complaint.html",
        complaint=complaint,
        state=rules.deadlines.state(complaint.status, complaint.due_at, utcnow()),
        forms=forms,
        ratings=fetch_ratings(db.session(), complaint.response_id, str(get_locale())),
        masked=_masked_or_none(complaint),
        contact=contact,
        may_see=may_see_contact(complaint, current_user),
        may_erase=may_erase_contact(complaint, current_user),
        erase_form=erase_form or web_form(EraseContactForm, formdata=None, meta={"csrf": False}),
        credits=_credits(complaint),
        messages=fetch_messages(db.session(), complaint.id),
    ), status


def _credits(complaint: Complaint) -> dict[int, str]:
    ids = {e.actor_id for e in complaint.events if e.actor_id}
    users: Iterable[User] = db.session.scalars(select(User).where(User.id.in_(ids))) if ids else []
    return credits(complaint.events, users)


@bp.post(f"/quan-ly/phan-anh/<int:complaint_id>/<any({', '.join(STAFF_ACTIONS)}):action>")
@roles_required(*CASEWORK)
def act_on_complaint(complaint_id: int, action: str) -> Page:
    """Take one step of the workflow; the step is recorded and the citizen told if due."""
    complaint = _visible(complaint_id)
    if action not in available_actions(complaint, current_user):
        abort(403)
    form = _action_form(action, complaint, formdata=request.form)
    if not form.validate():
        return _render_complaint(complaint, failed=(action, form), status=400)
    data = form.data
    step = Step(
        action=action,
        note=data.get("note") or "",
        classification=ComplaintClass(data["classification"]) if "classification" in data else None,
        assignee_id=data.get("assignee"),
        destination=data.get("destination") or "",
        answer=data.get("answer") or "",
        reason=data.get("reason") or "",
        transfer_reason=TransferReason(data["transfer_reason"])
        if data.get("transfer_reason")
        else None,
    )
    try:
        perform(db.session(), complaint, step, current_user, _rules())
    except TransitionError as error:
        flash(str(error))
        return _render_complaint(complaint, failed=(action, form), status=409)
    _deliver_now(complaint.id)
    flash(_("Đã ghi: %(step)s.", step=str(ACTION_LABELS[action])))
    return redirect(url_for(".show_complaint", complaint_id=complaint.id), code=303)


def _deliver_now(complaint_id: int) -> None:
    """Try the gateways at once; whatever does not go stays in the outbox."""
    try:
        deliver(db.session(), backends_from_config(current_app.config), complaint_id=complaint_id)
    except ContactUnreadableError:
        db.session.rollback()
        current_app.logger.exception("contact of complaint %s cannot be decrypted", complaint_id)


@bp.post("/quan-ly/phan-anh/<int:complaint_id>/lien-he")
@roles_required(*CASEWORK)
def show_contact(complaint_id: int) -> Page:
    """The full contact, for the assigned handler or an administrator; audited."""
    complaint = _visible(complaint_id)
    if not may_see_contact(complaint, current_user):
        abort(403)
    contact = reveal_contact(db.session(), complaint, current_user)
    return _render_complaint(complaint, contact=contact)


@bp.post("/quan-ly/phan-anh/<int:complaint_id>/xoa-lien-he")
@roles_required(*CASEWORK)
def erase_complaint_contact(complaint_id: int) -> Page:
    """Erase the contact data at the citizen's request; audited."""
    complaint = _visible(complaint_id)
    if not may_erase_contact(complaint, current_user):
        abort(403)
    form = web_form(EraseContactForm, meta={"csrf": False})
    if not form.validate():
        return _render_complaint(complaint, erase_form=form, status=400)
    erase_contact(db.session(), complaint, current_user, form.note.data or "")
    flash(_("Đã xoá thông tin liên hệ của người dân."))
    return redirect(url_for(".show_complaint", complaint_id=complaint.id), code=303)


@bp.get("/quan-ly/phan-anh/qua-han")
@roles_required(*CENTRE_ROLES)
def list_overdue() -> str:
    """The overdue list per centre: what managers go through every Monday."""
    groups = fetch_overdue_by_centre(db.session(), _scope(), _rules().deadlines)
    return render_template("complaints/list_overdue.html", groups=groups)


@bp.get("/quan-ly/phan-anh/hop-thu")
@roles_required(*CASEWORK)
def list_outbox() -> str:
    """Messages to citizens: sent, waiting, and held for staff to deliver by hand."""
    return render_template(
        "complaints/list_outbox.html",
        messages=fetch_outbox(db.session(), _scope()),
    )


@bp.post("/quan-ly/phan-anh/hop-thu/<int:message_id>/da-bao")
@roles_required(*CASEWORK)
def mark_message_delivered(message_id: int) -> WerkzeugResponse:
    """A held message was delivered by hand (by phone, in person)."""
    message = db.session.get(ComplaintMessage, message_id)
    if message is None or not current_user.can_see_centre(message.complaint.centre_id):
        abort(404)
    if not may_see_contact(message.complaint, current_user):
        abort(403)
    try:
        mark_delivered_by_hand(db.session(), message, current_user)
    except ValueError:
        abort(409)
    flash(_("Đã ghi nhận: người dân đã được báo."))
    return redirect(url_for(".list_outbox"), code=303)


@bp.get("/quan-ly/phan-anh/thanh-tra")
@roles_required(*PROVINCE_ROLES)
def list_transferred() -> str:
    """Denunciations and reports of extra payments transferred to the inspectorate.

    The Department (and the administrator) stands for the inspectorate: it sees every centre's
    transfers; the list names no one and shows no contact.
    """
    return render_template("complaints/list_transferred.html", rows=fetch_transferred(db.session()))
