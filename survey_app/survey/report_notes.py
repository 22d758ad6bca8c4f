"""Vietnamese names of the report's components, and its notes on method."""

from __future__ import annotations

from survey_app.core.report_jobs import N_
from survey_app.survey.report_data import SipasReport

COMPONENT_LABELS = {
    "sipas": "Chỉ số SIPAS",
    "policy": "Chỉ số hài lòng về chính sách công",
    "service": "Chỉ số hài lòng về cung ứng dịch vụ hành chính công",
    "access": "Tiếp cận dịch vụ",
    "procedure": "Thủ tục hành chính",
    "staff": "Công chức trực tiếp giải quyết công việc",
    "result": "Kết quả giải quyết công việc",
    "feedback": "Tiếp nhận, xử lý phản ánh, kiến nghị",
    "accountability": "Trách nhiệm giải trình",
    "participation": "Sự tham gia của người dân",
    "implementation": "Tổ chức thực hiện chính sách",
    "results": "Kết quả, tác động của chính sách",
    "economy": "Phát triển kinh tế",
    "medical": "Khám bệnh, chữa bệnh",
    "education": "Giáo dục phổ thông",
    "water": "Cung cấp nước sạch sinh hoạt",
    "electricity": "Cung cấp điện sinh hoạt",
    "order": "Bảo đảm an ninh, trật tự xã hội",
    "transport": "Phát triển giao thông đường bộ",
    "social_security": "An sinh xã hội",
    "admin_reform": "Cải cách hành chính",
}

INDICATOR_LABELS = {
    "harassment": "Bị công chức gây phiền hà, sách nhiễu",
    "extra_payment": "Phải trả tiền ngoài quy định",
    "multiple_supplements": "Phải bổ sung hồ sơ từ 2 lần trở lên",
    "late": "Nhận kết quả trễ hẹn",
    "not_received": "Chưa nhận được kết quả",
}


DRIVERS_HEADING = (
    "Cải thiện yếu tố nào trước? Phân tích yếu tố tác động đến mức hài lòng chung "
    "(phiếu đánh giá nhanh sau giao dịch, toàn tỉnh)"
)
DRIVERS_NOTE = (
    "{n} người trả lời đủ các câu; 5 yếu tố giải thích {r2:.1f}% mức độ khác nhau của mức "
    "hài lòng chung. “Ưu tiên” là số điểm phần trăm mức hài lòng chung tăng thêm nếu những "
    "người chưa hài lòng với yếu tố đó hài lòng chung như những người đã hài lòng với nó "
    "(mô tả, không phải quan hệ nhân quả); khoảng tin cậy tính bằng bootstrap theo người trả lời."
)
DRIVER_HEADERS = (
    "Yếu tố",
    "Ưu tiên (điểm %)",
    "KTC 95% — cận dưới",
    "KTC 95% — cận trên",
    "Tỉ lệ chưa hài lòng (%)",
    "Chênh lệch hài lòng chung (điểm %)",
    "Phần đóng góp vào R² (%)",
    "Tương quan r",
)
RELIABILITY_HEADING = "Độ tin cậy thang đo theo yếu tố (hệ số Cronbach's alpha)"
RELIABILITY_HEADERS = (
    "Nhóm",
    "Yếu tố",
    "Số tiêu chí",
    "n",
    "Cronbach's alpha",
    "KTC 95% — cận dưới",
    "KTC 95% — cận trên",
)


