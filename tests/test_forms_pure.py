"""The forms work without Flask: plain data in, answers out, text in the installed language."""

from __future__ import annotations

from datetime import date

import pytest
from markupsafe import Markup, escape
from werkzeug.datastructures import MultiDict

from forms import dates, text
from forms.feedback import build_pulse_form
from forms.paper import build_paper_form
from forms.question_fields import accepted_codes
from forms.questions import Choice, FormQuestion
from forms.text import lazy_text
from forms.tracker_cycle import ReportForm

SCALE = FormQuestion(
    "staff.general",
    "scale",
    "Cán bộ",
    choices=(Choice("1", "Rất không hài lòng"), Choice("5", "Rất hài lòng")),
    not_applicable=True,
)
COMMENT = FormQuestion("comment", "text", "Góp ý", max_length=20)
VAN_QUAN = (7, "xã Văn Quan", "Trung tâm Phục vụ hành chính công xã Văn Quan")


@pytest.fixture
def today(monkeypatch: pytest.MonkeyPatch) -> date:
    day = date(2026, 12, 2)
    monkeypatch.setitem(dates._installed, "today", lambda: day)
    return day


def test_a_paper_slip_is_read_without_an_app(today: date) -> None:
    form_class = build_paper_form([SCALE, COMMENT], [VAN_QUAN])
    data = {"centre": "7", "visit_date": "2026-12-01", "staff-general": "0", "comment": " Tốt "}
    form = form_class(MultiDict(data))
    assert form.validate(), form.errors
    assert form.answers() == {"staff.general": None}
    assert form.texts() == {"comment": "Tốt"}
    assert accepted_codes(SCALE) == ["1", "5", "0"]


def test_a_mistyped_code_and_a_future_date_are_the_fields_errors(today: date) -> None:
    form_class = build_paper_form([SCALE], [VAN_QUAN])
    form = form_class(MultiDict({"centre": "7", "visit_date": "2026-12-03", "staff-general": "4"}))
    assert not form.validate()
    assert set(form.errors) == {"visit_date", "staff-general"}
    assert form.answers() == {}


def test_a_paper_slip_has_no_centre_until_one_is_chosen(today: date) -> None:
    form_class = build_paper_form([SCALE], [VAN_QUAN])
    form = form_class(MultiDict({"centre": "", "visit_date": "2026-12-01", "staff-general": "5"}))
    assert not form.validate()
    assert form.errors["centre"] == ["Xin chọn trung tâm ghi trên phiếu."]
    blank, van_quan = form.centre.iter_choices()
    assert blank.value == ""
    assert blank.selected
    assert (van_quan.label, van_quan.render_kw) == ("xã Văn Quan", {"title": VAN_QUAN[2]})


def test_the_feedback_form_offers_not_applicable_and_refuses_other_values() -> None:
    form_class = build_pulse_form([SCALE])
    offered = form_class(MultiDict())["staff-general"].choices
    assert [c.value for c in offered] == ["1", "5", "na"]
    form = form_class(MultiDict({"staff-general": "3"}))
    assert not form.validate()
    assert form.errors["staff-general"] == ["Câu trả lời này không có trong các lựa chọn."]
    assert form_class(MultiDict({"staff-general": "na"})).answers() == {"staff.general": None}


def test_lazy_text_is_translated_each_time_it_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    label = lazy_text("Tối đa %(max)d ký tự.", max=20)
    monkeypatch.setitem(text._installed, "translator", lambda s, **v: (s % v).upper())
    assert str(label) == "TỐI ĐA 20 KÝ TỰ."
    monkeypatch.setitem(text._installed, "translator", lambda s, **v: f"At most {v['max']}.")
    assert str(label) == "At most 20."
    # In a template it reads as the catalogue's text, like Flask-Babel's lazy strings.
    assert escape(label) == Markup("At most 20.")


@pytest.mark.parametrize(
    ("typed", "read"),
    [("87,5", 87.5), ("1.234,5", 1234.5), ("87.5", 87.5), (" 95 ", 95.0), ("0,75", 0.75)],
)
def test_a_measured_value_is_read_as_vietnamese_writes_it(typed: str, read: float) -> None:
    form = ReportForm(MultiDict({"progress": "on_track", "value_number": typed}))
    form.validate()
    assert "value_number" not in form.errors
    assert form.value_number.data == read


def test_a_value_that_is_no_number_is_the_fields_error() -> None:
    form = ReportForm(MultiDict({"progress": "on_track", "value_number": "87,5%"}))
    form.validate()
    assert form.errors["value_number"]
