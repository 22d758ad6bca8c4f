"""An agency's month: its criteria, the report form with evidence, history, the files."""

from __future__ import annotations

from io import BytesIO

from flask import (
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import undefer
from werkzeug.wrappers import Response as WerkzeugResponse

from forms.tracker_cycle import ReportForm
from survey_app.core.access import roles_required
from survey_app.core.clock import today_local
from survey_app.core.form_data import add_error
from survey_app.core.pages import Page
from survey_app.core.scope import TRACKER_ROLES
from survey_app.core.web_forms import valid_submission, web_form
from survey_app.extensions import db
from survey_app.models import (
    Criterion,
    CriterionReport,
    EvidenceFile,
    Progress,
    ReportingPeriod,
    ReportStatus,
    Role,
)
from survey_app.tracker.blueprint import bp
from survey_app.tracker.cycle_access import (
    Reported,
    may_report,
    reported_criterion,
    reporting_agency,
    require_reporter,
    seen_criterion,
)
from survey_app.tracker.evidence import EvidenceRefusedError, add_evidence
from survey_app.tracker.periods import (
    current_period,
    newest_open_set,
    per_agency,
    reported_components,
)
from survey_app.tracker.quarterly import current_quarter
from survey_app.tracker.report_values import ReportValues, ValueProblemError, value_kind
from survey_app.tracker.reports import (
    AgencyRow,
    ReportStateError,
    ValueMissingError,
    correct_report,
    fetch_agency_rows,
    fetch_history,
    latest_report,
    save_draft,
    submit_report,
)
from survey_app.tracker.views_quarterly import quarter_url
from survey_app.tracker.views_sets import visible_set

# Evidence is downloaded, never shown in the browser: nothing in it can run.
EVIDENCE_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; object-src 'none'; frame-ancestors 'none'; sandbox"
    ),
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "private, no-store",
}


def refusal_message(reason: str, cap: int) -> str:
    """Why a file was refused, in words."""
    messages = {
        "empty": _("Tệp rỗng: xin chọn lại tệp."),
        "too_big": _("Tệp lớn hơn %(mib)s MiB: xin nén hoặc chia nhỏ.", mib=f"{cap / 2**20:g}"),
        "type": _("Chỉ nhận tệp PDF, PNG, JPEG hoặc WebP (kiểm tra theo nội dung tệp)."),
        "malformed": _("Tệp bị hỏng hoặc không đúng định dạng: xin xuất lại tệp rồi gửi."),
        "locked": _("Báo cáo đã gửi: không thêm tệp được nữa."),
    }
    return messages[reason]


@bp.get("/<int:set_id>/bao-cao")
@roles_required(*TRACKER_ROLES)
def list_my_reports(set_id: int) -> str:
    """This month's criteria to report on (an agency's own; all for the Department)."""
    criterion_set = visible_set(set_id)
    period = current_period(db.session(), criterion_set)
    rows: list[AgencyRow] = []
    if period is not None:
        if current_user.role is Role.AGENCY and current_user.agency is not None:
            rows = fetch_agency_rows(db.session(), current_user.agency, period)
        elif current_user.is_province_wide:
            rows = [
                AgencyRow(a, latest_report(db.session(), a.criterion, period))
                for a in reported_components(db.session(), criterion_set)
            ]
    return render_template(
        "tracker/list_my_reports.html",
        criterion_set=criterion_set,
        period=period,
        rows=rows,
        today=today_local(),
        quarter_link=quarter_url(criterion_set, current_quarter(criterion_set, today_local())),
    )


def _report_form(report: CriterionReport | None, blank: bool) -> ReportForm:
    if not blank:
        return web_form(ReportForm)
    form = web_form(ReportForm, formdata=None, obj=report)
    if report is not None:
        form.progress.data = report.progress.value
        form.value_bool.data = {True: "yes", False: "no", None: ""}[report.value_bool]
    return form


def _render_report(
    reported: Reported,
    period: ReportingPeriod | None,
    form: ReportForm | None = None,
    status: int = 200,
) -> Page:
    reporter = reporting_agency(current_user, reported.assignment)
    report = (
        latest_report(db.session(), reported.criterion, period, reporter)
        if period and reporter
        else None
    )
    writable = period is not None and may_report(current_user, reported.assignment)
    page = render_template(
        "tracker/edit_report.html",
        criterion=reported.criterion,
        criterion_set=reported.criterion.criterion_set,
        assignment=reported.assignment,
        period=period,
        report=report,
        kind=value_kind(reported.criterion),
        form=(form or _report_form(report, True))
        if writable and (report is None or report.editable)
        else None,
        may_correct=writable
        and report is not None
        and report.status in (ReportStatus.RETURNED, ReportStatus.ACCEPTED),
        may_submit=writable,
    )
    return page, status


def _values(form: ReportForm) -> ReportValues:
    return ReportValues(
        progress=Progress(form.progress.data),
        value_number=form.value_number.data,
        value_date=form.value_date.data,
        value_bool={"yes": True, "no": False}.get(form.value_bool.data or ""),
        explanation=form.explanation.data or "",
    )


