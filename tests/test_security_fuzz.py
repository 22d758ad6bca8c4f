"""Fuzzing every public endpoint and form: never a server error, nothing invalid stored.

The endpoints and forms are not listed by hand: the public ones are those the URL map
serves to a citizen (a browser without an account, turned into a kiosk, that has given
a complaint's PIN), and their forms are read from the pages themselves. Path arguments,
query strings and bodies (form-encoded, multipart, JSON, raw bytes) get text with
control characters and NUL, long and oversized strings, any Unicode, and SQL, HTML,
template and spreadsheet fragments.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from urllib.parse import quote

import pytest
from bs4 import Tag
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import Phase, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from werkzeug.datastructures import MultiDict
from werkzeug.routing import IntegerConverter, Rule

from survey_app.models import Answer, Complaint, ComplaintEvent, Question, Response, SurveyDraft
from survey_app.request_guard import FILE_ENDPOINTS, file_fields, repeatable_fields
from survey_app.survey.pages import survey_questionnaire
from tests.fuzz_inputs import CONTROL, FUZZ, nasty_text, queries
from tests.site_forms import fill
from tests.site_walk import (
    CITIZEN,
    FoundForm,
    World,
    build_world,
    discover_forms,
    fingerprint,
    is_refused,
    urls_for,
)
from tests.test_fuzz import assert_every_stored_answer_is_valid

ENCODINGS = ("form", "multipart", "json", "raw")


@dataclass(frozen=True, slots=True, repr=False)
class Site:
    """The world, with what a citizen can reach of it."""

    app: Flask
    world: World
    rules: list[Rule]
    forms: list[FoundForm]

    @property
    def citizen(self) -> FlaskClient:
        return self.world.clients[CITIZEN]

    def __repr__(self) -> str:  # shown with every falsifying example: keep it short
        return f"Site({len(self.rules)} public rules, {len(self.forms)} public forms)"

    def _repr_pretty_(self, printer: object, cycle: bool) -> None:  # Hypothesis's printer
        printer.text(repr(self))  # type: ignore[attr-defined]


@pytest.fixture
def site(app: Flask, seeded: Session) -> Site:
    world = build_world(app, seeded)
    citizen = world.clients[CITIZEN]
    rules = [
        rule
        for rule in app.url_map.iter_rules()
        if any(
            not is_refused(citizen.open(url, method=_method(rule)))
            for url in urls_for(app, rule, world)
        )
    ]
    forms = discover_forms(app, world, roles=(CITIZEN,))
    return Site(app, world, sorted(rules, key=lambda r: r.endpoint), forms)


def _method(rule: Rule) -> str:
    return "GET" if "GET" in rule.methods else "POST"


def test_the_fuzzing_reaches_every_public_endpoint_and_form(site: Site) -> None:
    public = {r.endpoint for r in site.rules}
    # A few of the citizen's pages, so that the list derived from the URL map is not empty.
    assert {"complaints.raise_at_centre", "survey.answer_page", "feedback.rate_at_kiosk"} <= public
    posting = {r.endpoint for r in site.rules if "POST" in r.methods}
    # Every public POST endpoint has a form on a public page, so its fields get fuzzed.
    assert sorted(posting - {f.endpoint for f in site.forms}) == []


def assert_nothing_invalid_stored(session: Session) -> None:
    """Complaints, answers, responses and drafts are all as the forms allow."""
    session.expire_all()
    assert_every_stored_answer_is_valid(session)
    for text in session.scalars(select(Answer.text).where(Answer.text.is_not(None))):
        assert not _has_control(text), repr(text[:50])
    empty = select(Response.id).where(~Response.answers.any())
    assert session.scalars(empty).all() == []
    for complaint in session.scalars(select(Complaint)):
        for text, limit in ((complaint.subject, 200), (complaint.body, 4000)):
            assert text.strip() == text, repr(text[:50])
            assert 0 < len(text) <= limit, repr(text[:50])
            assert not _has_control(text), repr(text[:50])
    for note in session.scalars(select(ComplaintEvent.note)):
        assert not _has_control(note), repr(note[:50])
    _assert_drafts_are_valid(session)


def _has_control(text: str) -> bool:
    return any(c in CONTROL and c not in "\t\n\r" for c in text)


def _assert_drafts_are_valid(session: Session) -> None:
    if not session.scalar(select(func.count()).select_from(SurveyDraft)):
        return
    questionnaire = survey_questionnaire(session)
    questions = {
        q.key: q
        for q in session.scalars(
            select(Question).filter_by(instrument_id=questionnaire.instrument_id)
        )
    }
    for draft in session.scalars(select(SurveyDraft)):
        for key, value in draft.answers.items():
            question = questions[key]
            if isinstance(value, str):
                assert value.strip(), key
                assert not _has_control(value), key
                assert len(value) <= 2000, key
            elif value is None:
                assert question.not_applicable, key
            elif question.answer_type != "commune":
                assert value in (question.allowed_values or []), (key, value)


@dataclass(frozen=True, slots=True)
class UrlFuzz:
    """One example's inputs, tried on every public endpoint: arguments and a query."""

    real_arguments: bool
    text: str
    number: int
    query: dict[str, str]

    def url(self, site: Site, rule: Rule) -> str:
        """``rule`` with the world's real arguments or this example's, and the query."""
        if self.real_arguments:
            url = urls_for(site.app, rule, site.world)[0]
        else:
            values: dict[str, object] = {}
            for name in rule.arguments:
                converter = rule._converters[name]
                if isinstance(converter, IntegerConverter):
                    values[name] = self.number
                elif hasattr(converter, "items"):  # any(): only its values route at all
                    values[name] = sorted(converter.items)[0]
                else:
                    values[name] = self.text
            url = site.app.url_map.bind("localhost").build(rule.endpoint, values)
        if self.query:
            url += "?" + "&".join(f"{_quote(k)}={_quote(v[:3000])}" for k, v in self.query.items())
        return url


