"""Every endpoint, every role: each gets exactly what it should and nothing else.

POLICY names, for every endpoint in the URL map, the roles that may use it and, for
endpoints about one centre, which URL argument names the centre. The test walks the
URL map as each role (anonymous, viewer, handler, manager, Department, administrator,
agency): an allowed role is served (a missing object may still be "not found"), a refused
one is sent to sign in (anonymous) or gets 403 or 404. For centre endpoints a manager, handler or
viewer of centre A also asks for centre B's page and must get 403 or 404. An endpoint
missing from POLICY fails the test, so nobody adds a page without deciding who sees it.
Every staff page lives under /quan-ly/; each old address of one (/staff/…, /quan-tri/…,
/khao-sat/quan-ly/…, /login) answers every role, and nobody, with a 308 to it before any
check: a redirect reveals nothing the new address does not.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session
from werkzeug.routing import Rule

from survey_app.extensions import login_manager
from survey_app.legacy_urls import MOVES, TABLE, new_path
from survey_app.models import Role, User
from survey_app.tracker.draft_sets import load_draft
from tests import factories
from tests.test_routes import concrete_url

ANON = "anonymous"
EVERYONE = frozenset({ANON, *Role})
SIGNED_IN = frozenset(Role)
# The province's work: the Department, and the system administrator, who can do all it does.
PROVINCE = frozenset({Role.ADMIN, Role.DEPARTMENT})
# System administration (staff accounts, API keys): the administrator alone.
SYSTEM = frozenset({Role.ADMIN})
READERS = PROVINCE | {Role.MANAGER, Role.VIEWER}
CENTRE_STAFF = PROVINCE | {Role.MANAGER}
CASEWORK = PROVINCE | {Role.MANAGER, Role.HANDLER}
# The criterion tracker: the Department, and agency users for what is assigned to them.
TRACKER = PROVINCE | {Role.AGENCY}
# Public, but only on a device turned into a kiosk by staff: without its cookie, 403 for all.
KIOSK = frozenset()
# The API's keyed endpoints: a key in the Authorization header, never a staff cookie (401).
API_KEY = frozenset()


@dataclass(frozen=True, slots=True)
class Access:
    """Who may use an endpoint, and which argument (if any) names a centre."""

    roles: frozenset[object]
    centre_arg: str | None = None


POLICY: dict[str, Access] = {
    "static": Access(EVERYONE),
    "main.show_home": Access(EVERYONE),
    "main.check_health": Access(EVERYONE),
    "main.check_alive": Access(EVERYONE),
    "main.show_favicon": Access(EVERYONE),
    "auth.log_in": Access(EVERYONE),
    "auth.log_out": Access(SIGNED_IN),
    "public.show_satisfaction": Access(EVERYONE),
    # The integration API: open figures and docs, keyed codes and figures; its keys' pages.
    "api.show_docs": Access(EVERYONE),
    "api.show_openapi": Access(EVERYONE),
    "api.list_centres": Access(EVERYONE),
    "api.published_indices": Access(EVERYONE),
    "api.mint_receipt_code": Access(API_KEY),
    "api.receipt_code_svg": Access(API_KEY),
    "api.receipt_code_png": Access(API_KEY),
    "api.centre_figures": Access(API_KEY),
    "api.push_dossier_figures": Access(API_KEY),
    "api_keys.list_api_keys": Access(SYSTEM),
    "api_keys.create_api_key": Access(SYSTEM),
    "api_keys.revoke_api_key": Access(SYSTEM),
    # Citizens: anyone holding a code.
    "feedback.rate_poster": Access(EVERYONE),
    "feedback.rate_poster_upper": Access(EVERYONE),
    "feedback.rate_receipt": Access(EVERYONE),
    "feedback.rate_receipt_upper": Access(EVERYONE),
    "feedback.thank_poster": Access(EVERYONE),
    "feedback.thank_receipt": Access(EVERYONE),
    "feedback.rate_at_kiosk": Access(KIOSK),
    "feedback.enter_receipt_code": Access(EVERYONE),
    "feedback.thank_kiosk": Access(KIOSK),
    # Staff pages.
    "staff.show_index": Access(SIGNED_IN),
    "staff.enter_paper": Access(CASEWORK),
    "staff.set_up_kiosk": Access(CENTRE_STAFF),
    "staff.stop_kiosk": Access(CENTRE_STAFF),
    "staff.list_posters": Access(CENTRE_STAFF),
    "staff.download_posters": Access(CENTRE_STAFF, "key"),
    "staff.download_stickers": Access(CENTRE_STAFF, "key"),
    "staff.show_qr": Access(CENTRE_STAFF),
    # Managers' reading.
    "manage.show_start": Access(READERS),
    "manage.show_centre_week": Access(READERS, "key"),
    "manage.show_centre_month": Access(READERS, "key"),
    "manage.show_trend_chart": Access(READERS, "key"),
    "manage.show_factor_chart": Access(READERS, "key"),
    "manage.show_centre_ranks": Access(READERS, "key"),
    "manage.show_rank_chart": Access(READERS, "key"),
    "manage.show_province": Access(PROVINCE),
    "manage.show_province_trend_chart": Access(PROVINCE),
    # Administration: accounts are the system administrator's; counters, codes and counts
    # the centres' (and the Department's, which acts for every centre).
    "admin.change_password": Access(SIGNED_IN),
    "admin.list_users": Access(SYSTEM),
    "admin.create_user": Access(SYSTEM),
    "admin.edit_user": Access(SYSTEM),
    "admin.set_user_status": Access(SYSTEM),
    "admin.reset_user_password": Access(SYSTEM),
    "admin.pick_counter_centre": Access(CENTRE_STAFF),
    "admin.list_counters": Access(CENTRE_STAFF, "key"),
    "admin.create_counter": Access(CENTRE_STAFF, "key"),
    "admin.update_counter_name": Access(CENTRE_STAFF, "key"),
    "admin.set_counter_status": Access(CENTRE_STAFF, "key"),
    "admin.pick_receipt_centre": Access(CENTRE_STAFF),
    "admin.list_receipt_batches": Access(CENTRE_STAFF, "key"),
    "admin.mint_receipts": Access(CENTRE_STAFF, "key"),
    "admin.pick_dossier_centre": Access(CENTRE_STAFF),
    "admin.enter_dossiers": Access(CENTRE_STAFF, "key"),
    "admin.upload_dossiers": Access(CENTRE_STAFF),
    "admin.download_dossier_template": Access(CENTRE_STAFF),
    "admin.enter_one_stop_day": Access(CENTRE_STAFF, "key"),
    "admin.show_exports": Access(READERS),
    "admin.export_aggregates": Access(READERS),
    "admin.export_answers": Access(CENTRE_STAFF),
    # The province's own SIPAS survey.
    "survey.start_survey": Access(EVERYONE),
    "survey.answer_page": Access(EVERYONE),
    "survey.thank_respondent": Access(EVERYONE),
    "survey.enter_survey_paper": Access(CENTRE_STAFF),
    "survey.list_campaigns": Access(PROVINCE),
    "survey.create_survey_campaign": Access(PROVINCE),
    "survey.show_campaign": Access(PROVINCE),
    "survey.draw_campaign_sample": Access(PROVINCE),
    "survey.change_campaign_status": Access(PROVINCE),
    "survey.show_reports": Access(PROVINCE),
    "survey.start_sipas_report": Access(PROVINCE),
    # A report built in the background: its requester (or the province's roles) only; anyone
    # else gets 404 (tests/reports/), as for a job that does not exist.
    "reports.show_job": Access(SIGNED_IN),
    "reports.download_job": Access(SIGNED_IN),
    "reports.retry_report_job": Access(SIGNED_IN),
    # Complaints: citizens with their code and PIN; staff of the centre.
    "complaints.raise_after_rating": Access(EVERYONE),
    "complaints.raise_at_centre": Access(EVERYONE),
    "complaints.raise_at_poster": Access(EVERYONE),
    "complaints.raise_at_poster_upper": Access(EVERYONE),
    "complaints.show_receipt": Access(EVERYONE),
    "complaints.look_up": Access(EVERYONE),
    "complaints.show_status": Access(EVERYONE),
    "complaints.reopen_complaint": Access(EVERYONE),
    "complaints.list_open311_services": Access(EVERYONE),
    "complaints.list_open311_requests": Access(EVERYONE),
    "complaints.show_open311_request": Access(EVERYONE),
    "complaints.list_complaints": Access(READERS | CASEWORK),
    "complaints.show_complaint": Access(READERS | CASEWORK),
    "complaints.list_overdue": Access(READERS | CASEWORK),
    "complaints.list_outbox": Access(CASEWORK),
    "complaints.list_transferred": Access(PROVINCE),
    "complaints.act_on_complaint": Access(CASEWORK),
    "complaints.show_contact": Access(CASEWORK),
    "complaints.erase_complaint_contact": Access(CASEWORK),
    "complaints.mark_message_delivered": Access(CASEWORK),
    # The criterion tracker: agency users see only their criteria (tests/tracker/).
    "tracker.list_sets": Access(TRACKER),
    "tracker.show_set": Access(TRACKER),
    "tracker.show_criterion": Access(TRACKER),
    "tracker.list_lost_points": Access(PROVINCE),
    "tracker.list_agencies": Access(PROVINCE),
    "tracker.import_set": Access(PROVINCE),
    "tracker.download_template": Access(PROVINCE),
    "tracker.export_set": Access(PROVINCE),
    "tracker.assign_criterion": Access(PROVINCE),
    "tracker.save_last_year_result": Access(PROVINCE),
    # The monthly cycle: agencies report theirs (tests/tracker/test_cycle_pages.py).
    "tracker.go_to_my_reports": Access(TRACKER),
    "tracker.go_to_overview": Access(TRACKER),
    "tracker.show_overview": Access(TRACKER),
    # The report to the People's Committee: the Department only (tests/tracker/test_pc_report*).
    "tracker.download_pc_report_xlsx": Access(PROVINCE),
    "tracker.download_pc_report_pdf": Access(PROVINCE),
    "tracker.start_pc_report": Access(PROVINCE),
    # The quarterly record: an agency its own page, the Department every agency's.
    "tracker.go_to_quarter": Access(TRACKER),
    "tracker.list_quarter": Access(PROVINCE),
    "tracker.show_agency_quarter": Access(TRACKER),
    "tracker.list_my_reports": Access(TRACKER),
    "tracker.edit_report": Access(TRACKER),
    "tracker.correct_report_version": Access(TRACKER),
    "tracker.show_history": Access(TRACKER),
    "tracker.download_evidence": Access(TRACKER),
    "tracker.show_plan": Access(TRACKER),
    "tracker.edit_task": Access(TRACKER),
    "tracker.go_to_review_queue": Access(PROVINCE),
    "tracker.list_periods": Access(PROVINCE),
    "tracker.list_review_queue": Access(PROVINCE),
    "tracker.review_report": Access(PROVINCE),
}


@dataclass(frozen=True, slots=True)
class Cast:
    """The accounts the walk uses: every role scoped to centre A (van-quan)."""

    users: dict[object, User | None]
    own_key: str
    other_key: str
    poster_code: str


@pytest.fixture
def cast(seeded: Session, app: Flask) -> Iterator[Cast]:
    users: dict[object, User | None] = {ANON: None}
    for role in Role:
        users[role] = factories.user(
            seeded,
            username=f"u-{role.value}",
            role=role,
            centre_keys=() if role in (*PROVINCE, Role.AGENCY) else ("van-quan",),
        )
    poster = factories.poster(seeded)
    # The tracker's pages then show a real set (id 1) to those who may see it.
    load_draft(seeded)
    # The walk signs users in by writing the session directly; strong session protection
    # would discard such a session, so it is relaxed for this test only.
    previous = login_manager.session_protection
    login_manager.session_protection = "basic"
    try:
        yield Cast(users, "van-quan", "tinh", poster.code)
    finally:
        login_manager.session_protection = previous


def url_for_rule(app: Flask, rule: Rule, cast: Cast, centre_key: str) -> str:
    """A URL for ``rule``, naming centre ``centre_key`` and the cast's poster code."""
    return concrete_url(
        app, rule, key=centre_key, code=cast.poster_code, filename="css/site.css", label="2026-Q3"
    )


