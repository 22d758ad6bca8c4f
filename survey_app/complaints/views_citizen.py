"""Citizens' pages: raise a complaint, keep its code and PIN, look it up, reopen it.

The intake views check their CSRF token through the form (they are exempt from the
global check) so that a stale page re-renders with what the citizen wrote instead of
an error page that loses it, as the feedback form does.
"""

from __future__ import annotations

import time

from flask import abort, current_app, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import DBAPIError

from forms.complaints import ComplaintForm, LookupForm, ReopenForm, normalise_phone
from forms.complaints import unknown_complaint_fields as unknown_fields
from survey_app.complaints.blueprint import bp
from survey_app.complaints.crypto import Contact
from survey_app.complaints.intake import (
    NewComplaint,
    check_pin,
    find_rating,
    normalise_tracking_code,
    save_complaint,
)
from survey_app.complaints.sealing import seal_pin, unseal_pin
from survey_app.complaints.status_labels import label_context
from survey_app.complaints.workflow import (
    Step,
    TransitionError,
    WorkflowRules,
    perform,
    reopen_open_until,
)
from survey_app.core import lockouts
from survey_app.core.deadlines import DeadlineRules
from survey_app.core.form_data import add_error, required
from survey_app.core.pages import Page
from survey_app.core.responses.submissions import Place, find_poster_place, place_of_centre
from survey_app.core.responses.tokens import (
    issue_submission_token,
    read_complaint_ref,
    read_submission_token,
)
from survey_app.core.web_forms import web_form
from survey_app.extensions import csrf, db, limiter
from survey_app.models import Centre, Complaint, ComplaintStatus, utcnow

RECEIPT_KEY = "complaint_receipt"
GRANTS_KEY = "complaint_grants"
GRANT_SECONDS = 30 * 60


def intake_rate_limit() -> str:
    return current_app.config["COMPLAINT_INTAKE_RATE_LIMIT"]


def lookup_rate_limit() -> str:
    return current_app.config["COMPLAINT_LOOKUP_RATE_LIMIT"]


@bp.context_processor
def labels() -> dict[str, object]:
    return label_context()


@bp.route("/q/<code>/phan-anh", methods=["GET", "POST"])
@bp.route("/Q/<code>/phan-anh", methods=["GET", "POST"], endpoint="raise_at_poster_upper")
@limiter.limit(intake_rate_limit, methods=["POST"])
@csrf.exempt
def raise_at_poster(code: str) -> Page:
    """The complaint page behind a poster's QR code."""
    found = find_poster_place(db.session(), code)
    if found is None:
        abort(404)
    return _intake(found[1], "poster")


@bp.route("/phan-anh/tt/<key>", methods=["GET", "POST"])
@limiter.limit(intake_rate_limit, methods=["POST"])
@csrf.exempt
def raise_at_centre(key: str) -> Page:
    """The complaint page of a centre, linked from the thank-you page (by its key, not id)."""
    centre = db.session.scalar(select(Centre).filter_by(key=key))
    if centre is None or not centre.active:
        abort(404)
    return _intake(place_of_centre(centre), "web")


@bp.route("/phan-anh/danh-gia/<ref>", methods=["GET", "POST"])
@limiter.limit(intake_rate_limit, methods=["POST"])
@csrf.exempt
def raise_after_rating(ref: str) -> Page:
    """The complaint page a citizen reaches by ticking the box on the feedback form."""
    submission_id = read_complaint_ref(ref)
    rating = find_rating(db.session(), submission_id) if submission_id else None
    centre = db.session.get(Centre, rating[1]) if rating else None
    if rating is None or centre is None:
        abort(404)
    return _intake(place_of_centre(centre), "feedback_form", response_id=rating[0])


def _intake(place: Place, channel: str, response_id: int | None = None) -> Page:
    """Show the form, or store the complaint once and send the citizen to their receipt."""
    if request.method == "GET":
        form = web_form(ComplaintForm, formdata=None)
        form.submission.data = issue_submission_token()
        return _render_intake(form, place)

    form = web_form(ComplaintForm)
    stray = unknown_fields(request.form.keys())
    token = read_submission_token(form.submission.data)
    valid = form.validate()
    if stray or token is None or not valid or form.honeypot_filled:
        problem = None
        if stray or form.honeypot_filled:
            problem = _("Biểu mẫu có trường không hợp lệ. Xin tải lại trang.")
        elif token is None:
            form.submission.data = issue_submission_token()
            problem = _("Trang đã mở quá lâu. Nội dung vẫn còn đây: xin bấm Gửi lại.")
        return _render_intake(form, place, problem=problem, status=400)

    contact = Contact(
        phone=normalise_phone(form.phone.data) if form.phone.data else None,
        email=form.email.data.strip().lower() if form.email.data else None,
    )
    new = NewComplaint(
        centre_id=place.visited_centre_id,
        subject=required(form.subject.data).strip(),
        body=required(form.body.data).strip(),
        submission_id=token.submission_id,
        contact=contact,
        consent=bool(form.consent.data) and bool(contact),
        consent_channel=channel,
        response_id=response_id,
    )
    try:
        receipt = save_complaint(db.session(), new, DeadlineRules.from_config(current_app.config))
    except DBAPIError:
        db.session.rollback()
        current_app.logger.exception("complaint not saved: database error")
        problem = _(
            "Chưa lưu được phản ánh do hệ thống đang gián đoạn. Xin bấm Gửi lại sau ít phút."
        )
        return _render_intake(form, place, problem=problem, status=503)
    if receipt.pin is not None:
        # The session cookie is signed, not encrypted: anyone holding the phone could
        # read a PIN in it. It carries the PIN sealed, and only to the next page, which
        # shows it once and drops it; the server keeps only its hash.
        session[RECEIPT_KEY] = {"code": receipt.tracking_code, "sealed": seal_pin(receipt.pin)}
    return redirect(url_for(".show_receipt"), code=303)


