"""The OpenAPI document: valid, complete, and true of the app (a property-based contract test).

The contract test generates requests from the document itself (schemathesis) and sends
them to the app: no answer may be a 5xx, and every answer must match the status codes,
media types and schemas the document declares. Examples are bounded so it runs in well
under a minute.
"""

from __future__ import annotations

import schemathesis
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openapi_spec_validator import validate
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from sqlalchemy.orm import Session

from tests.api.keys import api_key, bearer
from tests.html import parse

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
EXAMPLES_PER_OPERATION = 25


def test_the_document_is_valid_openapi_3_1(client: FlaskClient, seeded: Session) -> None:
    document = client.get("/api/v1/openapi.json").json
    validate(document)
    assert document["openapi"].startswith("3.1")


def test_every_api_route_is_in_the_document(app: Flask, client: FlaskClient) -> None:
    document = client.get("/api/v1/openapi.json").json
    described = {
        op["operationId"] for methods in document["paths"].values() for op in methods.values()
    }
    routed = {
        rule.endpoint.removeprefix("api.")
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("api.")
        and rule.endpoint not in {"api.show_openapi", "api.show_docs"}
    }
    assert described == routed


def test_the_app_keeps_the_contract_of_its_document(app: Flask, seeded: Session) -> None:
    key = api_key(seeded, centre_keys=("van-quan",))
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    # The WSGI transport does not undo Flask-Compress: ask for the body as it is.
    plain = {"Accept-Encoding": "identity"}
    headers = {**bearer(key), **plain}
    failures: list[str] = []
    for result in schema.get_all_operations():
        operation = result.ok()

        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy(), keyed=st.booleans())
        def check(case: schemathesis.Case, keyed: bool) -> None:
            case.call_and_validate(headers=headers if keyed else plain, checks=CHECKS)

        try:
            check()
        except Exception as error:
            failures.append(f"{operation.label}: {error}")
    assert failures == []


def test_the_docs_page_renders_every_endpoint_with_a_curl_example(
    client: FlaskClient, seeded: Session
) -> None:
    document = client.get("/api/v1/openapi.json").json
    page = parse(client.get("/api/v1/docs"))
    described = {a["id"] for a in page.select("article.endpoint")}
    assert described == {
        op["operationId"] for methods in document["paths"].values() for op in methods.values()
    }
    mint = page.select_one("#mint_receipt_code pre code").get_text()
    assert "Authorization: Bearer $HAILONG_KEY" in mint
    assert "/api/v1/receipt-codes" in mint
    assert page.select_one("h1").get_text() == "API tích hợp HàiLòng"
    english = parse(client.get("/api/v1/docs?lang=en"))
    assert english.select_one("h1").get_text() == "The HàiLòng integration API"
    assert not page.select("script[src], link[href^='http']")