def method_notes(report: SipasReport) -> list[str]:
    """The method, in plain Vietnamese; (R) marks what is reconstructed (sipas.md)."""
    method = report.method
    weight = f"({method.weight_policy:g} × chính sách + {method.weight_service:g} × dịch vụ)"
    total = method.weight_policy + method.weight_service
    return [
        f"Kỳ báo cáo: {report.period.label}, theo giờ Việt Nam (UTC+7).",
        "Nguồn: phiếu khảo sát SIPAS của tỉnh (trực tuyến và phiếu giấy nhập lại); "
        "phiếu đánh giá nhanh sau giao dịch chỉ dùng ở trang theo trung tâm và chỉ báo "
        "liêm chính, không gộp vào chỉ số SIPAS.",
        "Phiếu bị đánh dấu nghi vấn (ví dụ điền ô bẫy) được giữ lại nhưng không tính.",
        "Chỉ số tiêu chí = 100 × số câu trả lời mức 4 hoặc 5 / số câu trả lời trên thang 1–5. "
        "(R) Câu bỏ trống không tính vào mẫu số.",
        "(R) Chỉ số yếu tố = trung bình các chỉ số tiêu chí của yếu tố đó (mẫu phiếu quốc gia "
        "không có câu hỏi chung cho từng yếu tố).",
        "Chỉ số dịch vụ hành chính công = trung bình 5 chỉ số yếu tố dịch vụ.",
        "(R) Chỉ số chính sách công = trung bình chỉ số của 9 chính sách; chỉ số một chính sách = "
        "trung bình các tiêu chí tổ chức thực hiện và kết quả, tác động của chính sách đó.",
        f"(R) SIPAS = {weight} / {total:g}, tức trung bình 14 chỉ số thành phần; cách tính này "
        "khớp kết quả quốc gia đã công bố năm 2023 và 2024 nhưng chưa đối chiếu được với phụ lục "
        "Quyết định 1001/QĐ-BNV.",
        "(R) Nội dung câu hỏi của phiếu là bản dựng lại theo một mẫu phiếu năm 2026, chưa đối "
        "chiếu với phụ lục chính thức.",
        "Khoảng tin cậy 95%: Wilson cho tiêu chí và tỉ lệ. Chỉ số tổng hợp (yếu tố, chính sách, "
        "dịch vụ, SIPAS) tính độ bất định từ từng người trả lời: câu trả lời của cùng một người "
        "thường cùng chiều, nên phương sai cộng cả hiệp phương sai giữa các câu (phương sai "
        "tuyến tính hóa theo người trả lời), rồi lấy khoảng Wilson theo cỡ mẫu hiệu dụng với "
        "phân vị Student cho phần dao động của phương sai vượt quá dao động của một phép đếm "
        "nhị thức (câu trả lời độc lập thì dùng đúng khoảng Wilson). Nơi thiếu dữ liệu theo "
        "người trả lời: "
        f"bootstrap tham số (phân vị), {report.replicates} lần lặp, số khởi tạo {report.seed}.",
        "Cronbach's alpha (cuối trang này) đo mức các tiêu chí của cùng một yếu tố đo cùng một "
        "điều; từ 0,7 trở lên thường được coi là chấp nhận được.",
        f"Con số dựa trên ít hơn {method.min_n} câu trả lời được ghi là “quá ít câu trả lời”; "
        "n là số câu trả lời ít nhất trong các tiêu chí tạo nên chỉ số.",
        "Nhận định, nhu cầu và chỉ báo liêm chính được báo cáo là tỉ lệ người chọn từng phương án.",
        "Chọn mẫu: cỡ mẫu theo công thức Yamane n = N / (1 + N·e²); chọn xã, phường với xác suất "
        "tỉ lệ với dân số (chọn hệ thống); chia đều cỡ mẫu cho các xã được chọn nên mẫu tự gia "
        "quyền; chỉ số không dùng trọng số. Công thức Yamane giả định mẫu ngẫu nhiên đơn; mẫu "
        "nhiều giai đoạn cần cỡ mẫu lớn hơn (hệ số thiết kế).",
    ]


# Writing the sheets, in steps a job page shows (msgids, translated when shown).
WRITE_STEPS = (
    N_("Viết các trang tổng quan, yếu tố, tiêu chí và chính sách"),
    N_("Viết các trang theo xã, phường"),
    N_("Viết các trang theo trung tâm"),
    N_("Viết các trang liêm chính, nhu cầu, nhận định, một cửa và phương pháp"),
    N_("Lưu tệp Excel"),
)
SHEET_STEPS = {
    "Tổng quan": WRITE_STEPS[0],
    "Theo xã": WRITE_STEPS[1],
    "Theo trung tâm (phiếu nhanh)": WRITE_STEPS[2],
    "Liêm chính": WRITE_STEPS[3],
}
