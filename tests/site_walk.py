"""A populated site and a walk over it, for the security tests.

``build_world`` fills the database with one of everything a page can show (accounts of
every role, a poster, a counter, a receipt code, complaints at every step, a held
message, survey campaigns) and signs a client in for each role; a citizen's client
holds a kiosk cookie and the right to see one complaint's status. ``urls_for`` turns
any rule of the URL map into concrete URLs on that world, and fails loudly on an
argument it does not know, so a new kind of route cannot slip past the walks.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace

from bs4 import Tag
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.routing import Rule
from werkzeug.test import TestResponse

from survey_app.api.keys import create_key
from survey_app.complaints.workflow import WorkflowRules
from survey_app.core.responses.tokens import KIOSK_COOKIE, issue_complaint_ref, issue_kiosk_cookie
from survey_app.extensions import db
from survey_app.models import (
    Agency,
    ApiScope,
    Base,
    CampaignStatus,
    ComplaintClass,
    ComplaintMessage,
    CriterionLevel,
    CriterionSet,
    JobStatus,
    Response,
    Role,
    User,
)
from survey_app.tracker.assignments import save_assignment
from survey_app.tracker.draft_sets import load_draft
from tests import factories
from tests.complaints.conftest import raise_complaint, walk
from tests.html import parse
from tests.site_forms import fill, page_forms
from tests.survey.conftest import sampled_campaign, set_populations
from tests.tracker.walk_cycle import CycleWorld, build_cycle

CITIZEN = "citizen"
# Who the walks act as, in the order they are tried: the citizen first, so a page that
# anyone may see is checked as the public sees it.
ROLES = (CITIZEN, "admin", "manager", "handler", "viewer")
# One complaint at each step, so that every action form of the workflow is on some page;
# a second one in progress, as answering and answer-and-close each use one up.
STEPS = ("received", "classify", "reject", "forward", "assign", "start", "answer", "settle")


@dataclass(slots=True)
class World:
    """What the walks point at: codes, ids, and a signed-in client per role."""

    users: dict[str, User]
    clients: dict[str, FlaskClient]
    poster_code: str
    receipt_codes: tuple[str, str]  # one for /r/, one for /R/: a POST uses a code up
    tracking_code: str
    campaign_code: str
    centre_id: int
    counter_id: int
    draft_campaign_id: int
    complaint_ids: list[int]
    message_id: int
    rating_ref: str
    public_id: str = ""  # the answered complaint's, as Open311 publishes it
    set_id: int = 0  # the draft PAR INDEX set of the criterion tracker
    criterion_id: int = 0  # one of its component criteria, assigned
    cycle: CycleWorld | None = None  # the monthly cycle: reports in each state, a task, a file
    api_key_id: int = 0  # a live API key, for the revoke page's form ...
    api_key: str = ""  # ... which the administrator's client also sends to the API
    job_ids: tuple[int, ...] = ()  # the administrator's report jobs: one done, one failed


def build_world(app: Flask, session: Session) -> World:
    """Everything a page can show, and a client for each role (CSRF must be off here)."""
    users = {
        role.value: factories.user(
            session,
            username=f"u-{role.value}",
            role=role,
            centre_keys=() if role is Role.ADMIN else ("van-quan",),
        )
        for role in (Role.ADMIN, Role.MANAGER, Role.HANDLER, Role.VIEWER)
    }
    # An account the administrator's forms may edit, disable and reset without harm.
    users["spare"] = factories.user(session, username="u-spare", role=Role.VIEWER)
    poster = factories.poster(session, counter_number=3)
    counter_id = poster.counter_id
    assert counter_id is not None
    plain_poster = factories.poster(session)
    complaint_ids = []
    handler = users["handler"]
    rules = WorkflowRules.from_config(app.config)
    tracking_code = pin = public_id = ""
    for step in STEPS:
        complaint, receipt = raise_complaint(session, subject=f"Phản ánh {step}")
        if step != "received":
            cls = {"reject": ComplaintClass.NOT_ACCEPTED, "forward": ComplaintClass.OUTSIDE_REMIT}
            until = step if step in ("classify", "assign", "start", "answer") else "classify"
            until = "start" if step == "settle" else until
            walk(
                session,
                complaint,
                rules,
                handler,
                until=until,
                cls=cls.get(step, ComplaintClass.REGULATION),
            )
        complaint_ids.append(complaint.id)
        if step == "answer":
            tracking_code, pin = receipt.tracking_code, receipt.pin or ""
            public_id = complaint.public_id
    message_id = session.scalar(select(ComplaintMessage.id).order_by(ComplaintMessage.id))
    assert message_id is not None, "the answered complaint should have a held message"
    set_populations(session)
    campaign = sampled_campaign(session)
    # A draft with its sample drawn shows both the draw form and the status form.
    draft = sampled_campaign(session, status=CampaignStatus.DRAFT)
    response_id = factories.pulse_response(session, comment="Cán bộ nhiệt tình")
    world = World(
        users=users,
        clients={},
        poster_code=plain_poster.code,
        receipt_codes=(factories.receipt_code(session), factories.receipt_code(session)),
        tracking_code=tracking_code,
        campaign_code=campaign.code,
        centre_id=factories.centre(session).id,
        counter_id=counter_id,
        draft_campaign_id=draft.id,
        complaint_ids=complaint_ids,
        message_id=message_id,
        rating_ref=issue_complaint_ref(
            session.scalar(select(Response.submission_id).where(Response.id == response_id))
        ),
    )
    world.set_id, world.criterion_id = _tracker(session, users["admin"])
    world.cycle = build_cycle(
        session,
        users["admin"],
        session.get_one(CriterionSet, world.set_id),
        session.scalars(select(Agency).filter_by(code="so-noi-vu")).one(),
    )
    new_key = create_key(
        session,
        users["admin"],
        system_name="Walk",
        scopes=list(ApiScope),
        centres=[factories.centre(session)],
        all_centres=False,
    )
    world.api_key_id, world.api_key = new_key.key.id, new_key.plain
    world.job_ids = tuple(
        factories.report_job(session, users["admin"], status=status).id
        for status in (JobStatus.DONE, JobStatus.FAILED)
    )
    world.clients = {role: sign_in(app, world, role, pin) for role in ROLES}
    world.public_id = public_id
    return world


def _tracker(session: Session, admin: User) -> tuple[int, int]:
    """The draft criterion sets and agencies; one component criterion assigned."""
    load_draft(session)
    par = session.scalars(select(CriterionSet).filter_by(code="PAR-INDEX")).one()
    component = next(c for c in par.criteria if c.level is CriterionLevel.COMPONENT)
    lead = session.scalars(select(Agency).filter_by(code="so-noi-vu")).one()
    save_assignment(
        session, admin, component, lead=lead, supporting=[], deadline=None, product="Kế hoạch"
    )
    return par.id, component.id


def sign_in(app: Flask, world: World, role: str, pin: str = "") -> FlaskClient:
    """A client for ``role``; the citizen's is a kiosk that has given a complaint's PIN."""
    client = app.test_client()
    if role != CITIZEN:
        factories.log_in(client, world.users[role])
        if role == Role.ADMIN.value:
            # The API's keyed endpoints answer a key, not a cookie.
            client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {world.api_key}"
        return client
    client.set_cookie(KIOSK_COOKIE, issue_kiosk_cookie(world.poster_code))
    response = client.post("/phan-anh/tra-cuu", data={"code": world.tracking_code, "pin": pin})
    assert response.status_code == 303, response.status_code
    return client


def _values(rule: Rule, world: World) -> Iterator[dict[str, object]]:
    """Every combination of argument values worth visiting for ``rule``."""
    endpoint = rule.endpoint
    choices: dict[str, list[object]] = {}
    for name in sorted(rule.arguments):
        converter = rule._converters[name]
        items = getattr(converter, "items", None)
        if items is not None:  # an any() converter: every allowed value
            choices[name] = sorted(items)
        else:
            choices[name] = _argument(endpoint, name, world)
    combos: list[dict[str, object]] = [{}]
    for name, options in choices.items():
        combos = [{**c, name: o} for c in combos for o in options]
    yield from combos


def _argument(endpoint: str, name: str, world: World) -> list[object]:
    if name == "code":
        if endpoint.startswith("survey."):
            return [world.campaign_code]
        if "receipt" in endpoint:
            return [world.receipt_codes[endpoint.endswith("_upper")]]
        if endpoint in (
            "complaints.show_status",
            "complaints.reopen_complaint",
        ):
            return [world.tracking_code]
        return [world.poster_code]
    known: dict[str, list[object]] = {
        "key": ["van-quan"],
        "centre": ["van-quan"],
        "key_id": [world.api_key_id],
        "page": [1],
        "centre_id": [world.centre_id],
        "ref": [world.rating_ref],
        "campaign_id": [world.draft_campaign_id],
        "user_id": [world.users["spare"].id],
        "counter_id": [world.counter_id],
        "complaint_id": list(world.complaint_ids),
        "message_id": [world.message_id],
        "filename": ["css/site.css"],
        "public_id": [world.public_id],
        "set_id": [world.set_id],
        "criterion_id": [world.criterion_id, *(world.cycle.criterion_ids if world.cycle else [])],
        "report_id": [world.cycle.report_id if world.cycle else 0],
        "task_id": [world.cycle.task_id if world.cycle else 0],
        "file_id": [world.cycle.file_id if world.cycle else 0],
        "label": ["2026-Q3"],
        "job_id": list(world.job_ids),
        "number": [1],
        "agency_id": [world.cycle.agency_id if world.cycle else 0],
    }
    if name not in known:
        raise KeyError(f"the security walk does not know URL argument {name!r} of {endpoint}")
    return known[name]


def urls_for(app: Flask, rule: Rule, world: World) -> list[str]:
    """Concrete URLs for ``rule`` on the world."""
    adapter = app.url_map.bind("localhost")
    return [adapter.build(rule.endpoint, values) for values in _values(rule, world)]


def is_refused(response: TestResponse) -> bool:
    """Sent to sign in, or told it may not."""
    if response.status_code in (401, 403):
        return True
    return response.status_code == 302 and "/dang-nhap" in response.headers.get("Location", "")


def fingerprint() -> dict[str, list[str]]:
    """Every row of every table, to show that a refused request changed nothing."""
    rows: dict[str, list[str]] = {}
    with db.engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            rows[table.name] = sorted(repr(tuple(r)) for r in connection.execute(table.select()))
    return rows


# Forms that end the signed-in session or change its password go last, so the walk
# keeps its sessions for every other form.
LAST = ("admin.change_password", "auth.log_out")


@dataclass(frozen=True, slots=True)
class FoundForm:
    """A POST form met on a page: who saw it, where, and where it posts."""

    endpoint: str
    role: str
    page_url: str
    action: str
    fields: tuple[str, ...]
    # The same kind of form on other pages (another complaint at the same step), tried in
    # turn when an earlier form has moved this page's object on.
    spares: tuple[tuple[str, str], ...] = ()

    def fetch(self, client: FlaskClient) -> Tag:
        """The form, from a fresh copy of its page."""
        form = self.find(client)
        if form is None:
            raise AssertionError(f"{self.action} is no longer on {self.page_url}")
        return form

    def find(self, client: FlaskClient) -> Tag | None:
        """The form, from a fresh copy of its page, or None if the page no longer has it."""
        for page_url, action in ((self.page_url, self.action), *self.spares):
            response = client.get(page_url)
            if response.status_code != 200 or response.mimetype != "text/html":
                continue
            for form in page_forms(parse(response)):
                if (form.get("action") or page_url) == action:
                    return form
        return None


@dataclass(frozen=True, slots=True)
class Visit:
    """One GET of one URL by one role, and what came back."""

    endpoint: str
    url: str
    role: str
    response: TestResponse

    @property
    def served(self) -> bool:
        """True when the role was let in (a missing object may still be "not found")."""
        return not is_refused(self.response)


def visit_every_page(app: Flask, world: World, roles: tuple[str, ...] = ROLES) -> Iterator[Visit]:
    """Every GET URL of the URL map, asked by each role in turn until one is served."""
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.endpoint):
        if "GET" not in rule.methods:
            continue
        for url in urls_for(app, rule, world):
            for role in roles:
                visit = Visit(rule.endpoint, url, role, world.clients[role].get(url))
                yield visit
                if visit.served:
                    break


def discover_forms(app: Flask, world: World, roles: tuple[str, ...] = ROLES) -> list[FoundForm]:
    """Every kind of POST form on every page any role can open, logout last.

    Forms count as one kind when they post to the same endpoint with the same
    non-numeric arguments: each complaint step is its own kind, each complaint is not.
    """
    adapter = app.url_map.bind("localhost")
    found: dict[tuple[str, tuple[object, ...]], FoundForm] = {}
    for visit in visit_every_page(app, world, roles):
        if not visit.served or visit.response.mimetype != "text/html":
            continue
        for form in page_forms(parse(visit.response)):
            action = form.get("action") or visit.url
            endpoint, args = adapter.match(action.split("?")[0], method="POST")
            kind = tuple(sorted((k, v) for k, v in args.items() if not isinstance(v, int)))
            fields = tuple(sorted(fill(form)))
            known = found.get((endpoint, kind))
            if known is None:
                found[(endpoint, kind)] = FoundForm(endpoint, visit.role, visit.url, action, fields)
            elif known.role == visit.role and action != known.action:
                spares = (*known.spares, (visit.url, action))
                found[(endpoint, kind)] = replace(known, spares=spares)
    return sorted(
        found.values(), key=lambda f: LAST.index(f.endpoint) if f.endpoint in LAST else -1
    )
