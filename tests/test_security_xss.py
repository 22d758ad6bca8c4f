"""Stored XSS: what citizens and staff type comes back as text on every page that shows it.

Payloads go in through the real forms (a comment, a complaint's subject, body and
e-mail, staff notes, answers, destinations and reasons, a citizen's reason to reopen,
a counter's name, an account's name, a survey campaign's name); then every page of
the site is read as every role. No page may carry markup that came from a payload, and
each payload must show, escaped, where the product says it is shown, so the check
cannot pass because nothing was shown. ``{{7*7}}`` must stay itself, never 49.
"""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from flask import Flask
from flask.testing import FlaskClient
from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.test import TestResponse

from survey_app.core.clock import today_local
from survey_app.core.weeks import monday_of
from survey_app.manage.digest import build_digests
from survey_app.models import Complaint, ComplaintClass, PosterCode, SurveyCampaign
from tests.html import parse
from tests.site_forms import fill, page_forms
from tests.site_walk import CITIZEN, ROLES, STEPS, World, build_world, urls_for


def payload(tag: str) -> str:
    """Script, an attribute break-out, a template expression and a formula, named ``tag``."""
    html = '<script>alert(1)</script>"><img src=x onerror=alert(1)>'
    return f"=cmd|' /C calc'!A0{html}{{{{7*7}}}}#{tag}"


EMAIL = 'a@"><svg/onload=alert(1)>.vn'
# Where each payload must be seen (endpoint), besides pages that may show it too.
SHOWN = {
    "comment": {"manage.show_centre_week"},
    "subject": {"complaints.list_complaints", "complaints.show_complaint"},
    "body": {"complaints.show_complaint"},
    "note": {"complaints.show_complaint"},
    "answer": {"complaints.show_complaint", "complaints.show_status"},
    "reopen": {"complaints.show_complaint"},
    "reason": {"complaints.show_complaint"},
    "destination": {"complaints.show_complaint"},
    "counter": {"admin.list_counters", "staff.list_posters", "feedback.rate_poster"},
    "person": {"admin.list_users", "admin.edit_user", "complaints.show_complaint"},
    "campaign": {"survey.list_campaigns", "survey.show_campaign", "survey.answer_page"},
}


def injected(page: BeautifulSoup) -> list[str]:
    """Markup a payload could have planted: no page of ours has any of it."""
    found = [str(e)[:60] for e in page.select("script, img[src=x], iframe, object, embed")]
    for element in page.find_all(True):
        for name, value in element.attrs.items():
            if name.startswith("on"):
                found.append(f"{element.name}[{name}]")
            if name in ("href", "src", "action") and str(value).lower().startswith("javascript"):
                found.append(f"{element.name}[{name}={value}]")
    return found


def shown(page: BeautifulSoup) -> set[str]:
    """The payload tags whose whole payload the page shows, as text or attribute value."""
    texts = [page.get_text()]
    texts += [str(v) for e in page.find_all(True) for v in e.attrs.values()]
    return {tag for tag in SHOWN if any(payload(tag) in t for t in texts)}


def post_form(
    client: FlaskClient, url: str, changes: dict[str, str], action: str = ""
) -> TestResponse:
    """Submit the form on page ``url`` that posts to ``action`` (or to the page), changed."""
    target = action or url
    page = parse(client.get(url))
    (form,) = [f for f in page_forms(page) if (f.get("action") or url) == target]
    response = client.post(target, data=fill(form) | changes)
    assert response.status_code in (200, 302, 303), (target, response.status_code)
    return response


def plant_complaint(world: World, session: Session) -> Complaint:
    """A complaint raised on the web, taken to its answer by staff, then reopened."""
    citizen, admin = world.clients[CITIZEN], world.clients["admin"]
    post_form(
        citizen,
        f"/q/{world.poster_code}/phan-anh",
        {"subject": payload("subject"), "body": payload("body"), "email": EMAIL, "consent": "y"},
    )
    receipt = parse(citizen.get("/phan-anh/da-gui"))
    code, pin = (
        receipt.select_one("#tracking-code").get_text(),
        receipt.select_one("#pin").get_text(),
    )
    complaint = session.scalars(select(Complaint).filter_by(tracking_code=code)).one()
    base = f"/quan-ly/phan-anh/{complaint.id}"
    handler = world.users["handler"].id
    for action, data in (
        (
            "classify",
            {
                "classify-classification": ComplaintClass.REGULATION.value,
                "classify-note": payload("note"),
            },
        ),
        ("assign", {"assign-assignee": str(handler)}),
        ("start", {}),
        ("answer", {"answer-answer": payload("answer")}),
    ):
        response = admin.post(f"{base}/{action}", data=data)
        assert response.status_code == 303, (action, response.status_code)
    assert citizen.post("/phan-anh/tra-cuu", data={"code": code, "pin": pin}).status_code == 303
    reopen = f"/phan-anh/tra-cuu/{code}/mo-lai"
    post_form(citizen, f"/phan-anh/tra-cuu/{code}", {"reason": payload("reopen")}, reopen)
    # Answered again, so that the citizen's page shows an answer.
    response = admin.post(f"{base}/answer", data={"answer-answer": payload("answer")})
    assert response.status_code == 303, response.status_code
    # The world's complaints classified for rejection and for forwarding.
    rejected = world.complaint_ids[STEPS.index("reject")]
    forwarded = world.complaint_ids[STEPS.index("forward")]
    for url, data in (
        (f"/quan-ly/phan-anh/{rejected}/reject", {"reject-reason": payload("reason")}),
        (f"/quan-ly/phan-anh/{forwarded}/forward", {"forward-destination": payload("destination")}),
    ):
        assert admin.post(url, data=data).status_code == 303, url
    world.complaint_ids.append(complaint.id)
    world.tracking_code = code
    world.public_id = complaint.public_id
    return complaint


