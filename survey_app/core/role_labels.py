"""The words for each staff role, one list for the accounts page and the complaint history."""

from __future__ import annotations

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

from survey_app.models import Role

# In the order of the enum: a role select lists them so, the most powerful first.
ROLE_LABELS: dict[Role, LazyString] = {
    Role.ADMIN: _l("Quản trị hệ thống"),
    Role.DEPARTMENT: _l("Sở Nội vụ (toàn tỉnh)"),
    Role.MANAGER: _l("Lãnh đạo Trung tâm"),
    Role.HANDLER: _l("Cán bộ xử lý phản ánh"),
    Role.VIEWER: _l("Chỉ xem"),
    Role.AGENCY: _l("Cơ quan chủ trì tiêu chí (sở, ngành, UBND xã)"),
}
