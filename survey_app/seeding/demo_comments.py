"""Demo comments composed as citizens write them: about what they rated worst, or best.

A visitor's comment follows their visit. A poor or middling overall rating (1–3) leads
with a complaint about the factor they rated lowest (a middling one may grant the best
factor first: "cán bộ nhiệt tình nhưng …"); a good one (4–5) praises the factor rated
highest. Comments are short or long, formal or informal (spoken words, no capital or
full stop, but always correct diacritics), and many name a step of the visit: submitting
the dossier, supplementing it, the result, the fees, the staff's manner. A few unhappy
visitors leave a phone or ID number, which the pages must mask. Everything is invented.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

FACTORS = ("access", "procedure", "staff", "result", "feedback")

# A complaint about each factor, written out in full (lower case: the composer capitalises).
COMPLAINT: Mapping[str, Sequence[str]] = {
    "access": (
        "phải chờ {wait} mới đến lượt",
        "chỗ ngồi chờ chật, nhiều người phải đứng",
        "không có chỗ để xe, trời mưa rất vất vả",
        "máy lấy số bị hỏng, mọi người phải tự xếp hàng",
        "quầy mở muộn hơn giờ niêm yết",
        "đông người mà chỉ có {few} quầy làm việc",
        "đến nộp hồ sơ lúc {hour} thì quầy đã nghỉ",
    ),
    "procedure": (
        "giấy tờ phải mang không giống danh mục niêm yết",
        "bảng niêm yết thủ tục chữ nhỏ, người già khó đọc",
        "thủ tục rườm rà, một thông tin phải khai đi khai lại",
        "hồ sơ phải bổ sung {times} vì lần đầu không được hướng dẫn đủ",
        "không rõ phí, lệ phí phải nộp là bao nhiêu",
        "tôi được gợi ý nộp thêm tiền ngoài lệ phí niêm yết để làm nhanh",
        "nộp hồ sơ trực tuyến rồi vẫn phải mang bản giấy lên",
    ),
    "staff": (
        "cán bộ nói trống không, hỏi lại thì gắt",
        "cán bộ nói chuyện điện thoại riêng trong giờ làm việc",
        "cán bộ hướng dẫn qua loa, không nói vì sao hồ sơ chưa đủ",
        "cán bộ thiếu kiên nhẫn với người cao tuổi",
        "thái độ phục vụ chưa đúng mực",
        "hỏi ba quầy thì được chỉ ba kiểu khác nhau",
    ),
    "result": (
        "trả kết quả chậm {late} so với giấy hẹn",
        "đến hẹn lên lấy kết quả thì chưa có, cũng không ai báo trước",
        "kết quả bị sai tên, phải làm lại từ đầu",
        "phải đi lại {times} mới nhận được kết quả",
        "trễ hẹn trả kết quả mà không có thư xin lỗi",
    ),
    "feedback": (
        "gửi phản ánh từ tháng trước mà chưa thấy trả lời",
        "không biết góp ý ở đâu, hòm thư góp ý khóa cả năm",
        "gọi đường dây nóng mấy lần không ai nghe máy",
    ),
}

# The same, as people say it in passing (informal, still with every diacritic).
COMPLAINT_SPOKEN: Mapping[str, Sequence[str]] = {
    "access": ("chờ lâu quá", "mãi mới tới lượt", "đông mà ít quầy quá", "chẳng có chỗ ngồi"),
    "procedure": ("giấy tờ lằng nhằng quá", "bổ sung mãi chưa xong", "phí gì mà mập mờ thế"),
    "staff": ("cán bộ khó chịu quá", "hỏi mấy lần mà không ai chỉ", "thái độ kém"),
    "result": ("hẹn rồi lại lùi", "lên lấy kết quả mà chưa có", "trả kết quả chậm quá"),
    "feedback": ("góp ý rồi mà chẳng thấy ai trả lời", "không biết phản ánh ở đâu"),
}

PRAISE: Mapping[str, Sequence[str]] = {
    "access": (
        "không phải chờ lâu, có máy lấy số nên không chen lấn",
        "chỗ ngồi chờ sạch sẽ, có nước uống",
        "có chỗ để xe rộng, có lối đi cho người khuyết tật",
        "mở cửa đúng giờ, lấy số xong {soon} là đến lượt",
    ),
    "procedure": (
        "thủ tục niêm yết rõ, mang đủ giấy tờ là làm được ngay",
        "nộp hồ sơ trực tuyến rồi lên ký là xong",
        "lệ phí niêm yết rõ ràng, nộp đúng như niêm yết",
        "hồ sơ không phải bổ sung lần nào",
    ),
    "staff": (
        "cán bộ hướng dẫn nhiệt tình, dễ hiểu",
        "cán bộ lịch sự, giải thích kỹ từng loại giấy",
        "thái độ phục vụ tận tình, niềm nở",
        "cán bộ kiên nhẫn hướng dẫn người cao tuổi",
    ),
    "result": (
        "nhận kết quả đúng hẹn, không phải đi lại",
        "trả kết quả sớm hơn giấy hẹn {early}",
        "kết quả gửi qua bưu điện về tận nhà",
        "có tin nhắn báo trước ngày trả kết quả",
    ),
    "feedback": (
        "góp ý lần trước đã được trả lời và sửa",
        "có số đường dây nóng niêm yết, gọi là có người nghe",
    ),
}

PRAISE_SPOKEN: Mapping[str, Sequence[str]] = {
    "access": ("nhanh gọn, không phải chờ", "chỗ ngồi mát, ok", "vào là có người tiếp ngay"),
    "procedure": ("thủ tục đơn giản", "làm một lần là xong", "giấy tờ ít, dễ làm"),
    "staff": ("cán bộ dễ thương lắm", "các bạn ở quầy nhiệt tình ghê", "cán bộ vui vẻ"),
    "result": ("đúng hẹn, tốt", "có kết quả sớm, mừng quá", "lấy kết quả nhanh"),
    "feedback": ("góp ý được trả lời nhanh", "gọi đường dây nóng là có người nghe"),
}

ASK: Mapping[str, Sequence[str]] = {
    "access": (
        "đề nghị bố trí thêm quầy vào sáng thứ Hai",
        "mong có thêm ghế cho người cao tuổi",
        "nên có mái che chỗ để xe",
    ),
    "procedure": (
        "nên niêm yết rõ danh mục giấy tờ và lệ phí",
        "mong có mẫu tờ khai điền sẵn",
        "đề nghị làm rõ khoản tiền tôi bị yêu cầu nộp thêm",
    ),
    "staff": ("mong Trung tâm chấn chỉnh thái độ cán bộ", "đề nghị lãnh đạo Trung tâm nhắc nhở"),
    "result": ("nếu chậm thì nên nhắn tin báo trước", "mong trả kết quả đúng hẹn"),
    "feedback": ("mong phản ánh được trả lời đúng hạn",),
}

VISITS = (
    "Tôi đến nộp hồ sơ {procedure}.",
    "Hôm nay đi làm {procedure} cho người nhà.",
    "Lần thứ hai tôi lên nộp hồ sơ {procedure}.",
    "Tôi lên nhận kết quả {procedure}.",
    "Đi bổ sung hồ sơ {procedure}.",
    "Tôi làm thủ tục {procedure} ở đây.",
    "Sáng nay tôi nộp hồ sơ {procedure}.",
)
PROCEDURES = (
    "cấp lại giấy khai sinh",
    "đăng ký hộ kinh doanh",
    "chuyển nhượng quyền sử dụng đất",
    "chứng thực bản sao",
    "đăng ký thường trú",
    "cấp giấy phép xây dựng",
    "đăng ký kết hôn",
    "cấp đổi giấy chứng nhận quyền sử dụng đất",
    "trợ cấp người có công",
    "đăng ký khai tử",
)
THANKS = (
    "Cảm ơn Trung tâm.",
    "Rất hài lòng.",
    "Mong Trung tâm giữ được như vậy.",
    "Sẽ giới thiệu cho người quen.",
    "Cảm ơn các cán bộ.",
    "Lần sau tôi sẽ lại đến đây.",
    "Tốt hơn nhiều so với trước.",
    "Trân trọng cảm ơn.",
)
SPOKEN_OPENERS = ("", "", "nói chung ", "lần này ", "hôm nay ", "thật sự là ", "nhìn chung ")
SPOKEN_ENDINGS = ("", "", "!", "!!", ", cảm ơn", " nhé", ", vậy thôi")
SPOKEN_GRIPES = ("", "", "!", "!!", " quá thể", ", chán", ", mệt thật", ", bực mình")
CONTACT = (
    "Đề nghị gọi lại cho tôi theo số {phone}.",
    "Tôi đã nộp bản sao CCCD {id_number} rồi mà vẫn bị yêu cầu nộp lại.",
)
FILL: Mapping[str, Sequence[str]] = {
    "wait": ("gần hai tiếng", "hơn một tiếng", "cả buổi sáng", "gần 90 phút", "hơn 45 phút"),
    "few": ("hai", "ba"),
    "hour": ("4 giờ chiều", "10 giờ 45", "11 giờ"),
    "times": ("hai lần", "ba lần", "mấy lần"),
    "late": ("ba ngày", "gần một tuần", "hai ngày", "hơn mười ngày"),
    "soon": ("vài phút", "chưa đến mười phút"),
    "early": ("một ngày", "hai ngày"),
}


def compose_comment(rng: np.random.Generator, scores: Mapping[str, int], overall: int) -> str:
    """A comment by a visitor who gave ``scores`` (factor → 1–5) and ``overall`` (1–5)."""
    worst, best = _extreme(rng, scores, lowest=True), _extreme(rng, scores, lowest=False)
    spoken = rng.random() < 0.3
    if overall >= 4:
        return _praise(rng, best, spoken)
    if spoken:
        text = _pick(rng, SPOKEN_OPENERS) + _pick(rng, COMPLAINT_SPOKEN[worst])
        if overall == 3 and rng.random() < 0.5:
            text = f"{_pick(rng, PRAISE_SPOKEN[best])} nhưng {text}"
        elif rng.random() < 0.4:
            text += ", " + _pick(rng, COMPLAINT_SPOKEN[_pick(rng, list(scores))])
        return text + _pick(rng, SPOKEN_GRIPES)
    sentences = []
    if rng.random() < 0.45:
        sentences.append(_pick(rng, VISITS).format(procedure=_pick(rng, PROCEDURES)))
    complaint = _fill(rng, _pick(rng, COMPLAINT[worst]))
    if overall == 3 and best != worst and rng.random() < 0.6:
        complaint = f"{_fill(rng, _pick(rng, PRAISE[best]))} nhưng {complaint}"
    sentences.append(_sentence(complaint))
    if rng.random() < 0.35:
        rest = {k: v for k, v in scores.items() if k != worst} or scores
        other = _extreme(rng, rest, lowest=True)
        if scores.get(other, 5) <= 2:
            sentences.append(_sentence("ngoài ra " + _fill(rng, _pick(rng, COMPLAINT[other]))))
    if rng.random() < 0.45:
        sentences.append(_sentence(_pick(rng, ASK[worst])))
    if overall <= 2 and rng.random() < 0.05:
        sentences.append(_contact(rng))
    return " ".join(sentences)


def _praise(rng: np.random.Generator, best: str, spoken: bool) -> str:
    if spoken:
        text = _pick(rng, SPOKEN_OPENERS) + _pick(rng, PRAISE_SPOKEN[best])
        if rng.random() < 0.4:
            text += ", " + _pick(rng, PRAISE_SPOKEN[_pick(rng, list(PRAISE_SPOKEN))])
        return text + _pick(rng, SPOKEN_ENDINGS)
    sentences = []
    if rng.random() < 0.45:
        sentences.append(_pick(rng, VISITS).format(procedure=_pick(rng, PROCEDURES)))
    sentences.append(_sentence(_fill(rng, _pick(rng, PRAISE[best]))))
    others = [f for f in PRAISE if f != best]
    if rng.random() < 0.45:
        also = others[int(rng.integers(len(others)))]
        sentences.append(_sentence(_fill(rng, _pick(rng, PRAISE[also]))))
    if rng.random() < 0.5:
        sentences.append(_pick(rng, THANKS))
    return " ".join(sentences)


def _extreme(rng: np.random.Generator, scores: Mapping[str, int], *, lowest: bool) -> str:
    """The factor rated lowest (or highest); ties drawn at random."""
    target = min(scores.values()) if lowest else max(scores.values())
    tied = [f for f in FACTORS if scores.get(f) == target]
    return tied[int(rng.integers(len(tied)))]


def _contact(rng: np.random.Generator) -> str:
    digits = "".join(str(d) for d in rng.integers(0, 10, 11))
    phone = f"09{digits[0]}{digits[1]} {digits[2:5]} {digits[5:8]}"
    return _pick(rng, CONTACT).format(phone=phone, id_number="0" + digits)


def _fill(rng: np.random.Generator, text: str) -> str:
    return text.format(**{key: _pick(rng, words) for key, words in FILL.items()})


def _sentence(text: str) -> str:
    return text[0].upper() + text[1:] + "."


def _pick(rng: np.random.Generator, choices: Sequence[str]) -> str:
    return choices[int(rng.integers(len(choices)))]
