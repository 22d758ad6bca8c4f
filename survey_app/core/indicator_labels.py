"""Names of factors, indices and indicators in the reader's language."""

from __future__ import annotations

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

COMPONENTS: dict[str, LazyString] = {
    "overall": _l("Hài lòng chung"),
    "service": _l("Chỉ số phục vụ hành chính công"),
    "access": _l("Tiếp cận dịch vụ"),
    "procedure": _l("Thủ tục hành chính"),
    "staff": _l("Công chức giải quyết công việc"),
    "result": _l("Kết quả giải quyết"),
    "feedback": _l("Tiếp nhận, xử lý phản ánh, kiến nghị"),
}
PULSE_ORDER = ("overall", "service", "access", "procedure", "staff", "result", "feedback")

INDICATORS: dict[str, LazyString] = {
    "harassment": _l("Bị gây phiền hà, sách nhiễu"),
    "extra_payment": _l("Bị yêu cầu nộp tiền ngoài quy định"),
    "multiple_supplements": _l("Phải bổ sung hồ sơ hơn một lần"),
    "late": _l("Nhận kết quả trễ hẹn"),
    "not_received": _l("Chưa nhận được kết quả"),
}

CHANNELS: dict[str, LazyString] = {
    "poster_qr": _l("Mã QR tại quầy"),
    "receipt_code": _l("Mã trên giấy hẹn"),
    "kiosk": _l("Máy tính bảng tại Trung tâm"),
    "paper": _l("Phiếu giấy"),
    "survey_online": _l("Khảo sát trực tuyến"),
    "survey_paper": _l("Khảo sát phiếu giấy"),
}


def component_label(key: str) -> str:
    """The name of an index or factor, or the key itself when we have no name for it."""
    return str(COMPONENTS.get(key, key))