def _quote(text: str) -> str:
    return quote(text.encode("utf-8", "surrogatepass"), safe="")


url_fuzz = st.builds(
    UrlFuzz,
    st.booleans(),
    nasty_text.filter(lambda t: 0 < len(t) < 3000),
    st.one_of(st.integers(0, 2**80), st.sampled_from([0, 2**31 - 1, 2**31, 2**63])),
    queries,
)


# No shrinking: every example walks all public endpoints, so shrinking a failure would
# take minutes; the failure names its endpoint and URL already.
@settings(FUZZ, max_examples=20, phases=[Phase.explicit, Phase.reuse, Phase.generate])
@given(fuzz=url_fuzz)
def test_every_public_url_survives_fuzzed_paths_and_queries(
    site: Site, seeded: Session, fuzz: UrlFuzz
) -> None:
    errors = []
    for rule in site.rules:
        url = fuzz.url(site, rule)
        # POST too where only GET is routed (Open311 is read-only): 405, not an error.
        for method in sorted((rule.methods | {"POST"}) - {"HEAD", "OPTIONS"}):
            response = site.citizen.open(url, method=method)
            if response.status_code >= 500:
                errors.append((rule.endpoint, method, url[:200], response.status_code))
    assert errors == []
    assert_nothing_invalid_stored(seeded)


def body_for(encoding: str, fields: dict[str, object]) -> dict[str, object]:
    """Keyword arguments for the test client that send ``fields`` encoded so."""
    if encoding == "json":
        return {"json": fields}
    if encoding == "raw":
        raw = "&".join(f"{k}={v}" for k, v in fields.items()).encode("utf-8", "surrogatepass")
        return {"data": raw, "content_type": "application/x-www-form-urlencoded; charset=latin-1"}
    text = {k: v if isinstance(v, str) else json.dumps(v) for k, v in fields.items()}
    # The test client spools a large multipart body to a temporary file it never closes,
    # so oversized bodies go form-encoded only.
    if encoding == "multipart" and sum(map(len, map(str, text.values()))) < 100_000:
        return {"data": text, "content_type": "multipart/form-data"}
    return {"data": text}


field_values = st.one_of(
    nasty_text,
    st.lists(st.sampled_from(["1", "5", "na", "x"]), max_size=3),
    st.integers(-(2**70), 2**70),
    st.none(),
    st.booleans(),
)


@FUZZ
@given(data=st.data())
def test_every_public_form_survives_anything(
    site: Site, seeded: Session, data: st.DataObject
) -> None:
    found = data.draw(st.sampled_from(site.forms), label="form")
    # Mostly what the page holds (its tokens included) with a few fields changed, when the
    # page still has the form: a reopened complaint, for one, no longer offers reopening.
    page_form = found.find(site.citizen) if data.draw(st.booleans(), label="base") else None
    base = fill(page_form) if page_form is not None else {}
    names = st.sampled_from(found.fields)
    changes = data.draw(
        st.dictionaries(st.one_of(names, names, st.text(max_size=20)), field_values, max_size=4),
        label="changes",
    )
    fields = {**base, **changes}
    if data.draw(st.booleans(), label="drop a field"):
        fields.pop(data.draw(names, label="dropped"), None)
    encoding = data.draw(st.sampled_from(ENCODINGS), label="encoding")
    if encoding != "json":
        fields = {k: v for k, v in fields.items() if isinstance(v, str | list)}
    response = site.citizen.post(found.action, **body_for(encoding, fields))
    assert response.status_code < 500, (found.endpoint, encoding, response.status_code)
    assert_nothing_invalid_stored(seeded)


