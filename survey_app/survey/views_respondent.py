"""Respondents answer the SIPAS questionnaire online, a section a page, without JavaScript."""

from __future__ import annotations

from flask import abort, make_response, redirect, render_template, request, session, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from werkzeug.wrappers import Response as WerkzeugResponse

from forms.survey import SurveyPageFormBase, build_survey_page_form, page_data
from survey_app.core.clock import today_local
from survey_app.core.pages import Page
from survey_app.core.rate_limits import feedback_rate_limit
from survey_app.core.web_forms import web_form
from survey_app.extensions import csrf, db, limiter
from survey_app.models import SurveyCampaign, SurveyDraft
from survey_app.survey.blueprint import bp
from survey_app.survey.campaigns import accepts_answers, find_campaign, sample_communes
from survey_app.survey.drafts import find_draft, save_page, send_draft, start_draft
from survey_app.survey.pages import (
    SurveyPage,
    commune_question_keys,
    survey_pages,
    survey_questionnaire,
)

SESSION_KEY = "survey_drafts"


@bp.get("/khao-sat/<code>")
def start_survey(code: str) -> WerkzeugResponse:
    """The campaign link: carry on where this browser left off, or start at page 1."""
    campaign = _open_campaign(code)
    draft = find_draft(db.session(), campaign, _token(campaign))
    if draft is not None and draft.submitted:
        return redirect(url_for(".thank_respondent", code=campaign.code))
    page = draft.page if draft is not None else 1
    return redirect(url_for(".answer_page", code=campaign.code, page=page))


# The form checks its own CSRF token, so a stale page re-renders with the answers kept
# instead of an error page that loses them.
@csrf.exempt
@bp.route("/khao-sat/<code>/<int:page>", methods=["GET", "POST"])
@limiter.limit(feedback_rate_limit, methods=["POST"])
def answer_page(code: str, page: int) -> Page:
    """One page: show it as it was left, or keep its answers and go back, on, or send."""
    campaign = _open_campaign(code)
    questionnaire = survey_questionnaire(db.session())
    communes = sample_communes(db.session(), campaign)
    pages = survey_pages(db.session(), questionnaire, str(get_locale()), communes)
    if not 1 <= page <= len(pages):
        abort(404)
    current = pages[page - 1]
    form_class = build_survey_page_form(current.questions)
    draft = find_draft(db.session(), campaign, _token(campaign))
    if draft is not None and draft.submitted:
        return redirect(url_for(".thank_respondent", code=campaign.code), code=303)
    if request.method == "GET":
        answers = draft.answers if draft is not None else {}
        form = web_form(form_class, formdata=None, data=page_data(current.questions, answers))
        return _render(campaign, current, len(pages), form)

    form = web_form(form_class)
    if not form.validate():
        return _render(campaign, current, len(pages), form, status=400)
    if draft is None:
        draft = start_draft(db.session(), campaign)
        session.setdefault(SESSION_KEY, {})[campaign.code] = draft.token
        session.modified = True
    move = form.move.data
    target = page - 1 if move == "back" and page > 1 else min(page + 1, len(pages))
    save_page(db.session(), draft, (q.key for q in current.questions), form.page_answers(), target)
    if move != "send" or page != len(pages):
        return redirect(url_for(".answer_page", code=campaign.code, page=target), code=303)

    flags = ("honeypot",) if form.website.data else ()
    commune_keys = commune_question_keys(db.session(), questionnaire)
    if send_draft(db.session(), draft, questionnaire, commune_keys, flags=flags) is None:
        return _missing_commune(campaign, pages[0], len(pages), draft)
    return redirect(url_for(".thank_respondent", code=campaign.code), code=303)


@bp.get("/khao-sat/<code>/cam-on")
def thank_respondent(code: str) -> str:
    """Thanks, once the answers are stored."""
    campaign = find_campaign(db.session(), code)
    if campaign is None:
        abort(404)
    return render_template("survey/thank_you.html", campaign=campaign)


def _open_campaign(code: str) -> SurveyCampaign:
    campaign = find_campaign(db.session(), code)
    if campaign is None:
        abort(404)
    if not accepts_answers(campaign, today_local()):
        page = render_template("survey/closed.html", campaign=campaign)
        abort(make_response(page, 410))
    return campaign


def _token(campaign: SurveyCampaign) -> str | None:
    return session.get(SESSION_KEY, {}).get(campaign.code)


def _missing_commune(
    campaign: SurveyCampaign, first: SurveyPage, total: int, draft: SurveyDraft
) -> Page:
    """Send with no commune (page 1 skipped): show page 1 with the question marked."""
    form = web_form(
        build_survey_page_form(first.questions),
        formdata=None,
        data=page_data(first.questions, draft.answers),
    )
    form.validate()
    return _render(campaign, first, total, form, status=400)


def _render(
    campaign: SurveyCampaign,
    page: SurveyPage,
    total: int,
    form: SurveyPageFormBase,
    *,
    status: int = 200,
) -> Page:
    csrf_failed = "csrf_token" in form.errors
    return (
        render_template(
            "survey/answer_page.html",
            campaign=campaign,
            page=page,
            total=total,
            form=form,
            faces=any(q.scale == "satisfaction5" for q in page.questions),
            problem=_("Trang đã mở quá lâu. Câu trả lời vẫn còn đây: xin bấm lại nút.")
            if csrf_failed
            else None,
        ),
        status,
    )
