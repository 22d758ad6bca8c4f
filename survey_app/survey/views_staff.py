"""Staff pages of the survey: paper entry (admin, manager), campaigns (admin only)."""

from __future__ import annotations

import secrets

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from forms.campaign import CampaignForm, DrawForm, StatusForm
from forms.question_fields import accepted_codes
from forms.survey import build_survey_paper_form
from survey_app.core.access import roles_required
from survey_app.core.clock import today_local
from survey_app.core.form_data import required
from survey_app.core.formatting import period_words
from survey_app.core.pages import Page
from survey_app.core.responses.submissions import Outcome
from survey_app.core.responses.tokens import issue_submission_token, read_submission_token
from survey_app.core.web_forms import valid_submission, web_form
from survey_app.core.weeks import parse_day
from survey_app.extensions import db
from survey_app.models import PROVINCE_ROLES, CampaignStatus, Role, SurveyCampaign
from survey_app.survey.blueprint import bp
from survey_app.survey.campaigns import (
    SamplingError,
    campaign_progress,
    create_campaign,
    draw_sample,
    fetch_campaigns,
    population_frame,
    set_status,
)
from survey_app.survey.entry import (
    chosen_campaign,
    closed_campaign,
    entry_campaigns,
    entry_communes,
    entry_problem,
    save_paper_entry,
)
from survey_app.survey.pages import survey_pages, survey_questionnaire

ENTRY_ROLES = (*PROVINCE_ROLES, Role.MANAGER)


@bp.route("/quan-ly/khao-sat/nhap-phieu", methods=["GET", "POST"])
@roles_required(*ENTRY_ROLES)
def enter_survey_paper() -> Page:
    """Type in a paper questionnaire, keyboard only, one after another."""
    campaigns = entry_campaigns(db.session(), current_user)
    wanted = request.values.get("campaign", type=int)
    closed = closed_campaign(db.session(), wanted)
    if closed or not campaigns:
        status = 400 if request.method == "POST" else 200
        return render_template("survey/enter_paper.html", form=None, closed=closed), status
    # The commune list is the chosen campaign's sample: a form from outside it is not its.
    campaign = chosen_campaign(campaigns, wanted)
    communes = entry_communes(db.session(), current_user, campaign)
    questionnaire = survey_questionnaire(db.session())
    pages = survey_pages(db.session(), questionnaire, str(get_locale()), [], commune_required=False)
    questions = [q for p in pages for q in p.questions]
    form_class = build_survey_paper_form(
        questions, [(c.id, f"{c.name} ({period_words(c.period)})") for c in campaigns], communes
    )
    form = web_form(form_class)
    if request.method == "GET":
        form.campaign.data = campaign.id
        form.commune.data = request.args.get("commune", type=int)
        form.collected_on.data = parse_day(request.args.get("date")) or today_local()
        form.submission.data = issue_submission_token()
        return _render_paper(form)

    token = read_submission_token(form.submission.data)
    valid = form.validate()
    problem = None
    if valid:
        campaign = db.session.get_one(SurveyCampaign, form.campaign.data)
        commune_id = required(form.commune.data)
        problem = entry_problem(campaign, commune_id, required(form.collected_on.data))
        if problem is None and not form.has_answers():
            problem = _("Phiếu chưa có câu trả lời nào.")
    if not valid or token is None or problem:
        form.submission.data = form.submission.data if token else issue_submission_token()
        return _render_paper(form, problem=problem, status=400)

    result = save_paper_entry(
        db.session(),
        questionnaire,
        submission_id=token.submission_id,
        commune_id=required(form.commune.data),
        collected_on=required(form.collected_on.data),
        answers=form.answers(),
        texts=form.texts(),
        entered_by_id=current_user.id,
    )
    if result.outcome is Outcome.DUPLICATE:
        flash(_("Phiếu này đã được lưu trước đó, không lưu lần hai."))
    else:
        flash(_("Đã lưu phiếu khảo sát."))
    return redirect(
        url_for(
            ".enter_survey_paper",
            campaign=form.campaign.data,
            commune=form.commune.data,
            date=required(form.collected_on.data).isoformat(),
        ),
        code=303,
    )


def _render_paper(form: object, *, problem: str | None = None, status: int = 200) -> Page:
    page = render_template(
        "survey/enter_paper.html", form=form, problem=problem, accepted_codes=accepted_codes
    )
    return page, status


