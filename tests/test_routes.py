"""Every route is either public on purpose or behind a login (style.md, habit 5).

When a feature adds a staff page, this test fails until the page checks login; a
public page must be added to PUBLIC_ENDPOINTS on purpose.
"""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from werkzeug.routing import AnyConverter, IntegerConverter, Rule

PUBLIC_ENDPOINTS = {
    "static",
    # The API's open figures and documents (its keyed endpoints answer 401 without a key).
    "api.show_docs",
    "api.show_openapi",
    "api.list_centres",
    "api.published_indices",
    "main.show_home",
    "main.check_health",
    "main.check_alive",
    "main.show_favicon",
    "auth.log_in",
    "public.show_satisfaction",
    # Citizens: anyone holding a poster or receipt code; the kiosk needs its own cookie.
    "feedback.rate_poster",
    "feedback.rate_poster_upper",
    "feedback.rate_receipt",
    "feedback.rate_receipt_upper",
    "feedback.thank_poster",
    "feedback.thank_receipt",
    "feedback.rate_at_kiosk",
    "feedback.enter_receipt_code",
    "feedback.thank_kiosk",
    # Residents sampled for the SIPAS survey: anyone holding a campaign's link.
    "survey.start_survey",
    "survey.answer_page",
    "survey.thank_respondent",
    # Complaints: anyone may raise one; the status page needs the code and PIN (a grant
    # in the citizen's session); Open311 shows no personal data.
    "complaints.raise_at_poster",
    "complaints.raise_at_poster_upper",
    "complaints.raise_at_centre",
    "complaints.raise_after_rating",
    "complaints.show_receipt",
    "complaints.look_up",
    "complaints.show_status",
    "complaints.reopen_complaint",
    "complaints.list_open311_services",
    "complaints.list_open311_requests",
    "complaints.show_open311_request",
}


def concrete_url(app: Flask, rule: Rule, **named: object) -> str:
    """A URL for ``rule``: the first choice, 1, a ``named`` value or "x" for each argument."""
    values: dict[str, object] = {}
    for argument in rule.arguments:
        converter = rule._converters[argument]
        if isinstance(converter, AnyConverter):
            values[argument] = sorted(converter.items)[0]
        elif isinstance(converter, IntegerConverter):
            values[argument] = 1
        else:
            values[argument] = named.get(argument, "x")
    with app.test_request_context():
        return app.url_map.bind("localhost").build(rule.endpoint, values)


def test_every_non_public_endpoint_requires_login(app: Flask, client: FlaskClient) -> None:
    unprotected = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint in PUBLIC_ENDPOINTS:
            continue
        url = concrete_url(app, rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = client.open(url, method=method)
            if response.status_code not in (302, 401, 403, 404):
                unprotected.append((rule.endpoint, method, response.status_code))
            elif response.status_code == 302:
                assert "/dang-nhap" in response.headers["Location"], rule.endpoint
    assert unprotected == []


def test_public_endpoints_exist(app: Flask) -> None:
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert endpoints >= PUBLIC_ENDPOINTS
