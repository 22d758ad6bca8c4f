"""Words for the workflow's states, classes and steps, in the reader's language."""

from __future__ import annotations

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

from survey_app.models import (
    ComplaintClass,
    ComplaintStatus,
    MessageChannel,
    MessageStatus,
    TransferReason,
)

STATUS_LABELS: dict[str, LazyString] = {
    ComplaintStatus.RECEIVED: _l("Đã tiếp nhận"),
    ComplaintStatus.CLASSIFIED: _l("Đã phân loại"),
    ComplaintStatus.ASSIGNED: _l("Đã giao cán bộ xử lý"),
    ComplaintStatus.IN_PROGRESS: _l("Đang xử lý"),
    ComplaintStatus.ANSWERED: _l("Đã trả lời"),
    ComplaintStatus.CLOSED: _l("Đã kết thúc"),
    ComplaintStatus.FORWARDED: _l("Đã chuyển cơ quan có thẩm quyền"),
    ComplaintStatus.REJECTED: _l("Không tiếp nhận"),
}

# Nghị định 20/2008/NĐ-CP, as amended (sipas.md section 6).
CLASS_LABELS: dict[str, LazyString] = {
    ComplaintClass.NOT_ACCEPTED: _l("(a) Không đủ điều kiện tiếp nhận"),
    ComplaintClass.CONDUCT: _l("(b) Chậm trễ, phiền hà, không thực hiện đúng quy định"),
    ComplaintClass.REGULATION: _l("(c) Về quy định thuộc thẩm quyền của Trung tâm"),
    ComplaintClass.OUTSIDE_REMIT: _l("(d) Ngoài thẩm quyền: chuyển trong 5 ngày làm việc"),
}

ACTION_LABELS: dict[str, LazyString] = {
    "take": _l("Nhận xử lý"),
    "classify": _l("Phân loại"),
    "assign": _l("Giao cán bộ xử lý"),
    "start": _l("Bắt đầu xử lý"),
    "answer": _l("Trả lời người dân"),
    "answer_close": _l("Trả lời và kết thúc"),
    "close": _l("Kết thúc"),
    "forward": _l("Chuyển cơ quan có thẩm quyền"),
    "reject": _l("Không tiếp nhận"),
    "transfer": _l("Chuyển Thanh tra"),
    "reopen": _l("Mở lại"),
}

# Where a denunciation or a report of extra payments goes: the province's inspectorate.
INSPECTORATE = _l("Thanh tra tỉnh")

TRANSFER_LABELS: dict[str, LazyString] = {
    TransferReason.DENUNCIATION: _l("Tố cáo hành vi vi phạm của cán bộ, công chức"),
    TransferReason.EXTRA_PAYMENT: _l("Phản ánh việc phải trả tiền ngoài quy định"),
}

# Who a history line is credited to when no staff member took the step.
CITIZEN_ACTOR = _l("Người dân")
SYSTEM_ACTOR = _l("Hệ thống")

DEADLINE_LABELS: dict[str, LazyString] = {
    "on_track": _l("Trong hạn"),
    "due_soon": _l("Sắp đến hạn"),
    "overdue": _l("Quá hạn"),
}

MESSAGE_STATUS_LABELS: dict[str, LazyString] = {
    MessageStatus.QUEUED: _l("Chờ gửi"),
    MessageStatus.SENT: _l("Đã gửi"),
    MessageStatus.FAILED: _l("Gửi lỗi, sẽ thử lại"),
    MessageStatus.HELD: _l("Chưa có cổng gửi: cán bộ báo trực tiếp"),
    MessageStatus.CANCELLED: _l("Đã huỷ"),
}

CHANNEL_LABELS: dict[str, LazyString] = {
    MessageChannel.EMAIL: _l("Thư điện tử"),
    MessageChannel.SMS: _l("Tin nhắn SMS"),
}


CONSENT_CHANNEL_LABELS: dict[str, LazyString] = {
    "poster": _l("trang phản ánh từ mã QR"),
    "web": _l("trang phản ánh của Trung tâm"),
    "feedback_form": _l("phiếu đánh giá"),
}


def label_context() -> dict[str, object]:
    """The label tables, for templates."""
    return {
        "status_labels": STATUS_LABELS,
        "class_labels": CLASS_LABELS,
        "action_labels": ACTION_LABELS,
        "deadline_labels": DEADLINE_LABELS,
        "message_status_labels": MESSAGE_STATUS_LABELS,
        "channel_labels": CHANNEL_LABELS,
        "consent_channel_labels": CONSENT_CHANNEL_LABELS,
        "transfer_labels": TRANSFER_LABELS,
    }
