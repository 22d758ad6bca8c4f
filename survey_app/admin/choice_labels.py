"""Words shown for stored values: roles, channels, suspect reasons."""

from __future__ import annotations

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # WTForms 3.3

from survey_app.core.responses.flags import BURST, DEVICE_REPEAT, HONEYPOT, TOO_FAST, UNSIGNED
from survey_app.core.role_labels import ROLE_LABELS
from survey_app.models import Channel

CHANNEL_LABELS: dict[Channel, LazyString] = {
    Channel.POSTER_QR: _l("Mã QR áp phích"),
    Channel.RECEIPT_CODE: _l("Mã QR trên giấy hẹn"),
    Channel.KIOSK: _l("Máy tính bảng tại Trung tâm"),
    Channel.PAPER: _l("Phiếu giấy"),
    Channel.SURVEY_ONLINE: _l("Khảo sát trực tuyến"),
    Channel.SURVEY_PAPER: _l("Khảo sát phiếu giấy"),
}

# Only the visit channels: exports and aggregates here are about the visit pulse.
PULSE_CHANNELS = (Channel.POSTER_QR, Channel.RECEIPT_CODE, Channel.KIOSK, Channel.PAPER)

FLAG_LABELS: dict[str, LazyString] = {
    HONEYPOT: _l("ô ẩn bị điền"),
    UNSIGNED: _l("phiếu không có mã hợp lệ"),
    TOO_FAST: _l("trả lời quá nhanh"),
    DEVICE_REPEAT: _l("cùng thiết bị đánh giá lặp lại"),
    BURST: _l("nhiều phiếu dồn dập"),
}


def role_choices() -> list[SelectChoice]:
    """Choices for a role select, in the order of the enum."""
    return [SelectChoice(role.value, str(label)) for role, label in ROLE_LABELS.items()]


def channel_choices() -> list[SelectChoice]:
    """Choices for a channel select: "all" first, then the visit channels."""
    return [SelectChoice("", str(_l("Tất cả các kênh")))] + [
        SelectChoice(c.value, str(CHANNEL_LABELS[c])) for c in PULSE_CHANNELS
    ]
