"""The staff area's one menu: every staff task, and the roles that may use it.

The menu in the staff layout and the list on the staff home (``/quan-ly/``) both read
``MENU``, so a role is offered exactly the pages its views let it in. The roles here repeat
the ones each view checks on the server (the check is the view's, the menu only spares a
click on a page that would answer 403); ``tests/test_staff_area.py`` fails if they differ.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from flask import Flask, request, url_for
from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy.orm import Session

from survey_app.core.access import visible_centres
from survey_app.core.scope import (
    ACCOUNT_ROLES,
    AGGREGATE_EXPORT_ROLES,
    CENTRE_ROLES,
    MANAGING_ROLES,
    SYSTEM_ROLES,
    TRACKER_ROLES,
)
from survey_app.models import PROVINCE_ROLES, Role, User

EVERY_ROLE = tuple(Role)
READERS = (*PROVINCE_ROLES, Role.MANAGER, Role.VIEWER)
CASEWORK = (*PROVINCE_ROLES, Role.MANAGER, Role.HANDLER)


@dataclass(frozen=True, slots=True)
class MenuEntry:
    """One staff task: where it is, what it is called, who may use it, one line about it.

    A menu entry that only redirects (to the newest set's overview, say) names the page it
    lands on in ``lands`` and the pages under that one in ``pages``: their addresses lie
    under another entry's (the set's tree), so the address alone would mark the wrong one.
    """

    endpoint: str
    label: LazyString
    roles: tuple[Role, ...]
    hint: LazyString
    lands: str | None = None
    pages: tuple[str, ...] = ()


MENU = (
    MenuEntry(
        "complaints.list_complaints",
        _l("Phản ánh, kiến nghị"),
        CENTRE_ROLES,
        _l("Phân loại, giao, trả lời phản ánh của người dân; theo dõi hạn xử lý."),
    ),
    MenuEntry(
        "complaints.list_transferred",
        _l("Chuyển Thanh tra"),
        PROVINCE_ROLES,
        _l("Tố cáo và phản ánh phải trả tiền ngoài quy định các Trung tâm đã chuyển Thanh tra."),
    ),
    MenuEntry(
        "manage.show_start",
        _l("Kết quả theo tuần"),
        READERS,
        _l("Chỉ số hài lòng của trung tâm tuần trước, bên cạnh mười một tuần trước đó."),
    ),
    MenuEntry(
        "manage.show_province",
        _l("Toàn tỉnh"),
        PROVINCE_ROLES,
        _l("Mọi trung tâm: chỉ số, khoảng tin cậy, xếp hạng, đơn vị cần chú ý."),
    ),
    MenuEntry(
        "staff.enter_paper",
        _l("Nhập phiếu đánh giá giấy"),
        CASEWORK,
        _l("Gõ lại phiếu người dân điền trên giấy, chỉ dùng bàn phím."),
    ),
    MenuEntry(
        "staff.list_posters",
        _l("Mã QR và áp phích"),
        MANAGING_ROLES,
        _l("Tải áp phích và nhãn dán có mã QR của trung tâm để in."),
    ),
    MenuEntry(
        "staff.set_up_kiosk",
        _l("Bật chế độ kiosk cho máy tính bảng"),
        MANAGING_ROLES,
        _l("Biến máy tính bảng ở trung tâm thành nơi người dân đánh giá."),
    ),
    MenuEntry(
        "survey.list_campaigns",
        _l("Đợt khảo sát"),
        PROVINCE_ROLES,
        _l("Mở đợt khảo sát SIPAS, chọn mẫu, đóng đợt."),
    ),
    MenuEntry(
        "survey.show_reports",
        _l("Báo cáo SIPAS (Excel)"),
        PROVINCE_ROLES,
        _l(
            "Bảng tính SIPAS của một quý hoặc một năm: chỉ số, theo xã, theo trung tâm, liêm chính."
        ),
    ),
    MenuEntry(
        "survey.enter_survey_paper",
        _l("Nhập phiếu khảo sát giấy"),
        MANAGING_ROLES,
        _l("Gõ lại phiếu khảo sát SIPAS người dân điền trên giấy."),
    ),
    MenuEntry(
        "admin.list_users",
        _l("Tài khoản cán bộ"),
        ACCOUNT_ROLES,
        _l("Tạo tài khoản, giao vai trò và trung tâm, khoá, đặt lại mật khẩu."),
    ),
    MenuEntry(
        "admin.pick_counter_centre",
        _l("Quầy giao dịch"),
        MANAGING_ROLES,
        _l("Thêm, đổi tên, ngừng quầy; mỗi quầy có mã QR riêng."),
    ),
    MenuEntry(
        "admin.pick_receipt_centre",
        _l("Mã QR in trên giấy hẹn"),
        MANAGING_ROLES,
        _l("Tạo một đợt mã dùng một lần và tải tệp CSV, PDF."),
    ),
    MenuEntry(
        "admin.pick_dossier_centre",
        _l("Số hồ sơ tiếp nhận trong tuần"),
        MANAGING_ROLES,
        _l("Để tính tỷ lệ người dân đánh giá trên số hồ sơ."),
    ),
    MenuEntry(
        "api_keys.list_api_keys",
        _l("Khóa API"),
        SYSTEM_ROLES,
        _l("Cấp và thu hồi khóa cho hệ thống một cửa và bảng điều khiển của tỉnh."),
    ),
    MenuEntry(
        "admin.show_exports",
        _l("Xuất dữ liệu"),
        AGGREGATE_EXPORT_ROLES,
        _l("Tệp Excel hoặc CSV: chỉ số tổng hợp, phiếu đánh giá đã ẩn danh."),
    ),
    MenuEntry(
        "tracker.list_sets",
        _l("Chỉ số CCHC: tiêu chí"),
        TRACKER_ROLES,
        _l("Bộ tiêu chí PAR INDEX, cơ quan chủ trì, kết quả năm trước, tiêu chí mất điểm."),
    ),
    MenuEntry(
        "tracker.go_to_overview",
        _l("Chỉ số CCHC: tổng quan"),
        TRACKER_ROLES,
        _l("Dự báo điểm, tiêu chí có nguy cơ mất điểm, việc quá hạn, cơ quan chậm báo cáo."),
        lands="tracker.show_overview",
    ),
    MenuEntry(
        "tracker.go_to_quarter",
        _l("Chỉ số CCHC: kết quả quý"),
        TRACKER_ROLES,
        _l("Kết quả quý của từng cơ quan: báo cáo đúng hạn, việc khắc phục, điểm dự báo."),
        lands="tracker.list_quarter",
        pages=("tracker.show_agency_quarter",),
    ),
    MenuEntry(
        "tracker.go_to_my_reports",
        _l("Chỉ số CCHC: báo cáo tháng"),
        TRACKER_ROLES,
        _l("Báo cáo tiến độ từng tiêu chí, tài liệu kiểm chứng, kế hoạch khắc phục."),
        lands="tracker.list_my_reports",
        pages=("tracker.edit_report",),
    ),
    MenuEntry(
        "tracker.go_to_review_queue",
        _l("Chỉ số CCHC: duyệt báo cáo"),
        PROVINCE_ROLES,
        _l("Báo cáo chờ duyệt, cơ quan chậm báo cáo, việc khắc phục quá hạn."),
        lands="tracker.list_review_queue",
        pages=("tracker.review_report", "tracker.list_periods"),
    ),
    MenuEntry(
        "tracker.list_agencies",
        _l("Cơ quan chủ trì tiêu chí"),
        PROVINCE_ROLES,
        _l("Các sở, ban, ngành, UBND cấp xã và tài khoản của họ."),
    ),
    MenuEntry(
        "admin.change_password",
        _l("Đổi mật khẩu của tôi"),
        EVERY_ROLE,
        _l("Mật khẩu mới đăng xuất mọi thiết bị khác."),
    ),
)


def menu_for(role: Role | None, menu: Iterable[MenuEntry] = MENU) -> list[MenuEntry]:
    """The entries ``role`` may use, in menu order (none for nobody signed in)."""
    return [entry for entry in menu if role is not None and role in entry.roles]


def staff_menu() -> list[MenuEntry]:
    """The signed-in user's entries (a template global: only staff pages call it)."""
    return menu_for(current_user.role if current_user.is_authenticated else None)


