"""An agency's quarter in a few plain sentences a leader can quote when evaluating its head.

Facts only: counts of reports, reviews and tasks, and the forecast points with their
maximum and last year's; no score, grade or judgement of the agency is made up here.
"""

from __future__ import annotations

from flask_babel import gettext as _

from survey_app.core.formatting import number, pct, period_words
from survey_app.tracker.quarterly import LATE, MISSING, ON_TIME, WAITING, AgencyQuarter


def _points(value: float) -> str:
    return number(round(value, 2), 2)


def summary(q: AgencyQuarter) -> str:
    """The agency's quarter in plain Vietnamese (the reader's language), facts only."""
    parts = [
        _(
            "%(quarter)s, %(agency)s tự chấm %(lead)d tiêu chí thành phần.",
            quarter=period_words(q.quarter),
            agency=q.agency.name,
            lead=q.lead_count,
        )
        if q.is_unit
        else _(
            "%(quarter)s, %(agency)s chủ trì %(lead)d tiêu chí thành phần, phối hợp %(support)d.",
            quarter=period_words(q.quarter),
            agency=q.agency.name,
            lead=q.lead_count,
            support=q.support_count,
        )
    ]
    if q.due:
        parts.append(
            _(
                "Báo cáo tháng: %(due)d phải gửi, %(on_time)d đúng hạn, %(late)d muộn, "
                "%(missing)d không gửi, %(waiting)d chưa đến hạn.",
                due=q.due,
                on_time=q.count(ON_TIME),
                late=q.count(LATE),
                missing=q.count(MISSING),
                waiting=q.count(WAITING),
            )
        )
    else:
        parts.append(_("Không có báo cáo tháng nào phải gửi trong quý."))
    parts.append(
        _(
            "Sở Nội vụ chấp nhận %(accepted)d báo cáo, trả lại %(returned)d.",
            accepted=q.accepted,
            returned=q.returned,
        )
    )
    parts.append(
        _(
            "Việc khắc phục đến hạn trong quý: %(done)d đã xong (%(late)d xong muộn), "
            "%(overdue)d quá hạn chưa xong.",
            done=q.tasks.done,
            late=q.tasks.done_late,
            overdue=q.tasks.overdue,
        )
    )
    if q.total is not None:
        last = (
            _("năm trước %(points)s", points=_points(q.total.last_year))
            if q.total.last_year is not None
            else _("chưa đủ kết quả năm trước")
        )
        figures = {
            "points": _points(q.total.points),
            "max": _points(q.total.maximum),
            "last": last,
            "risk": _points(q.at_risk),
        }
        parts.append(
            _(
                "Điểm dự báo của cơ quan theo báo cáo đã duyệt: %(points)s / %(max)s "
                "(%(last)s); có nguy cơ mất %(risk)s điểm.",
                **figures,
            )
            if q.is_unit
            else _(
                "Điểm dự báo các tiêu chí chủ trì: %(points)s / %(max)s (%(last)s); "
                "có nguy cơ mất %(risk)s điểm.",
                **figures,
            )
        )
    if q.dossiers is not None and q.dossiers.value is not None:
        parts.append(
            _(
                "Hồ sơ giải quyết đúng hạn: %(rate)s %% (n = %(n)s; khoảng tin cậy 95 %%: "
                "%(low)s–%(high)s %%).",
                rate=pct(q.dossiers.value),
                n=number(q.dossiers.n),
                low=pct(q.dossiers.low),
                high=pct(q.dossiers.high),
            )
        )
    return " ".join(parts)