def _render_intake(
    form: ComplaintForm, place: Place, *, problem: str | None = None, status: int = 200
) -> tuple[str, int]:
    return render_template(
        "complaints/raise_complaint.html", form=form, place=place, problem=problem
    ), status


@bp.get("/phan-anh/da-gui")
def show_receipt() -> Page:
    """The tracking code and PIN, to write down or screenshot."""
    receipt = session.get(RECEIPT_KEY)
    if not isinstance(receipt, dict) or not isinstance(receipt.get("code"), str):
        return redirect(url_for(".look_up"))
    # Shown once: a reload, or the next person on a shared phone, sees the code only.
    pin = unseal_pin(receipt.get("sealed"))
    session[RECEIPT_KEY] = {"code": receipt["code"]}
    page = render_template(
        "complaints/show_receipt.html", receipt={"code": receipt["code"], "pin": pin}
    )
    return page, 200, {"Cache-Control": "no-store"}


@bp.route("/phan-anh/tra-cuu", methods=["GET", "POST"])
@limiter.limit(lookup_rate_limit, methods=["POST"])
def look_up() -> Page:
    """Code and PIN open the status page; wrong PINs lock out per code (core.lockouts)."""
    form = web_form(LookupForm)
    if request.method == "GET":
        form.code.data = request.args.get("code", "")[:20]
        return render_template("complaints/look_up.html", form=form)
    if not form.validate():
        return render_template("complaints/look_up.html", form=form), 400
    # Every spelling of one code is one secret; codes that cannot exist share one entry.
    code = normalise_tracking_code(required(form.code.data)) or "?"
    attempt = lockouts.begin_request_guess("pin", code, "COMPLAINT_PIN_LOCKOUT")
    if attempt.refused:
        add_error(form.pin, lockouts.too_many_guesses(attempt))
        return render_template("complaints/look_up.html", form=form), 429, attempt.headers
    complaint = check_pin(db.session(), required(form.code.data), required(form.pin.data))
    lockouts.settle(db.session(), attempt, correct=complaint is not None)
    if complaint is None:
        add_error(form.pin, _("Mã phản ánh hoặc mã PIN không đúng. Xin kiểm tra lại."))
        return render_template("complaints/look_up.html", form=form), 401
    _grant(complaint.tracking_code)
    return redirect(url_for(".show_status", code=complaint.tracking_code), code=303)


def _grant(code: str) -> None:
    now = int(time.time())
    grants = {
        k: v for k, v in (session.get(GRANTS_KEY) or {}).items() if isinstance(v, int) and v > now
    }
    grants[code] = now + GRANT_SECONDS
    session[GRANTS_KEY] = dict(sorted(grants.items(), key=lambda kv: kv[1])[-5:])


def _granted(code: str) -> Complaint | None:
    """The complaint when this browser gave its PIN in the last half hour."""
    stored = normalise_tracking_code(code)
    expiry = (session.get(GRANTS_KEY) or {}).get(stored or "")
    if not isinstance(expiry, int) or expiry < time.time():
        return None
    return db.session.scalar(select(Complaint).filter_by(tracking_code=stored))


@bp.get("/phan-anh/tra-cuu/<code>")
def show_status(code: str) -> Page:
    """Status, dates and the answer; never contact data, never staff notes."""
    complaint = _granted(code)
    if complaint is None:
        return redirect(url_for(".look_up", code=code))
    return _render_status(complaint, web_form(ReopenForm, formdata=None))


def _render_status(complaint: Complaint, form: ReopenForm, status: int = 200) -> Page:
    until = reopen_open_until(complaint, WorkflowRules.from_config(current_app.config))
    steps = [e for e in complaint.events if e.to_status != e.from_status]
    return render_template(
        "complaints/show_status.html",
        complaint=complaint,
        steps=steps,
        form=form,
        reopen_until=until if until and utcnow() <= until else None,
        ended=complaint.status
        in (ComplaintStatus.CLOSED, ComplaintStatus.FORWARDED, ComplaintStatus.REJECTED),
    ), status


@bp.post("/phan-anh/tra-cuu/<code>/mo-lai")
def reopen_complaint(code: str) -> Page:
    """The citizen does not accept the answer: back to the handler, with a fresh deadline."""
    complaint = _granted(code)
    if complaint is None:
        return redirect(url_for(".look_up", code=code))
    form = web_form(ReopenForm)
    if not form.validate():
        return _render_status(complaint, form, 400)
    try:
        perform(
            db.session(),
            complaint,
            Step("reopen", note=required(form.reason.data)),
            None,
            WorkflowRules.from_config(current_app.config),
        )
    except TransitionError as error:
        add_error(form.reason, str(error))
        return _render_status(complaint, form, 409)
    return redirect(url_for(".show_status", code=complaint.tracking_code), code=303)
