"""Views: thin wrappers around one flow, for the poster QR, receipt codes and the kiosk."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Any

from flask import abort, current_app, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import DBAPIError
from werkzeug.exceptions import Forbidden

from forms.feedback import PulseFormBase, build_pulse_form, unknown_fields
from survey_app.core.pages import Page
from survey_app.core.rate_limits import feedback_rate_limit
from survey_app.core.responses.flags import IntegrityRules, SubmissionSignals, assess
from survey_app.core.responses.places import blank_questions, poster_place, pulse_questionnaire
from survey_app.core.responses.submissions import (
    Outcome,
    Place,
    Submission,
    find_receipt_place,
    save_submission,
)
from survey_app.core.responses.tokens import (
    KIOSK_COOKIE,
    RATED_COOKIE,
    issue_complaint_ref,
    issue_submission_token,
    mark_rated,
    read_kiosk_cookie,
    read_submission_token,
    recently_rated,
)
from survey_app.core.web_forms import web_form
from survey_app.extensions import db, limiter
from survey_app.feedback.blueprint import bp
from survey_app.models import Centre, Channel, utcnow


@dataclass(frozen=True, slots=True)
class Entry:
    """How the citizen reached the form, and where to send them afterwards."""

    place: Place
    channel: Channel
    thanks_url: str
    receipt_code_hash: str | None = None


@bp.route("/q/<code>", methods=["GET", "POST"])
@bp.route("/Q/<code>", methods=["GET", "POST"], endpoint="rate_poster_upper")
@limiter.limit(feedback_rate_limit, methods=["POST"])
def rate_poster(code: str) -> Page:
    """The form behind a poster QR: anyone may answer; repeats are flagged, not refused."""
    found = poster_place(code)
    if found is None:
        abort(404)
    stored_code, place = found
    thanks = url_for("feedback.thank_poster", code=stored_code)
    return _rate(Entry(place, Channel.POSTER_QR, thanks))


@bp.route("/r/<code>", methods=["GET", "POST"])
@bp.route("/R/<code>", methods=["GET", "POST"], endpoint="rate_receipt_upper")
@limiter.limit(feedback_rate_limit, methods=["POST"])
def rate_receipt(code: str) -> Page:
    """The form behind a receipt code: one rating per dossier, consumed only by a POST."""
    found = find_receipt_place(db.session(), code)
    if found is None:
        abort(404)
    code_hash, place, used = found
    # Chat apps open links to preview them: a GET never uses the code up.
    if used and request.method == "GET":
        return render_template("feedback/already_rated.html", place=place), 409
    thanks = url_for("feedback.thank_receipt", code=code.upper())
    return _rate(Entry(place, Channel.RECEIPT_CODE, thanks, receipt_code_hash=code_hash))


@bp.route("/kiosk", methods=["GET", "POST"])
def rate_at_kiosk() -> Page:
    """A tablet at the centre: the same form, nothing kept from one person to the next."""
    found = _kiosk_place()
    thanks = url_for("feedback.thank_kiosk", **_lang_args())
    return _rate(Entry(found, Channel.KIOSK, thanks))


@bp.get("/q/<code>/cam-on")
def thank_poster(code: str) -> str:
    found = poster_place(code)
    if found is None:
        abort(404)
    return _thank(found[1])


@bp.get("/r/<code>/cam-on")
def thank_receipt(code: str) -> str:
    found = find_receipt_place(db.session(), code)
    if found is None:
        abort(404)
    return _thank(found[1])


def _thank(place: Place) -> str:
    # The centre's complaint page goes by the centre's key: no row ids in citizens' URLs.
    key = db.session.scalar(select(Centre.key).where(Centre.id == place.centre_id))
    complaint_url = url_for("complaints.raise_at_centre", key=key) if key else None
    return render_template(
        "feedback/thank_you.html", place=place, kiosk=False, complaint_url=complaint_url
    )


@bp.get("/kiosk/cam-on")
def thank_kiosk() -> str:
    return render_template(
        "feedback/thank_you.html",
        place=_kiosk_place(),
        kiosk=True,
        reset_seconds=current_app.config["KIOSK_RESET_SECONDS"],
        next_url=url_for("feedback.rate_at_kiosk", **_lang_args()),
    )


class NotAKioskError(Forbidden):
    """A kiosk page on a device that staff have not set up (or whose cookie is gone)."""


@bp.errorhandler(NotAKioskError)
def explain_not_a_kiosk(_error: NotAKioskError) -> tuple[str, int]:
    # Whoever stands at the tablet is a citizen with no account: the general 403 page
    # ("your account may not see this page") would mean nothing to them.
    return render_template("feedback/not_a_kiosk.html"), 403


def _kiosk_place() -> Place:
    code = read_kiosk_cookie(request.cookies.get(KIOSK_COOKIE))
    found = poster_place(code) if code else None
    if found is None:
        raise NotAKioskError
    return found[1]


def _lang_args() -> dict[str, Any]:
    """``url_for`` keywords (typed Any there, beside its own ``_external: bool``)."""
    lang = request.args.get("lang")
    return {"lang": lang} if lang is not None and lang in current_app.config["LANGUAGES"] else {}


def _rate(entry: Entry) -> Page:
    """Show the form, or take a submission: validate, flag, save once, redirect."""
    questionnaire = pulse_questionnaire()
    form_class = build_pulse_form(questionnaire.questions_in(str(get_locale())))
    if request.method == "GET":
        form = web_form(form_class, formdata=None)
        form.submission.data = issue_submission_token()
        return _render_form(form, entry, questionnaire.instrument_id)

    form = web_form(form_class)
    if request.form.get("lang") in current_app.config["LANGUAGES"]:
        # The language switch posts the answers given so far (a link would reload an empty
        # form): show them again in the chosen language; nothing is checked or saved.
        if read_submission_token(form.submission.data) is None:
            form.submission.data = issue_submission_token()
        return _render_form(form, entry, questionnaire.instrument_id)
    stray = unknown_fields(form_class, request.form.keys())
    token = read_submission_token(form.submission.data)
    valid = form.validate()
    if stray or token is None or not valid:
        if token is None:
            form.submission.data = issue_submission_token()
        problem = _("Biểu mẫu có trường không hợp lệ. Xin tải lại trang.") if stray else None
        if token is None and not stray:
            problem = _("Trang đã mở quá lâu. Câu trả lời vẫn còn đây: xin bấm Gửi lại.")
        return _render_form(form, entry, questionnaire.instrument_id, problem=problem, status=400)

    now = utcnow()
    signals = SubmissionSignals(
        centre_id=entry.place.visited_centre_id,
        honeypot_filled=form.honeypot_filled,
        issued_at=token.issued_at,
        received_at=now,
        # A kiosk is shared and a receipt code proves its own visit: only posters count repeats.
        recently_rated_here=entry.channel is Channel.POSTER_QR
        and recently_rated(
            request.cookies.get(RATED_COOKIE),
            entry.place.visited_centre_id,
            current_app.config["FEEDBACK_REPEAT_COOLDOWN_SECONDS"],
        ),
    )
    submission = Submission(
        submission_id=token.submission_id,
        channel=entry.channel,
        answers=form.answers(),
        texts=form.texts(),
        submitted_at=now,
        receipt_code_hash=entry.receipt_code_hash,
    )
    try:
        submission = replace(submission, flags=tuple(assess(db.session(), signals, _rules())))
        result = save_submission(db.session(), entry.place, questionnaire, submission)
    except DBAPIError:
        db.session.rollback()
        current_app.logger.exception("feedback not saved: database error")
        problem = _(
            "Chưa lưu được câu trả lời do hệ thống đang gián đoạn. Xin bấm Gửi lại sau ít phút."
        )
        return _render_form(form, entry, questionnaire.instrument_id, problem=problem, status=503)
    if result.outcome is Outcome.CODE_USED:
        return render_template("feedback/already_rated.html", place=entry.place), 409

    next_url = entry.thanks_url
    # A shared kiosk tablet never offers the complaint page: contact data and a PIN
    # must not stay on the screen for the next person.
    if form.complaint.data and entry.channel is not Channel.KIOSK and result.response_id:
        next_url = url_for(
            "complaints.raise_after_rating", ref=issue_complaint_ref(submission.submission_id)
        )
    response = redirect(next_url, code=303)
    if entry.channel is Channel.POSTER_QR:
        response.set_cookie(
            RATED_COOKIE,
            mark_rated(request.cookies.get(RATED_COOKIE), entry.place.visited_centre_id),
            max_age=7 * 24 * 3600,
            httponly=True,
            samesite="Lax",
            secure=current_app.config["SESSION_COOKIE_SECURE"],
        )
    return response


def _render_form(
    form: PulseFormBase,
    entry: Entry,
    questionnaire_id: int,
    *,
    problem: str | None = None,
    status: int = 200,
) -> tuple[str, int]:
    blank = None
    if request.method == "GET":
        blank = blank_questions(
            questionnaire_id,
            str(get_locale()),
            lambda: render_template("feedback/_questions.html", form=form),
        )
    page = render_template(
        "feedback/rate.html",
        form=form,
        place=entry.place,
        kiosk=entry.channel is Channel.KIOSK,
        problem=problem,
        blank_questions=blank,
    )
    return page, status


def _rules() -> IntegrityRules:
    config = current_app.config
    return IntegrityRules(
        min_seconds=float(config["FEEDBACK_MIN_SECONDS"]),
        burst_window=timedelta(seconds=int(config["FEEDBACK_BURST_WINDOW_SECONDS"])),
        burst_limit=int(config["FEEDBACK_BURST_LIMIT"]),
    )