def plant_names(world: World) -> None:
    """A counter, an account and a survey campaign named by staff with payloads."""
    admin = world.clients["admin"]
    post_form(
        admin,
        "/quan-ly/quay/van-quan",
        {"name": payload("counter")},
        f"/quan-ly/quay/van-quan/{world.counter_id}/ten",
    )
    manager = world.users["manager"]
    post_form(
        admin,
        f"/quan-ly/tai-khoan/{manager.id}",
        {"full_name": payload("person"), "email": "quanly@example.vn"},
    )
    today = today_local()
    location = post_form(
        admin,
        "/quan-ly/khao-sat/moi",
        {
            "name": payload("campaign"),
            "period": f"{today.year}",
            "starts_on": (today - timedelta(days=1)).isoformat(),
            "ends_on": (today + timedelta(days=9)).isoformat(),
        },
    ).headers["Location"]
    campaign_id = int(location.rstrip("/").rsplit("/", 1)[-1])
    post_form(admin, location, {}, f"/quan-ly/khao-sat/{campaign_id}/chon-mau")
    post_form(admin, location, {"status": "open"}, f"/quan-ly/khao-sat/{campaign_id}/trang-thai")
    world.draft_campaign_id = campaign_id


@pytest.fixture
def planted(app: Flask, seeded: Session) -> World:
    """The world, with a payload in every field people type into and others read."""
    world = build_world(app, seeded)
    citizen = world.clients[CITIZEN]
    # The world's counter poster, so the citizen's form shows the counter's name.
    post_form(citizen, f"/q/{world.poster_code}", {"comment": payload("comment")})
    plant_complaint(world, seeded)
    plant_names(world)
    world.campaign_code = seeded.scalars(
        select(SurveyCampaign.code).where(SurveyCampaign.id == world.draft_campaign_id)
    ).one()
    return world


def extra_urls(world: World, session: Session) -> list[tuple[str, str]]:
    """Pages the walk's URLs miss: this week, every complaint, the counter's own poster."""
    counter_code = session.scalars(
        select(PosterCode.code).where(PosterCode.counter_id == world.counter_id)
    ).one()
    return [
        ("manage.show_centre_week", f"/quan-ly/trung-tam/van-quan?tuan={today_local()}"),
        ("complaints.list_complaints", "/quan-ly/phan-anh/?view=all"),
        ("feedback.rate_poster", f"/q/{counter_code}"),
    ]


def test_payloads_come_back_as_text_on_every_page(
    app: Flask, planted: World, seeded: Session
) -> None:
    urls = [
        (rule.endpoint, url)
        for rule in app.url_map.iter_rules()
        if "GET" in rule.methods
        for url in urls_for(app, rule, planted)
    ]
    seen: dict[str, set[str]] = {tag: set() for tag in SHOWN}
    problems = []
    for endpoint, url in urls + extra_urls(planted, seeded):
        for role in ROLES:
            response = planted.clients[role].get(url)
            if response.mimetype == "text/html" and response.data:
                page = parse(response)
                problems += [(endpoint, role, found) for found in injected(page)]
                for tag in shown(page):
                    seen[tag].add(endpoint)
            response.close()
    assert problems == []
    assert {tag: sorted(SHOWN[tag] - seen[tag]) for tag in SHOWN if SHOWN[tag] - seen[tag]} == {}


def test_the_revealed_contact_is_text(planted: World) -> None:
    complaint_id = planted.complaint_ids[-1]
    response = planted.clients["admin"].post(f"/quan-ly/phan-anh/{complaint_id}/lien-he")
    page = parse(response)
    assert injected(page) == []
    assert page.select_one("#contact-email").get_text() == EMAIL


def test_open311_never_carries_what_people_wrote(planted: World) -> None:
    citizen = planted.clients[CITIZEN]
    for url in ("/open311/v2/requests.json", f"/open311/v2/requests/{planted.public_id}.json"):
        response = citizen.get(url)
        assert response.mimetype == "application/json"
        assert planted.public_id in response.get_data(as_text=True)
        assert planted.tracking_code not in response.get_data(as_text=True)
        for fragment in ("<script", "onerror", "onload", "7*7", "cmd|"):
            assert fragment not in response.get_data(as_text=True), (url, fragment)


def test_the_managers_digest_shows_names_as_text(planted: World, seeded: Session) -> None:
    (digest,) = build_digests(seeded, monday_of(today_local()))
    page = BeautifulSoup(digest.html, "html.parser")
    assert injected(page) == []
    assert payload("person") in page.get_text()


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_exports_keep_formulas_as_text(planted: World, file_format: str) -> None:
    today = today_local()
    response = post_form(
        planted.clients["admin"],
        "/quan-ly/xuat-du-lieu",
        {
            "a-start": (today - timedelta(days=7)).isoformat(),
            "a-end": today.isoformat(),
            "a-file_format": file_format,
            "a-centres": str(planted.centre_id),
        },
        "/quan-ly/xuat-du-lieu/phieu",
    )
    assert response.status_code == 200
    if file_format == "csv":
        cells = [
            c for row in csv.reader(io.StringIO(response.data.decode("utf-8-sig"))) for c in row
        ]
    else:
        book = load_workbook(io.BytesIO(response.data))
        every = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
        # openpyxl reads a cell Excel would calculate as type "f".
        assert [c.coordinate for c in every if c.data_type == "f"] == []
        cells = [str(c.value) for c in every if c.value is not None]
    # The comment is there, kept as text by a leading apostrophe.
    assert [c for c in cells if c.endswith("#comment")] == ["'" + payload("comment")]
    assert [c for c in cells if c[:1] in ("=", "+", "-", "@")] == []