@bp.get("/quan-ly/khao-sat/")
@roles_required(*PROVINCE_ROLES)
def list_campaigns() -> str:
    """Every campaign, with a link to its progress."""
    return render_template(
        "survey/list_campaigns.html",
        campaigns=fetch_campaigns(db.session()),
        status_labels=status_labels(),
    )


@bp.route("/quan-ly/khao-sat/moi", methods=["GET", "POST"])
@roles_required(*PROVINCE_ROLES)
def create_survey_campaign() -> Page:
    """A new campaign, in draft until its sample is drawn and it is opened."""
    form = web_form(CampaignForm)
    if not valid_submission(form):
        status = 400 if request.method == "POST" else 200
        return render_template("survey/new_campaign.html", form=form), status
    campaign = create_campaign(
        db.session(),
        name=required(form.name.data),
        period=required(form.period.data),
        starts_on=required(form.starts_on.data),
        ends_on=required(form.ends_on.data),
        margin=required(form.margin.data),
    )
    flash(_("Đã tạo đợt khảo sát. Bước tiếp theo: chọn mẫu xã, phường."))
    return redirect(url_for(".show_campaign", campaign_id=campaign.id), code=303)


@bp.get("/quan-ly/khao-sat/<int:campaign_id>")
@roles_required(*PROVINCE_ROLES)
def show_campaign(campaign_id: int) -> Page:
    """The campaign: its sample, progress per commune, the public link."""
    return _render_campaign(_campaign(campaign_id))


@bp.post("/quan-ly/khao-sat/<int:campaign_id>/chon-mau")
@roles_required(*PROVINCE_ROLES)
def draw_campaign_sample(campaign_id: int) -> Page:
    """Draw the communes (PPS) and give each its target."""
    campaign = _campaign(campaign_id)
    form = web_form(DrawForm)
    if not form.validate():
        return _render_campaign(campaign, draw_form=form, status=400)
    seed = form.seed.data if form.seed.data is not None else secrets.randbelow(2**31)
    try:
        draw_sample(db.session(), campaign, communes=required(form.communes.data), seed=seed)
    except SamplingError as error:
        db.session.rollback()
        return _render_campaign(campaign, draw_form=form, problem=str(error), status=400)
    flash(_("Đã chọn mẫu với số khởi tạo %(seed)d.", seed=seed))
    return redirect(url_for(".show_campaign", campaign_id=campaign.id), code=303)


@bp.post("/quan-ly/khao-sat/<int:campaign_id>/trang-thai")
@roles_required(*PROVINCE_ROLES)
def change_campaign_status(campaign_id: int) -> Page:
    """Open the campaign to answers, or close it."""
    campaign = _campaign(campaign_id)
    form = web_form(StatusForm)
    if not form.validate():
        return _render_campaign(campaign, status=400)
    try:
        set_status(db.session(), campaign, CampaignStatus(form.status.data))
    except SamplingError as error:
        return _render_campaign(campaign, problem=str(error), status=400)
    flash(_("Đã cập nhật trạng thái đợt khảo sát."))
    return redirect(url_for(".show_campaign", campaign_id=campaign.id), code=303)


def status_labels() -> dict[str, str]:
    """Campaign statuses in the page's language."""
    return {"draft": _("Nháp"), "open": _("Đang nhận phiếu"), "closed": _("Đã đóng")}


def _campaign(campaign_id: int) -> SurveyCampaign:
    campaign = db.session.get(SurveyCampaign, campaign_id)
    if campaign is None:
        abort(404)
    return campaign


def _render_campaign(
    campaign: SurveyCampaign,
    *,
    draw_form: DrawForm | None = None,
    problem: str | None = None,
    status: int = 200,
) -> Page:
    frame = population_frame(db.session())
    progress = campaign_progress(db.session(), campaign)
    base = current_app.config["PUBLIC_BASE_URL"]
    page = render_template(
        "survey/show_campaign.html",
        campaign=campaign,
        progress=progress,
        draw_form=draw_form or web_form(DrawForm, formdata=None),
        # The drop-down shows where the campaign stands (a draft's next step is opening).
        status_form=web_form(StatusForm, formdata=None, data={"status": campaign.status.value}),
        problem=problem,
        status_labels=status_labels(),
        populations_missing=int(frame["population"].isna().sum()),
        public_url=f"{base}{url_for('.start_survey', code=campaign.code)}",
    )
    return page, status