def act_as(client: FlaskClient, session: Session, user: User | None) -> None:
    """Make the next request come from ``user`` (None: nobody signed in)."""
    with client.session_transaction() as state:
        state.clear()
        if user is not None:
            session.refresh(user)
            state["_user_id"] = user.get_id()
            state["_fresh"] = True


def request(client: FlaskClient, method: str, url: str) -> int:
    response = client.open(url, method=method, data={})
    status = response.status_code
    if status == 302 and "/dang-nhap" in response.headers.get("Location", ""):
        status = 401
    response.close()
    return status


def test_every_endpoint_is_in_the_policy(app: Flask) -> None:
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert sorted(endpoints - set(POLICY)) == []
    assert sorted(set(POLICY) - endpoints) == []


def test_each_role_gets_exactly_what_the_policy_says(
    app: Flask, client: FlaskClient, seeded: Session, cast: Cast
) -> None:
    wrong: list[tuple[str, str, str, int]] = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.endpoint):
        access = POLICY.get(rule.endpoint)
        if access is None:
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            for role, user in cast.users.items():
                act_as(client, seeded, user)
                status = request(client, method, url_for_rule(app, rule, cast, cast.own_key))
                allowed = role in access.roles
                refused = status in (401, 403) if allowed else status not in (401, 403, 404)
                if status >= 500 or refused:
                    wrong.append((rule.endpoint, method, str(role), status))
    assert wrong == []