def current_entry(
    path: str, entries: Iterable[MenuEntry], endpoint: str | None = None
) -> MenuEntry | None:
    """The menu entry whose page ``path`` is or lies under (the longest such address).

    A complaint's page belongs to "Phản ánh, kiến nghị", a centre's week to "Kết quả theo
    tuần": the menu shows where one is, also one click deeper than the menu goes. An entry
    that names ``endpoint`` as the page it lands on or one under it wins over addresses.
    """
    entries = list(entries)
    for entry in entries:
        if endpoint is not None and (endpoint == entry.lands or endpoint in entry.pages):
            return entry
    best: MenuEntry | None = None
    best_length = -1
    for entry in entries:
        base = url_for(entry.endpoint).rstrip("/")
        inside = path.rstrip("/") == base or path.startswith(base + "/")
        if inside and len(base) > best_length:
            best, best_length = entry, len(base)
    return best


def menu_items() -> list[tuple[MenuEntry, str | None]]:
    """The signed-in user's entries, each with its ``aria-current`` value (or None).

    "page" marks the entry's own page (or the one it lands on); "location" a page under it.
    """
    entries = staff_menu()
    here = current_entry(request.path, entries, request.endpoint)
    items: list[tuple[MenuEntry, str | None]] = []
    for entry in entries:
        mark = None
        if entry is here:
            landed = request.endpoint in (entry.endpoint, entry.lands)
            mark = "page" if landed else "location"
        items.append((entry, mark))
    return items


# Where each role's work is, the page sign-in opens: the Department and the administrator
# the province, a handler the complaint queue, an agency its criteria to report on. Managers
# and viewers open their centre's week (``landing_url``); with no centre, the staff home.
LANDING = {
    Role.ADMIN: "manage.show_province",
    Role.DEPARTMENT: "manage.show_province",
    Role.HANDLER: "complaints.list_complaints",
    Role.AGENCY: "tracker.go_to_my_reports",
}
CENTRE_LANDING = "manage.show_centre_week"


def landing_url(session: Session, user: User) -> str:
    """The page ``user`` lands on after signing in: where their role's work is."""
    if user.role in LANDING:
        return url_for(LANDING[user.role])
    centres = visible_centres(session, user)
    if centres:
        # The first of their centres by name; the week page switches to the others.
        return url_for(CENTRE_LANDING, key=centres[0].key)
    return url_for("staff.show_index")


def init_app(app: Flask) -> None:
    """Let every template call ``staff_menu()`` and ``menu_items()``."""
    app.add_template_global(staff_menu)
    app.add_template_global(menu_items)