def text_fields(form: Tag) -> list[str]:
    """The names of the free-text fields people see (not the honeypot)."""
    return [
        element["name"]
        for element in form.select("textarea[name], input[name]")
        if element.name == "textarea" or element.get("type", "text") == "text"
        if not element.find_parent(attrs={"aria-hidden": "true"})
    ]


@settings(FUZZ, max_examples=15)
@given(value=nasty_text)
def test_what_citizens_type_is_stored_only_as_clean_text(
    site: Site, seeded: Session, value: str
) -> None:
    for found in site.forms:
        form = found.find(site.citizen)
        if form is None:
            continue
        data = fill(form) | dict.fromkeys(text_fields(form), value)
        response = site.citizen.post(found.action, data=data)
        assert response.status_code < 500, (found.endpoint, response.status_code)
    assert_nothing_invalid_stored(seeded)


@settings(FUZZ, max_examples=10)
@given(
    value=st.one_of(st.integers(), st.booleans(), st.none(), st.lists(st.integers()), nasty_text)
)
def test_no_public_form_is_confused_by_json(site: Site, seeded: Session, value: object) -> None:
    for found in site.forms:
        page_form = found.find(site.citizen)
        fields = {**(fill(page_form) if page_form is not None else {})}
        fields |= dict.fromkeys(found.fields, value)
        response = site.citizen.post(found.action, json=fields)
        assert response.status_code < 500, (found.endpoint, response.status_code)
    assert_nothing_invalid_stored(seeded)


@pytest.fixture
def every_form(site: Site) -> list[FoundForm]:
    """Every kind of form on any page, each with the role (signed in) that saw it.

    Signing out and changing a password too: every example here is refused before a view.
    """
    return discover_forms(site.app, site.world)


def test_the_fuzzing_reaches_every_post_endpoint(site: Site, every_form: list[FoundForm]) -> None:
    # The JSON API has no forms: tests/api fuzzes it from its OpenAPI document (schemathesis).
    posting = {
        r.endpoint
        for r in site.app.url_map.iter_rules()
        if "POST" in r.methods and not r.endpoint.startswith("api.")
    }
    assert sorted(posting - {f.endpoint for f in every_form}) == []


file_parts = st.tuples(st.binary(max_size=64), st.text(min_size=1, max_size=12))


# Each example walks one form; no shrinking, as above: the failure names its form.
@settings(FUZZ, max_examples=40, phases=[Phase.explicit, Phase.reuse, Phase.generate])
@given(data=st.data())
def test_every_form_refuses_file_parts_and_repeated_fields(
    site: Site, every_form: list[FoundForm], seeded: Session, data: st.DataObject
) -> None:
    """Public and staff forms alike: a 400 before anything is read, and nothing changes."""
    found = data.draw(st.sampled_from(every_form), label="form")
    client = site.world.clients[found.role]
    page_form = found.find(client)
    body = MultiDict(fill(page_form) if page_form is not None else {})
    names = st.one_of(st.sampled_from(found.fields or ("x",)), st.text(min_size=1, max_size=10))
    files = data.draw(st.dictionaries(names, file_parts, max_size=3), label="files")
    if found.endpoint in FILE_ENDPOINTS:
        # An upload page takes one file under its file field: that part is its to judge.
        files = {n: f for n, f in files.items() if n not in file_fields()}
    repeated = data.draw(st.lists(names, max_size=3, unique=True), label="repeated")
    repeated = [n for n in repeated if n not in repeatable_fields()]
    if not files and not repeated:
        # Not the upload page's own file field: a file there is the page's to judge (422).
        spare = names.filter(
            lambda n: found.endpoint not in FILE_ENDPOINTS or n not in file_fields()
        )
        files = {data.draw(spare, label="file field"): (b"%PDF", "a.pdf")}
    for name in repeated:
        values = body.getlist(name) or [data.draw(field_values.filter(_is_text), label=name)]
        body.setlist(name, [*values, *values])
    for name, (content, filename) in files.items():
        body.add(name, (io.BytesIO(content), filename))
    before = fingerprint()
    response = client.post(found.action, data=body, content_type="multipart/form-data")
    assert response.status_code == 400, (found.endpoint, response.status_code)
    assert fingerprint() == before


def _is_text(value: object) -> bool:
    return isinstance(value, str) and len(value) < 1000
