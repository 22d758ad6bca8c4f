"""Managers' pages: thin views over survey_app.manage.summary and .province."""

from __future__ import annotations

import math
from datetime import timedelta
from typing import cast

from flask import Response, abort, current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response as WerkzeugResponse

from survey_app.core.access import roles_required, visible_centres
from survey_app.core.collation import sorted_vietnamese
from survey_app.core.deadlines import DeadlineRules
from survey_app.core.indicator_labels import CHANNELS, PULSE_ORDER
from survey_app.core.periods import PeriodKind, chosen_period, recent_periods
from survey_app.core.scope import MANAGING_ROLES, pick_centre
from survey_app.core.weeks import current_monday, last_full_week, monday_of, parse_week
from survey_app.extensions import db
from survey_app.manage.blueprint import bp
from survey_app.manage.charts import bars_svg, month_label, rank_svg, trend_svg
from survey_app.manage.month import build_centre_month, chosen_month, month_of_week
from survey_app.manage.province import RANKABLE, province_view
from survey_app.manage.rank_months import month_ranks
from survey_app.manage.summary import build_centre_week, centre_trend, province_trend
from survey_app.manage.todo import todo_for_month, todo_for_week
from survey_app.models import PROVINCE_ROLES, Centre, Role, utcnow
from survey_app.reporting.judging import MIN_N
from survey_app.reporting.one_stop import fetch_centres_one_stop

READERS = (*PROVINCE_ROLES, Role.MANAGER, Role.VIEWER)
# What the province page judges (and its menu offers): no years.
PROVINCE_PERIODS: tuple[PeriodKind, ...] = ("W", "M", "Q")


@bp.get("/trung-tam/")
@roles_required(*READERS)
def show_start() -> str | WerkzeugResponse:
    """Which centre's week to read (the staff menu links here); straight there if one.

    The centre page's chooser sends ``trung-tam`` (and the week or month it shows) here
    when a user has too many centres for a row of links: the scope is checked as always.
    """
    chosen = request.args.get("trung-tam")
    if chosen:
        centre = _centre_in_scope(chosen)
        month = request.args.get("thang")
        if month:
            return redirect(url_for("manage.show_centre_month", key=centre.key, thang=month))
        week = request.args.get("tuan")
        return redirect(url_for("manage.show_centre_week", key=centre.key, tuan=week))
    return pick_centre("manage.show_centre_week", _("Kết quả theo tuần"))


@bp.get("/trung-tam/<key>")
@roles_required(*READERS)
def show_centre_week(key: str) -> str:
    """The page a manager opens on Monday: last week, beside the eleven before it."""
    centre = _centre_in_scope(key)
    week = parse_week(request.args.get("tuan"), last_full_week())
    summary = build_centre_week(db.session(), centre, week)
    todo = todo_for_week(
        summary,
        enters_dossiers=current_user.role in MANAGING_ROLES,
        rules=DeadlineRules.from_config(current_app.config),
        now=utcnow(),
    )
    return render_template(
        "manage/show_centre_week.html",
        summary=summary,
        todo=todo,
        centres=_chooser(),
        min_n=MIN_N,
        month=month_of_week(week),
    )


@bp.get("/trung-tam/<key>/thang")
@roles_required(*READERS)
def show_centre_month(key: str) -> str:
    """The same centre over a month (its complete weeks), beside the week page."""
    centre = _centre_in_scope(key)
    month = build_centre_month(db.session(), centre, chosen_month(request.args.get("thang")))
    todo = todo_for_month(
        month,
        enters_dossiers=current_user.role in MANAGING_ROLES,
        rules=DeadlineRules.from_config(current_app.config),
        now=utcnow(),
    )
    return render_template(
        "manage/show_centre_month.html",
        summary=month,
        todo=todo,
        centres=_chooser(),
        min_n=MIN_N,
        open_monday=current_monday(),
    )


@bp.get("/trung-tam/<key>/xu-huong.svg")
@roles_required(*READERS)
def show_trend_chart(key: str) -> Response:
    """The weekly trend of every factor over twelve weeks."""
    centre = _centre_in_scope(key)
    weeks, table = centre_trend(
        db.session(), centre, parse_week(request.args.get("tuan"), last_full_week())
    )
    svg = trend_svg(table, weeks, _("Chỉ số theo tuần (%)"))
    return Response(
        svg, mimetype="image/svg+xml", headers={"Cache-Control": "private, max-age=300"}
    )


