"""Problem documents (RFC 9457): how every error under /api/v1 is answered.

A machine reads ``type``, ``status`` and ``errors``; a person reads ``title`` and
``detail``, which are worded in the language the caller's Accept-Language asks for
(Vietnamese unless English is preferred).
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from flask import Response, request
from flask_babel import get_locale
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException

from survey_app.extensions import limiter

API_PREFIX = "/api/"
PROBLEM_TYPE_BASE = "/api/v1/docs#problem-"
PROBLEM_MEDIA_TYPE = "application/problem+json"


@dataclass(frozen=True, slots=True)
class FieldError:
    """One refused field: where it is (``centre``, ``body``) and what is wrong."""

    field: str
    message: str


class Problem(HTTPException):
    """An API error carrying its problem type, translated detail and field errors."""

    def __init__(
        self,
        status: int,
        kind: str,
        detail: str,
        *,
        errors: Sequence[FieldError] = (),
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(description=detail)
        self.code = status
        self.kind = kind
        self.detail = detail
        self.errors = tuple(errors)
        self.extra_headers = dict(headers or {})


def is_api_request() -> bool:
    """True for requests under /api/, whose errors are problem documents, not pages."""
    return request.path.startswith(API_PREFIX)


def _titles() -> dict[int, str]:
    return {
        400: _("Yêu cầu không hợp lệ"),
        401: _("Chưa xác thực"),
        403: _("Không được phép"),
        404: _("Không tìm thấy"),
        405: _("Phương thức không được hỗ trợ"),
        409: _("Xung đột"),
        413: _("Nội dung quá lớn"),
        415: _("Kiểu nội dung không được hỗ trợ"),
        422: _("Dữ liệu không hợp lệ"),
        429: _("Quá nhiều yêu cầu"),
        500: _("Lỗi máy chủ"),
        503: _("Dịch vụ tạm thời không sẵn sàng"),
    }


def _default_details() -> dict[int, tuple[str, str]]:
    return {
        400: ("bad-request", _("Yêu cầu không đọc được.")),
        404: ("not-found", _("Không có tài nguyên nào ở địa chỉ này.")),
        405: ("method-not-allowed", _("Địa chỉ này không nhận phương thức đó.")),
        413: ("body-too-large", _("Nội dung yêu cầu vượt quá giới hạn cho phép.")),
        429: ("rate-limited", _("Khóa API đã gửi quá nhiều yêu cầu; xin thử lại sau.")),
        500: ("server-error", _("Máy chủ gặp lỗi; không có gì được lưu.")),
        503: (
            "unavailable",
            _("Cơ sở dữ liệu tạm thời không truy cập được; không có gì được lưu."),
        ),
    }


def problem_response(error: HTTPException) -> Response:
    """The problem document answering ``error``."""
    status = error.code or 500
    if isinstance(error, Problem):
        kind, detail, errors = error.kind, error.detail, error.errors
        headers = dict(error.extra_headers)
    else:
        kind, detail = _default_details().get(status, ("error", _("Yêu cầu không thực hiện được.")))
        errors = ()
        headers = {}
    if status == 429:
        headers.setdefault("Retry-After", str(_retry_after()))
    if status == 405 and error.response is None:
        allowed = getattr(error, "valid_methods", None)
        if allowed:
            headers["Allow"] = ", ".join(sorted(allowed))
    body: dict[str, object] = {
        "type": PROBLEM_TYPE_BASE + kind,
        "title": _titles().get(status, _("Lỗi")),
        "status": status,
        "detail": detail,
        "instance": request.path,
    }
    if errors:
        body["errors"] = [{"field": e.field, "message": e.message} for e in errors]
    response = Response(
        json.dumps(body, ensure_ascii=False), status=status, mimetype=PROBLEM_MEDIA_TYPE
    )
    response.headers["Content-Language"] = str(get_locale() or "vi")
    for name, value in headers.items():
        response.headers[name] = value
    return response


def _retry_after() -> int:
    """Seconds until the exhausted limit's window resets (at least one)."""
    limit = limiter.current_limit
    if limit is None:
        return 60
    return max(1, math.ceil(limit.reset_at - time.time()))


def server_problem(status: int) -> Response:
    """The problem document of a 500 or 503 (no exception to describe: nothing leaks)."""
    return problem_response(_StatusOnly(status))


class _StatusOnly(HTTPException):
    def __init__(self, status: int) -> None:
        super().__init__()
        self.code = status
