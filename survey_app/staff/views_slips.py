"""Staff views: thin, each checking role and centre scope on the server."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response as WerkzeugResponse
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # WTForms 3.3

from forms.kiosk import KioskForm
from forms.paper import build_paper_form
from forms.question_fields import accepted_codes
from survey_app.core.access import roles_required, visible_centres
from survey_app.core.clock import slip_time, today_local
from survey_app.core.form_data import required
from survey_app.core.formatting import centre_options
from survey_app.core.pages import Page
from survey_app.core.responses.questionnaires import current_questionnaire
from survey_app.core.responses.submissions import (
    Outcome,
    Submission,
    place_of_centre,
    save_submission,
)
from survey_app.core.responses.tokens import (
    KIOSK_COOKIE,
    issue_kiosk_cookie,
    issue_submission_token,
    read_submission_token,
)
from survey_app.core.web_forms import valid_submission, web_form
from survey_app.core.weeks import parse_day
from survey_app.extensions import db
from survey_app.models import PROVINCE_ROLES, Centre, Channel, PosterCode, Role
from survey_app.staff.blueprint import bp
from survey_app.staff.slips import kiosk_codes, slips_entered_today

ENTRY_ROLES = (*PROVINCE_ROLES, Role.MANAGER, Role.HANDLER)
KIOSK_ROLES = (*PROVINCE_ROLES, Role.MANAGER)


@bp.route("/phieu-giay", methods=["GET", "POST"])
@roles_required(*ENTRY_ROLES)
def enter_paper() -> Page:
    """Type in paper slips, one after another, keyboard only."""
    centres = visible_centres(db.session(), current_user)
    if not centres:
        abort(403)
    questionnaire = current_questionnaire(db.session())
    questions = questionnaire.questions_in(str(get_locale()))
    form_class = build_paper_form(questions, centre_options(centres))
    form = web_form(form_class)
    if request.method == "GET":
        form.centre.data = _offered(request.args.get("centre", type=int), centres)
        form.visit_date.data = parse_day(request.args.get("date")) or today_local()
        form.submission.data = issue_submission_token()
        return _render_paper(form)

    token = read_submission_token(form.submission.data)
    if not form.validate() or token is None or not form.has_answers():
        form.submission.data = form.submission.data if token else issue_submission_token()
        problem = None if form.has_answers() else _("Phiếu chưa có câu trả lời nào.")
        return _render_paper(form, problem=problem, status=400)

    centre = db.session.get_one(Centre, form.centre.data)
    result = save_submission(
        db.session(),
        place_of_centre(centre),
        questionnaire,
        Submission(
            submission_id=token.submission_id,
            channel=Channel.PAPER,
            answers=form.answers(),
            texts=form.texts(),
            submitted_at=slip_time(required(form.visit_date.data)),
            entered_by_id=current_user.id,
        ),
    )
    if result.outcome is Outcome.DUPLICATE:
        flash(_("Phiếu này đã được lưu trước đó, không lưu lần hai."))
    else:
        flash(
            _(
                "Đã lưu phiếu. Hôm nay Ông/Bà đã nhập %(n)d phiếu.",
                n=slips_entered_today(db.session(), current_user),
            )
        )
    return redirect(
        url_for(".enter_paper", centre=centre.id, date=required(form.visit_date.data).isoformat()),
        code=303,
    )


def _offered(centre_id: int | None, centres: list[Centre]) -> int | None:
    """The centre of the last slip saved, if offered; else none, so that staff choose.

    A sole centre is chosen for them: there is nothing to pick.
    """
    if len(centres) == 1:
        return centres[0].id
    return centre_id if centre_id in {c.id for c in centres} else None


def _render_paper(form: object, *, problem: str | None = None, status: int = 200) -> Page:
    return (
        render_template(
            "staff/enter_paper.html", form=form, problem=problem, accepted_codes=accepted_codes
        ),
        status,
    )


@bp.route("/kiosk", methods=["GET", "POST"])
@roles_required(*KIOSK_ROLES)
def set_up_kiosk() -> Page:
    """Turn this browser (a tablet at the centre) into a kiosk for one of the user's places."""
    codes = kiosk_codes(db.session(), visible_centres(db.session(), current_user))
    form = web_form(KioskForm)
    form.code.choices = [SelectChoice(c.code, kiosk_label(c)) for c in codes]
    if not valid_submission(form):
        status = 400 if request.method == "POST" else 200
        return render_template("staff/set_up_kiosk.html", form=form, codes=codes), status
    response = redirect(url_for("feedback.rate_at_kiosk"), code=303)
    response.set_cookie(
        KIOSK_COOKIE,
        issue_kiosk_cookie(form.code.data),
        max_age=366 * 24 * 3600,
        httponly=True,
        samesite="Lax",
        secure=current_app.config["SESSION_COOKIE_SECURE"],
    )
    return response


@bp.post("/kiosk/dung")
@roles_required(*KIOSK_ROLES)
def stop_kiosk() -> WerkzeugResponse:
    """Make this tablet an ordinary browser again (CSRFProtect guards every POST)."""
    response = redirect(url_for(".set_up_kiosk"), code=303)
    response.delete_cookie(KIOSK_COOKIE)
    flash(_("Đã tắt chế độ kiosk trên thiết bị này."))
    return response


def kiosk_label(code: PosterCode) -> str:
    """A centre, and its counter if the code names one."""
    return code.centre.name + (f" · {code.counter.name}" if code.counter else "")