@bp.get("/tinh/xu-huong.svg")
@roles_required(*PROVINCE_ROLES)
def show_province_trend_chart() -> Response:
    """The province's weekly indices over twelve weeks, every centre counted together."""
    weeks, table = province_trend(
        db.session(), parse_week(request.args.get("tuan"), last_full_week())
    )
    svg = trend_svg(table, weeks, _("Toàn tỉnh: chỉ số theo tuần (%)"))
    return Response(
        svg, mimetype="image/svg+xml", headers={"Cache-Control": "private, max-age=300"}
    )


@bp.get("/trung-tam/<key>/xep-hang")
@roles_required(*READERS)
def show_centre_ranks(key: str) -> str:
    """The centre's rank on overall satisfaction in each of the last six complete months."""
    centre = _centre_in_scope(key)
    ranks = month_ranks(db.session())
    return render_template(
        "manage/show_centre_ranks.html",
        centre=centre,
        ranks=ranks,
        row=ranks.row(centre.id),
        month_label=month_label,
        min_n=MIN_N,
        week=last_full_week(),
    )


@bp.get("/trung-tam/<key>/xep-hang.svg")
@roles_required(*READERS)
def show_rank_chart(key: str) -> Response:
    """The centre's monthly rank with its 90 % interval, as a chart."""
    centre = _centre_in_scope(key)
    ranks = month_ranks(db.session())
    row = ranks.row(centre.id)
    cells = [(c.rank, c.rank_low, c.rank_high, c.ranked, c.n) for c in row.cells] if row else []
    svg = rank_svg(
        [m.label for m in ranks.months],
        cells,
        _("Hạng hài lòng chung theo tháng: %(name)s", name=centre.short_name),
    )
    return Response(
        svg, mimetype="image/svg+xml", headers={"Cache-Control": "private, max-age=300"}
    )


@bp.get("/trung-tam/<key>/chi-so.svg")
@roles_required(*READERS)
def show_factor_chart(key: str) -> Response:
    """This week's factors as bars with their intervals."""
    centre = _centre_in_scope(key)
    week = parse_week(request.args.get("tuan"), last_full_week())
    weeks, table = centre_trend(db.session(), centre, week)
    this_week = table[table["period"] == weeks[-1]].set_index("component")

    def figure(component: str, column: str) -> float | None:
        """A number, or NaN or None where the week has none."""
        if component not in this_week.index:
            return None
        return cast("float | None", this_week.loc[component, column])

    rows = [
        (
            key,
            figure(key, "index"),
            figure(key, "ci_low"),
            figure(key, "ci_high"),
            _count(figure(key, "n")),
        )
        for key in PULSE_ORDER
    ]
    svg = bars_svg(rows, _("Tuần này, với khoảng tin cậy 95%"))
    return Response(
        svg, mimetype="image/svg+xml", headers={"Cache-Control": "private, max-age=300"}
    )


def _count(value: float | None) -> int:
    """A count from a table cell, 0 where the cell is empty."""
    return 0 if value is None or math.isnan(value) else int(value)


def _chooser() -> list[Centre]:
    """The user's centres for the page's chooser, by the part of the name that differs."""
    return sorted_vietnamese(visible_centres(db.session(), current_user), lambda c: c.short_name)


def _centre_in_scope(key: str) -> Centre:
    centre = db.session.scalar(select(Centre).filter_by(key=key))
    # Outside the user's scope is "not found": the page does not confirm the centre exists.
    if centre is None or not current_user.can_see_centre(centre.id):
        abort(404)
    return centre


@bp.get("/tinh")
@roles_required(*PROVINCE_ROLES)
def show_province() -> str:
    """Every centre: n, indices with intervals, fair rank, the factor table, units at risk."""
    choice = chosen_period(request.args.get("ky"), PROVINCE_PERIODS)
    factor = request.args.get("yeu-to", "service")
    channel = request.args.get("kenh") or None
    if factor not in RANKABLE or (channel and channel not in CHANNELS):
        abort(400)
    view = province_view(db.session(), choice, factor=factor, channel=channel)
    return render_template(
        "manage/show_province.html",
        view=view,
        one_stop=fetch_centres_one_stop(db.session(), choice),
        choices=recent_periods(),
        factors=RANKABLE,
        channels=CHANNELS,
        # Links go to the last week of the period that is over, never one still running.
        week_of=monday_of(min(choice.end_local, current_monday()) - timedelta(days=1)).isoformat(),
        trend_week=monday_of(min(choice.end_local, current_monday()) - timedelta(days=1)),
        min_n=MIN_N,
        ranks=month_ranks(db.session()),
        month_label=month_label,
    )
