"""Helpers of the monthly cycle in a browser: the world, signing in, reading, photographing.

The world is what the Department sets up before a month starts: the draft set loaded, the
Department's account, Justice's account leading criterion 2.1.1 (a percentage-bands rule:
≥ 100 % → 1.5 points, ≥ 90 % → 0.75, below → 0) and this month open for reports.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass, field
from datetime import timedelta
from io import BytesIO
from pathlib import Path

from playwright.sync_api import Browser, Page
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas
from sqlalchemy import select
from sqlalchemy.orm import Session

from survey_app.core.clock import today_local
from survey_app.models import Agency, CriterionSet, Role
from survey_app.tracker.assignments import save_assignment
from survey_app.tracker.draft_sets import load_draft
from survey_app.tracker.periods import open_period
from tests import factories
from tests.browser import PHONE
from tests.test_browser_staff_pages import HIDDEN_COLUMNS
from tests.tracker.conftest import agency_user, component

DESKTOP = {"width": 1280, "height": 900}
# Facts whose values are squeezed into a sliver beside long terms, and a table's row names
# squeezed to a word a line beside short numbers.
SQUEEZED = """() => [
  ...[...document.querySelectorAll('dl.facts dd')]
    .filter(dd => dd.getBoundingClientRect().width < 0.4 * dd.parentElement.clientWidth)
    .map(dd => dd.previousElementSibling.textContent.trim()),
  ...[...document.querySelectorAll('main table:not(.stacked) tbody tr > :first-child')]
    .filter(cell => cell.textContent.trim().includes(' '))
    .filter(cell => cell.getBoundingClientRect().width < 120)
    .map(cell => cell.textContent.trim()),
]"""
CODE = "2.1.1"
MENU = "nav.staff-bar"


@dataclass(frozen=True, slots=True)
class World:
    """The accounts that take part and the criterion reported on."""

    set_id: int
    department: str
    agency: str
    agency_name: str


def build_world(session: Session) -> World:
    """The draft set, the Department, Justice leading 2.1.1, this month open; commits."""
    load_draft(session)
    par = session.scalars(select(CriterionSet).filter_by(code="PAR-INDEX")).one()
    admin = factories.user(session, username="sonoivu", role=Role.DEPARTMENT, centre_keys=())
    justice = session.scalars(select(Agency).filter_by(code="so-tu-phap")).one()
    save_assignment(
        session,
        admin,
        component(par, CODE),
        lead=justice,
        supporting=[],
        deadline=None,
        product="Danh mục VBQPPL",
    )
    agency_user(session, justice, "tuphap")
    today = today_local()
    open_period(session, admin, par, today, today.replace(day=1) + timedelta(days=40))
    session.commit()
    return World(par.id, admin.username, "tuphap", justice.name)


def evidence_pdf(folder: Path) -> Path:
    """A real one-page PDF, as a scanner's software would write it (reportlab)."""
    out = BytesIO()
    canvas = Canvas(out, pagesize=A4)
    canvas.setTitle("Danh muc VBQPPL ban hanh")
    canvas.drawString(72, 760, "Danh muc van ban quy pham phap luat ban hanh trong thang")
    canvas.drawString(72, 740, "So Tu phap - Lang Son")
    canvas.showPage()
    canvas.save()
    path = folder / "danh-muc-vbqppl.pdf"
    path.write_bytes(out.getvalue())
    return path


def sign_in(browser: Browser, base: str, username: str) -> Page:
    """A desktop-sized page signed in as ``username``, on the page sign-in leads to."""
    page = browser.new_context(viewport=DESKTOP, locale="vi-VN").new_page()
    page.goto(f"{base}/dang-nhap")
    page.fill("#username", username)
    page.fill("#password", factories.PASSWORD)
    page.click("button.send")
    page.wait_for_url(lambda url: "/dang-nhap" not in url)
    return page


def menu(page: Page, label: str) -> None:
    """Follow the staff bar's entry ``label``, as a person would."""
    page.locator(MENU).get_by_role("link", name=label, exact=True).click()
    page.wait_for_load_state()


def beside_its_label(page: Page, input_id: str) -> bool:
    """Whether a check box or radio button is small and on its label's line, left of it."""
    box = page.locator(f"#{input_id}").bounding_box()
    label = page.locator(f"label[for='{input_id}']").bounding_box()
    assert box is not None, input_id
    assert label is not None, input_id
    middle = box["y"] + box["height"] / 2
    return (
        box["width"] <= 32
        and box["x"] + box["width"] <= label["x"]
        and label["y"] <= middle <= label["y"] + label["height"]
    )


def row(table: str, code: str = CODE) -> str:
    """The selector of criterion ``code``'s row in table ``table``."""
    return f"#{table} tbody tr[data-code='{code}']"


def number(text: str) -> float:
    """A number as the pages write it in Vietnamese (0,75)."""
    found = re.search(r"-?\d+(?:,\d+)?", text.replace(".", ""))
    assert found is not None, text
    return float(found.group().replace(",", "."))


@dataclass(frozen=True, slots=True)
class Standing:
    """What the overview says: the forecast total, and the criterion's warning if any."""

    total: float
    field_at_risk: float
    at_risk: float | None
    reason: str


def read_overview(page: Page) -> Standing:
    """Reach the overview through the menu and read the forecast and the warning."""
    menu(page, "Chỉ số CCHC: tổng quan")
    total = page.inner_text("#forecast-total").split(":", 1)[1]
    field_cells = page.locator("#fields tbody tr[data-code='2'] td")
    warning = page.locator(row("at-risk"))
    if warning.count() == 0:
        return Standing(number(total), number(field_cells.nth(2).inner_text()), None, "")
    cells = warning.locator("td")
    return Standing(
        number(total),
        number(field_cells.nth(2).inner_text()),
        number(cells.nth(3).inner_text()),
        cells.nth(4).inner_text(),
    )


@dataclass
class Shots:
    """Photographs of the key pages at both sizes, and what does not fit a phone."""

    folder: Path
    copy_to: Path | None = None
    problems: list[str] = field(default_factory=list)
    taken: list[Path] = field(default_factory=list)

    def take(self, page: Page, name: str) -> None:
        """Photograph ``page`` as it stands at 1280×900 and at 360×740; check the width."""
        page.set_viewport_size(PHONE)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            self.problems.append(f"{name} ({page.url}) is {width}px wide at 360")
        hidden = page.evaluate(HIDDEN_COLUMNS)
        if hidden:
            self.problems.append(f"{name}: at 360 {hidden} scroll with no hint")
        squeezed = page.evaluate(SQUEEZED)
        if squeezed:
            self.problems.append(f"{name}: at 360 {squeezed} are squeezed")
        self._save(page, f"cycle-{name}-360.png")
        page.set_viewport_size(DESKTOP)
        self._save(page, f"cycle-{name}-1280.png")

    def _save(self, page: Page, file_name: str) -> None:
        path = self.folder / file_name
        page.screenshot(path=path, full_page=True)
        self.taken.append(path)
        if self.copy_to is not None:
            self.copy_to.mkdir(parents=True, exist_ok=True)
            shutil.copy(path, self.copy_to / file_name)
