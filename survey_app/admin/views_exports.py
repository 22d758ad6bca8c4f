"""Exports: anonymised answers (managers, administrators) and aggregates (viewers too)."""

from __future__ import annotations

from typing import TypeVar

from flask import Response, render_template
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # WTForms 3.3

from forms.admin import AggregateExportForm, ExportFilterForm
from survey_app.admin.blueprint import bp
from survey_app.admin.choice_labels import channel_choices
from survey_app.admin.export_files import MIMETYPES, file_name, table_csv, table_xlsx
from survey_app.admin.exports import (
    MAX_EXPORT_RESPONSES,
    ExportFilter,
    ExportTable,
    ExportTooLargeError,
    aggregates_table,
    answers_table,
)
from survey_app.core.access import roles_required
from survey_app.core.audit import record_event
from survey_app.core.clock import today_local
from survey_app.core.form_data import add_error, required
from survey_app.core.formatting import centre_options
from survey_app.core.pages import Page
from survey_app.core.scope import AGGREGATE_EXPORT_ROLES, ANSWER_EXPORT_ROLES, my_centres
from survey_app.core.web_forms import valid_submission, web_form
from survey_app.extensions import db
from survey_app.models import Channel

F = TypeVar("F", bound=ExportFilterForm)


@bp.get("/xuat-du-lieu")
@roles_required(*AGGREGATE_EXPORT_ROLES)
def show_exports() -> str:
    """The two export forms, with the last four full weeks filled in."""
    return _render(_blank(ExportFilterForm, "a"), _blank(AggregateExportForm, "g"))[0]


@bp.post("/xuat-du-lieu/phieu")
@roles_required(*ANSWER_EXPORT_ROLES)
def export_answers() -> Page:
    """One anonymised row per response, as CSV or Excel; the filter is audited."""
    answers = _with_choices(web_form(ExportFilterForm, prefix="a"))
    aggregates = _blank(AggregateExportForm, "g")
    if not valid_submission(answers):
        return _render(answers, aggregates, status=400)
    chosen = _filter(answers)
    try:
        table = answers_table(db.session(), chosen, limit=MAX_EXPORT_RESPONSES)
    except ExportTooLargeError as error:
        add_error(
            answers.end,
            _(
                "Bộ lọc này khớp %(n)s phiếu, quá giới hạn %(max)s phiếu của một lần xuất. "
                "Xin chọn khoảng thời gian ngắn hơn hoặc ít trung tâm hơn.",
                n=f"{error.responses:,}".replace(",", "."),
                max=f"{MAX_EXPORT_RESPONSES:,}".replace(",", "."),
            ),
        )
        return _render(answers, aggregates, status=400)
    return _download(table, chosen, "phieu", answers.file_format.data, rows=len(table.rows))


@bp.post("/xuat-du-lieu/tong-hop")
@roles_required(*AGGREGATE_EXPORT_ROLES)
def export_aggregates() -> Page:
    """Indices per centre and period with their intervals; the filter is audited."""
    answers = _blank(ExportFilterForm, "a")
    aggregates = _with_choices(web_form(AggregateExportForm, prefix="g"))
    if not valid_submission(aggregates):
        return _render(answers, aggregates, status=400)
    chosen = _filter(aggregates)
    table = aggregates_table(db.session(), chosen, aggregates.period.data)
    return _download(
        table, chosen, "chi-so", aggregates.file_format.data, period=aggregates.period.data
    )


def _blank(form_class: type[F], prefix: str) -> F:
    """A form not being submitted, showing the last four full weeks."""
    form = _with_choices(web_form(form_class, prefix=prefix, formdata=None))
    form.fill_defaults(today_local())
    return form


def _with_choices(form: F) -> F:
    form.centres.choices = [
        SelectChoice(str(i), label, {"title": name})
        for i, label, name in centre_options(my_centres())
    ]
    form.channel.choices = channel_choices()
    return form


def _filter(form: ExportFilterForm) -> ExportFilter:
    """The form's filter; no centre chosen means every centre in the user's scope."""
    ids = form.centres.data or [c.id for c in my_centres()]
    return ExportFilter(
        centre_ids=tuple(ids),
        start=required(form.start.data),
        end=required(form.end.data),
        channel=Channel(form.channel.data) if form.channel.data else None,
        include_suspect=form.include_suspect.data,
    )


def _download(
    table: ExportTable, chosen: ExportFilter, kind: str, extension: str, **extra: object
) -> Response:
    """The file, after recording who exported what (the filter, never the data)."""
    record_event(
        db.session(),
        current_user,
        f"export.{'answers' if kind == 'phieu' else 'aggregates'}",
        "export",
        kind,
        format=extension,
        **chosen.audit_detail(db.session()),
        **extra,
    )
    db.session.commit()
    content = table_csv(table) if extension == "csv" else table_xlsx(table)
    name = file_name(kind, chosen.start, chosen.end, extension)
    return Response(
        content,
        mimetype=MIMETYPES[extension],
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "Cache-Control": "no-store",
        },
    )


def _render(
    answers: ExportFilterForm, aggregates: AggregateExportForm, *, status: int = 200
) -> tuple[str, int]:
    page = render_template(
        "admin/show_exports.html",
        answers=answers,
        aggregates=aggregates,
        can_export_answers=current_user.role in ANSWER_EXPORT_ROLES,
        max_responses=MAX_EXPORT_RESPONSES,
    )
    return page, status