def test_no_one_reaches_another_centre_through_a_centre_endpoint(
    app: Flask, client: FlaskClient, seeded: Session, cast: Cast
) -> None:
    leaks = []
    for rule in app.url_map.iter_rules():
        access = POLICY.get(rule.endpoint)
        if access is None or access.centre_arg is None:
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            for role in (Role.MANAGER, Role.HANDLER, Role.VIEWER):
                act_as(client, seeded, cast.users[role])
                status = request(client, method, url_for_rule(app, rule, cast, cast.other_key))
                if status not in (403, 404):
                    leaks.append((rule.endpoint, method, role.value, status))
    assert leaks == []


def old_urls(url: str) -> list[str]:
    """The old staff addresses that the redirect table sends to ``url``."""
    found = []
    for move in MOVES:
        if url == move.new or url.startswith(move.new + "/"):
            old = move.old + url[len(move.new) :]
            for old_end, new_end in move.renamed:
                if old.endswith(new_end):
                    old = old[: -len(new_end)] + old_end
            if new_path(old) == url:
                found.append(old)
    return found


def test_every_staff_page_has_its_old_addresses_redirected_for_everyone(
    app: Flask, client: FlaskClient, seeded: Session, cast: Cast
) -> None:
    wrong: list[tuple[object, ...]] = []
    roots_used = set()
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.endpoint):
        url = url_for_rule(app, rule, cast, cast.own_key)
        for old in old_urls(url):
            roots_used.add(next(m.old for m in TABLE if old.startswith(m.old)))
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                for role, user in cast.users.items():
                    act_as(client, seeded, user)
                    response = client.open(old + "?tuan=2026-11-16", method=method, data={})
                    status, location = response.status_code, response.headers.get("Location")
                    if status != 308 or location != url + "?tuan=2026-11-16":
                        wrong.append((rule.endpoint, method, old, role, status, location))
    assert wrong == []
    # Every row of the table leads to a page of the app.
    assert roots_used == {move.old for move in MOVES}
