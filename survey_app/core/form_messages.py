"""WTForms' own messages ("This field is required.") in Vietnamese, and in English on request.

WTForms ships no Vietnamese catalogue, and its messages are English text. Here each one
has a Vietnamese msgid of ours, so it goes through the same catalogue as every other
string: Vietnamese by default, English from ``messages.po``. Flask-WTF looks for a
request's WTForms translations in ``request.wtforms_translations`` before loading its
own; ``survey_app.request_guard.AppRequest`` puts ``TRANSLATIONS`` there.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

# WTForms 3's messages (its wtforms.pot); singular forms stand for their plurals, as
# Vietnamese nouns have no plural.
MESSAGES = {
    "Invalid field name '%s'.": _l("Tên trường '%s' không hợp lệ."),
    "Field must be equal to %(other_name)s.": _l("Trường này phải giống %(other_name)s."),
    "Field must be at least %(min)d character long.": _l("Xin nhập ít nhất %(min)d ký tự."),
    "Field cannot be longer than %(max)d character.": _l("Tối đa %(max)d ký tự."),
    "Field must be exactly %(max)d character long.": _l("Xin nhập đúng %(max)d ký tự."),
    "Field must be between %(min)d and %(max)d characters long.": _l(
        "Xin nhập từ %(min)d đến %(max)d ký tự."
    ),
    "Number must be at least %(min)s.": _l("Số phải từ %(min)s trở lên."),
    "Number must be at most %(max)s.": _l("Số không được lớn hơn %(max)s."),
    "Number must be between %(min)s and %(max)s.": _l("Số phải từ %(min)s đến %(max)s."),
    "Date must be at least %(min)s.": _l("Ngày phải từ %(min)s trở đi."),
    "Date must be at most %(max)s.": _l("Ngày không được sau %(max)s."),
    "Date must be between %(min)s and %(max)s.": _l("Ngày phải từ %(min)s đến %(max)s."),
    "This field is required.": _l("Xin điền vào ô này."),
    "Invalid input.": _l("Giá trị không hợp lệ."),
    "Invalid email address.": _l("Thư điện tử chưa đúng dạng."),
    "Invalid IP address.": _l("Địa chỉ IP không hợp lệ."),
    "Invalid Mac address.": _l("Địa chỉ MAC không hợp lệ."),
    "Invalid URL.": _l("Địa chỉ web không hợp lệ."),
    "Invalid UUID.": _l("Mã UUID không hợp lệ."),
    "Invalid value, must be one of: %(values)s.": _l(
        "Giá trị không hợp lệ, phải là một trong: %(values)s."
    ),
    "Invalid value, can't be any of: %(values)s.": _l(
        "Giá trị không hợp lệ, không được là: %(values)s."
    ),
    "This field cannot be edited.": _l("Không được sửa ô này."),
    "This field is disabled and cannot have a value.": _l("Ô này đã bị khóa, không nhận giá trị."),
    "Invalid CSRF Token.": _l("Mã bảo vệ biểu mẫu không hợp lệ. Xin tải lại trang."),
    "CSRF token missing.": _l("Thiếu mã bảo vệ biểu mẫu. Xin tải lại trang."),
    "CSRF failed.": _l("Mã bảo vệ biểu mẫu không hợp lệ. Xin tải lại trang."),
    "CSRF token expired.": _l("Mã bảo vệ biểu mẫu đã hết hạn. Xin tải lại trang."),
    "Invalid Choice: could not coerce.": _l("Lựa chọn không hợp lệ."),
    "Choices cannot be None.": _l("Lựa chọn không hợp lệ."),
    "Not a valid choice.": _l("Lựa chọn không hợp lệ."),
    "Invalid choice(s): one or more data inputs could not be coerced.": _l(
        "Có lựa chọn không hợp lệ."
    ),
    "'%(value)s' is not a valid choice for this field.": _l(
        "'%(value)s' không phải là lựa chọn hợp lệ của ô này."
    ),
    "Not a valid datetime value.": _l("Ngày giờ chưa đúng dạng."),
    "Not a valid date value.": _l("Ngày chưa đúng dạng."),
    "Not a valid time value.": _l("Giờ chưa đúng dạng."),
    "Not a valid week value.": _l("Tuần chưa đúng dạng."),
    "Not a valid integer value.": _l("Xin nhập một số nguyên."),
    "Not a valid decimal value.": _l("Xin nhập một số."),
    "Not a valid float value.": _l("Xin nhập một số."),
}


class WTFormsTranslations:
    """What WTForms (through Flask-WTF) asks to translate its messages."""

    def ugettext(self, string: str) -> str:
        found = MESSAGES.get(string)
        return str(found) if found is not None else string

    def ungettext(self, singular: str, plural: str, n: int) -> str:
        return self.ugettext(singular)

    gettext = ugettext
    ngettext = ungettext


TRANSLATIONS = WTFormsTranslations()