def _attach_and_send(form: ReportForm, report: CriterionReport) -> int | None:
    """Attach the form's file and send the report if asked; the refusal's status, if any.

    The report itself is already saved: a refused file leaves it as it is, and the form
    keeps what was typed, so nothing is lost.
    """
    session = db.session()
    upload = form.evidence.data
    if upload is not None:
        cap = int(current_app.config["TRACKER_EVIDENCE_MAX_BYTES"])
        try:
            add_evidence(
                session,
                current_user,
                report,
                file_name=upload.filename or "",
                data=upload.stream.read(cap + 1),
                max_bytes=cap,
            )
        except EvidenceRefusedError as refused:
            session.rollback()
            add_error(form.evidence, refusal_message(refused.reason, cap))
            flash(_("Đã lưu báo cáo, nhưng tệp đính kèm bị từ chối."))
            return 413 if refused.reason == "too_big" else 422
    if not form.send.data:
        flash(_("Đã lưu báo cáo (chưa gửi)."))
        return None
    try:
        submit_report(session, current_user, report)
    except ValueMissingError:
        add_error(form.value_number, _("Xin nhập giá trị đo được trước khi gửi."))
        return 422
    flash(_("Đã gửi báo cáo tới Sở Nội vụ."))
    return None


@bp.route("/<int:set_id>/bao-cao/<int:criterion_id>", methods=["GET", "POST"])
@roles_required(*TRACKER_ROLES)
def edit_report(set_id: int, criterion_id: int) -> Page | WerkzeugResponse:
    """The month's report on one criterion: save, attach evidence, send to the Department."""
    reported = reported_criterion(set_id, criterion_id)
    period = current_period(db.session(), reported.criterion.criterion_set)
    if request.method == "GET":
        return _render_report(reported, period)
    require_reporter(reported.assignment)
    reporter = reporting_agency(current_user, reported.assignment)
    if period is None or reporter is None:
        abort(409)
    form = _report_form(None, False)
    if not valid_submission(form):
        return _render_report(reported, period, form, 400)
    try:
        report = save_draft(
            db.session(),
            current_user,
            reported.criterion,
            period,
            agency=reporter,
            values=_values(form),
        )
    except ValueProblemError as problem:
        add_error(form.value_number, str(problem))
        return _render_report(reported, period, form, 422)
    except ReportStateError:
        flash(_("Báo cáo đã gửi hoặc đã được duyệt: không sửa được."))
        return _render_report(reported, period, status=409)
    refused = _attach_and_send(form, report)
    if refused:
        return _render_report(reported, period, form, refused)
    return redirect(url_for(".edit_report", set_id=set_id, criterion_id=criterion_id), code=303)


@bp.post("/<int:set_id>/bao-cao/<int:criterion_id>/phien-ban-moi")
@roles_required(*TRACKER_ROLES)
def correct_report_version(set_id: int, criterion_id: int) -> WerkzeugResponse:
    """Start a new version of a returned or accepted report (the old one stays as it was)."""
    reported = reported_criterion(set_id, criterion_id)
    require_reporter(reported.assignment)
    period = current_period(db.session(), reported.criterion.criterion_set)
    reporter = reporting_agency(current_user, reported.assignment)
    report = latest_report(db.session(), reported.criterion, period, reporter) if period else None
    if report is None:
        abort(404)
    try:
        copy = correct_report(db.session(), current_user, report)
    except ReportStateError:
        abort(409)
    flash(_("Đã tạo phiên bản %(n)s để sửa.", n=copy.version))
    return redirect(url_for(".edit_report", set_id=set_id, criterion_id=criterion_id), code=303)


def _own_reports_only(criterion: Criterion) -> int | None:
    """In the internal index an agency user sees only its own agency's reports: its id.

    None: every report (the Department, or the PAR INDEX, where the lead agency reports).
    """
    if per_agency(criterion.criterion_set) and not current_user.is_province_wide:
        return int(current_user.agency_id or 0)
    return None


@bp.get("/<int:set_id>/tieu-chi/<int:criterion_id>/lich-su")
@roles_required(*TRACKER_ROLES)
def show_history(set_id: int, criterion_id: int) -> str:
    """Every version of every month's report on the criterion: values, steps, files."""
    criterion = seen_criterion(set_id, criterion_id)
    return render_template(
        "tracker/show_history.html",
        criterion=criterion,
        criterion_set=criterion.criterion_set,
        reports=fetch_history(db.session(), criterion, _own_reports_only(criterion)),
    )


@bp.get("/<int:set_id>/tep/<int:file_id>")
@roles_required(*TRACKER_ROLES)
def download_evidence(set_id: int, file_id: int) -> Response:
    """An evidence file, as an attachment, to those who may see its criterion."""
    evidence = db.session.get(EvidenceFile, file_id, options=[undefer(EvidenceFile.data)])
    if evidence is None:
        abort(404)
    criterion = seen_criterion(set_id, evidence.report.criterion_id)
    own = _own_reports_only(criterion)
    if own is not None and evidence.report.agency_id != own:
        abort(404)
    response = send_file(
        BytesIO(evidence.data),
        mimetype=evidence.content_type,
        as_attachment=True,
        download_name=evidence.file_name,
    )
    response.headers.update(EVIDENCE_HEADERS)
    return response


@bp.get("/bao-cao")
@roles_required(*TRACKER_ROLES)
def go_to_my_reports() -> WerkzeugResponse:
    """The menu's way in: this month's reports in the newest set the user works in."""
    criterion_set = newest_open_set(db.session(), current_user)
    if criterion_set is None:
        return redirect(url_for(".list_sets"))
    return redirect(url_for(".list_my_reports", set_id=criterion_set.id))
