"""Vietnamese text for demo comments and complaints. Invented, as a citizen might write."""

from __future__ import annotations

COMMENTS_GOOD: tuple[str, ...] = (
    "Cán bộ hướng dẫn nhiệt tình, dễ hiểu. Cảm ơn Trung tâm.",
    "Làm thủ tục nhanh, không phải chờ lâu.",
    "Chỗ ngồi chờ sạch sẽ, có nước uống. Rất hài lòng.",
    "Cán bộ quầy hộ tịch rất lịch sự, giải thích kỹ.",
    "Nhận kết quả đúng hẹn, không phải đi lại nhiều lần.",
    "Có máy lấy số thứ tự nên không bị chen lấn.",
    "Được hướng dẫn nộp hồ sơ trực tuyến, lần sau sẽ làm online.",
    "Mong Trung tâm giữ được thái độ phục vụ như hôm nay.",
)

# For a middling visit (overall 3): some good, something to mend.
COMMENTS_MIXED: tuple[str, ...] = (
    "Cán bộ nhiệt tình nhưng phải chờ khá lâu.",
    "Thủ tục ổn, nhưng nên niêm yết rõ hơn các giấy tờ cần mang theo.",
    "Kết quả đúng hẹn, tuy nhiên chỗ ngồi chờ còn chật.",
    "Tạm được. Mong có thêm hướng dẫn nộp hồ sơ trực tuyến.",
    "Lần này nhanh hơn lần trước, nhưng máy lấy số hay bị lỗi.",
)

COMMENTS_POOR: tuple[str, ...] = (
    "Phải chờ gần hai tiếng mới đến lượt, nên có thêm quầy vào buổi sáng thứ Hai.",
    "Hồ sơ phải bổ sung hai lần vì lần đầu không được hướng dẫn đầy đủ.",
    "Không có chỗ để xe, trời mưa rất vất vả.",
    "Cán bộ nói chuyện điện thoại riêng trong giờ làm việc.",
    "Máy lấy số bị hỏng, mọi người phải tự xếp hàng.",
    "Trả kết quả chậm hơn ngày hẹn mà không được báo trước.",
    "Bảng niêm yết thủ tục chữ nhỏ, người già khó đọc.",
    "Đề nghị gọi lại cho tôi theo số 0912 345 678 để giải thích rõ hơn.",
    "Tôi đã nộp bản sao CCCD 012345678901 rồi mà vẫn bị yêu cầu nộp lại.",
    "Quầy đất đai đóng cửa sớm hơn giờ niêm yết.",
)

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
