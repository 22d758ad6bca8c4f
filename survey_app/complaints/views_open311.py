"""Read-only Open311 GeoReport v2, so other systems can follow complaints' status.

Only what is public anyway: a random public id, the status, the centre, dates. Never
the tracking code (half of the code-and-PIN pair that opens the citizen's status page),
the citizen's words, contact data, staff notes or the answer, any of which may name a
person (https://wiki.open311.org/GeoReport_v2).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from flask import Response, jsonify, request
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from survey_app.complaints.blueprint import bp
from survey_app.core.clock import LOCAL_TZ
from survey_app.extensions import db
from survey_app.models import (
    OPEN_STATUSES,
    Centre,
    Complaint,
    ComplaintEvent,
    ComplaintStatus,
    utcnow,
)

SERVICE_CODE = "pakn"
SERVICE_NAME = "Phản ánh, kiến nghị về thủ tục hành chính"
DEFAULT_DAYS = 90  # the GeoReport v2 default window
MAX_REQUESTS = 1000  # and its default cap
EARLIEST_YEAR = 1900
PUBLIC_ID = re.compile(r"[0-9a-f]{16}")  # survey_app.models.complaint.new_public_id
# Plain Vietnamese, as the citizen's status page says it: machines read `status`.
STATUS_NOTES = {
    ComplaintStatus.RECEIVED: "Đã tiếp nhận",
    ComplaintStatus.CLASSIFIED: "Đã phân loại",
    ComplaintStatus.ASSIGNED: "Đã giao cán bộ xử lý",
    ComplaintStatus.IN_PROGRESS: "Đang xử lý",
    ComplaintStatus.ANSWERED: "Đã trả lời",
    ComplaintStatus.CLOSED: "Đã kết thúc",
    ComplaintStatus.FORWARDED: "Đã chuyển cơ quan có thẩm quyền",
    ComplaintStatus.REJECTED: "Không tiếp nhận",
}

Reply = Response | tuple[Response, int]


def _error(code: int, description: str) -> tuple[Response, int]:
    return jsonify([{"code": code, "description": description}]), code


def _iso(moment: datetime | None) -> str | None:
    return moment.astimezone(LOCAL_TZ).isoformat(timespec="seconds") if moment else None


def _as_request(complaint: Complaint, updated: datetime | None) -> dict[str, object]:
    return {
        "service_request_id": complaint.public_id,
        "status": "open" if complaint.status in OPEN_STATUSES else "closed",
        "status_notes": STATUS_NOTES[complaint.status],
        "service_name": SERVICE_NAME,
        "service_code": SERVICE_CODE,
        "agency_responsible": complaint.centre.name,
        "service_notice": "",
        "requested_datetime": _iso(complaint.received_at),
        "updated_datetime": _iso(updated or complaint.received_at),
        "expected_datetime": _iso(complaint.due_at) if complaint.is_open else None,
        "address": complaint.centre.name,
    }


@bp.get("/open311/v2/services.json")
def list_open311_services() -> Reply:
    """The one service: complaints and petitions about administrative procedures."""
    return jsonify(
        [
            {
                "service_code": SERVICE_CODE,
                "service_name": SERVICE_NAME,
                "description": "Phản ánh, kiến nghị của người dân, tổ chức về sự phục vụ "
                "của Trung tâm Phục vụ hành chính công (Nghị định 20/2008/NĐ-CP).",
                "metadata": False,
                "type": "realtime",
                "keywords": "phản ánh, kiến nghị, complaint, petition",
                "group": "Hành chính công",
            }
        ]
    )


@bp.get("/open311/v2/requests.json")
def list_open311_requests() -> Reply:
    """Requests by id, or by status and date (the last 90 days, at most 1000, by default)."""
    try:
        start = _date_arg("start_date")
        end = _date_arg("end_date")
    except (ValueError, OverflowError):
        return _error(400, "start_date and end_date must be ISO 8601 date-times from 1900 on")
    query = select(Complaint).options(selectinload(Complaint.centre)).join(Centre)
    ids = request.args.get("service_request_id")
    if ids:
        wanted_ids = [i for i in (_public_id(i) for i in ids.split(",")) if i][:MAX_REQUESTS]
        query = query.where(Complaint.public_id.in_(wanted_ids))
    else:
        service = request.args.get("service_code")
        if service and service != SERVICE_CODE:
            return jsonify([])
        end = end or utcnow()
        start = start or end - timedelta(days=DEFAULT_DAYS)
        query = query.where(Complaint.received_at >= start, Complaint.received_at <= end)
        wanted = {s.strip() for s in request.args.get("status", "").split(",") if s.strip()}
        if wanted == {"open"}:
            query = query.where(Complaint.status.in_(list(OPEN_STATUSES)))
        elif wanted == {"closed"}:
            query = query.where(Complaint.status.not_in(list(OPEN_STATUSES)))
    complaints = list(
        db.session.scalars(query.order_by(Complaint.received_at.desc()).limit(MAX_REQUESTS))
    )
    updated = _last_updates([c.id for c in complaints])
    return jsonify([_as_request(c, updated.get(c.id)) for c in complaints])


@bp.get("/open311/v2/requests/<public_id>.json")
def show_open311_request(public_id: str) -> Reply:
    """One request, as a list of one (as GeoReport v2 has it), by its public id."""
    wanted = _public_id(public_id)
    complaint = db.session.scalar(select(Complaint).filter_by(public_id=wanted)) if wanted else None
    if complaint is None:
        return _error(404, "no such service request")
    return jsonify([_as_request(complaint, _last_updates([complaint.id]).get(complaint.id))])


def _public_id(raw: str) -> str | None:
    """A well-formed public id (16 hex digits), or None: nothing else reaches the database."""
    value = raw.strip().lower()
    return value if PUBLIC_ID.fullmatch(value) else None


def _date_arg(name: str) -> datetime | None:
    raw = request.args.get(name)
    if not raw:
        return None
    value = datetime.fromisoformat(raw)
    value = value if value.tzinfo else value.replace(tzinfo=LOCAL_TZ)
    # In UTC, and late enough that the 90-day default window can be counted back from it:
    # a date at the edge of the calendar is a bad request, not an overflow and a 500.
    if value.astimezone(UTC).year < EARLIEST_YEAR:
        raise ValueError(f"{name} before {EARLIEST_YEAR}")
    return value


def _last_updates(ids: list[int]) -> dict[int, datetime]:
    if not ids:
        return {}
    rows = db.session.execute(
        select(ComplaintEvent.complaint_id, func.max(ComplaintEvent.at))
        .where(ComplaintEvent.complaint_id.in_(ids))
        .group_by(ComplaintEvent.complaint_id)
    ).all()
    return {row[0]: row[1] for row in rows}
