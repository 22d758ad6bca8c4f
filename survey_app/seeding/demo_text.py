"""Vietnamese text for demo complaints, invented as a citizen might write (comments:
``demo_comments``)."""

from __future__ import annotations

COMPLAINTS: tuple[tuple[str, str], ...] = (
    (
        "Trả kết quả trễ hẹn",
        "Giấy hẹn ghi ngày trả kết quả đã qua ba ngày nhưng tôi vẫn chưa nhận được, "
        "cũng không có văn bản xin lỗi hay hẹn lại.",
    ),
    (
        "Yêu cầu bổ sung hồ sơ nhiều lần",
        "Tôi đã bổ sung hồ sơ đăng ký kinh doanh hai lần, mỗi lần lại được yêu cầu "
        "thêm giấy tờ khác không có trong danh mục niêm yết.",
    ),
    (
        "Thái độ phục vụ chưa đúng mực",
        "Cán bộ tiếp nhận nói trống không, không hướng dẫn khi tôi hỏi lại.",
    ),
    (
        "Thu thêm tiền ngoài quy định",
        "Tôi được đề nghị nộp thêm tiền để được giải quyết nhanh, ngoài lệ phí đã niêm yết.",
    ),
    (
        "Thiếu chỗ ngồi chờ",
        "Buổi sáng rất đông, người cao tuổi phải đứng chờ lâu, đề nghị bố trí thêm ghế.",
    ),
)
