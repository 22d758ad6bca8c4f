"""A page's forms filled in as a person would, for the walks over the site (site_walk)."""

from __future__ import annotations

from bs4 import BeautifulSoup, Tag

from survey_app.core.clock import today_local
from tests import factories

# Text the walk types where a field's markup does not say what it takes.
FIELD_SAMPLES = {"period": "2026-Q4", "username": "thu-nghiem", "receipt_code": "K7M2Q-X4B9A"}


def fill(form: Tag) -> dict[str, str | list[str]]:
    """A plausible submission of ``form``, as a person would send it.

    What the page filled in stays; required fields get a sample value of their type;
    numeric answer boxes get "1" (a valid code on every scale); optional free text,
    phone and e-mail stay empty, as does the honeypot people never see.
    """
    data: dict[str, str | list[str]] = {}
    for element in form.select("input[name], textarea[name], select[name]"):
        if element.find_parent(attrs={"aria-hidden": "true"}):
            continue
        name = element["name"]
        kind = element.get("type", "text") if element.name == "input" else element.name
        if kind in ("radio", "checkbox"):
            if name not in data and (kind == "radio" or element.has_attr("checked")):
                data[name] = element.get("value", "on")
        elif kind == "select":
            values = [o.get("value", o.get_text()) for o in element.select("option")]
            chosen = [o.get("value", "") for o in element.select("option[selected]")]
            if chosen and not (chosen[0] == "" and element.has_attr("required")):
                data[name] = chosen[0]
            else:  # nothing chosen yet, or a required "— Chọn … —": a person picks the first
                data[name] = next((v for v in values if v), "")
        elif kind == "textarea":
            data[name] = element.get_text().strip() or "Nội dung thử nghiệm"
        else:
            data[name] = element.get("value") or _sample(name, kind, element)
    # A group of check boxes where one must be ticked (the page marks its fieldset
    # data-choose-some): a person ticks the first.
    for group in form.select("fieldset[data-choose-some]"):
        box = group.select_one("input[type=checkbox][name]")
        if box is not None and box["name"] not in data:
            data[box["name"]] = box.get("value", "on")
    for button in form.select("button[name]"):
        data.setdefault(button["name"], button.get("value", ""))
    return data


def _sample(name: str, kind: str, element: Tag) -> str:
    numeric = kind == "number" or element.get("inputmode") == "numeric"
    if numeric:
        return element.get("min") or "1" * int(element.get("maxlength", 1))
    if kind == "password":
        return factories.PASSWORD if name == "current" else "Mật-khẩu-mới-2026!"
    if not element.has_attr("required"):
        return ""
    if kind == "date":
        return today_local().isoformat()
    if kind == "email":
        return "thu.nghiem@example.vn"
    return FIELD_SAMPLES.get(name, f"Thử {name}")[: int(element.get("maxlength", 200))]


def page_forms(page: BeautifulSoup) -> list[Tag]:
    """The page's POST forms."""
    return [f for f in page.select("form") if f.get("method", "get").lower() == "post"]
