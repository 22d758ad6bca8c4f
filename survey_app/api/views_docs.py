"""The OpenAPI document and the page for integrators that renders it on the server."""

from __future__ import annotations

import json
from typing import Any

from flask import current_app, jsonify, render_template
from flask_babel import lazy_gettext as _l
from werkzeug.wrappers import Response

from survey_app.api.blueprint import bp
from survey_app.api.openapi import build_document
from survey_app.api.operations import OPERATIONS


def _document() -> dict[str, Any]:
    return build_document(current_app, current_app.config["PUBLIC_BASE_URL"])


@bp.get("/openapi.json")
def show_openapi() -> Response:
    """The OpenAPI 3.1 document of this API."""
    response = jsonify(_document())
    response.headers["Cache-Control"] = "public, max-age=600"
    return response


@bp.get("/")
@bp.get("/docs")
def show_docs() -> str:
    """Endpoints, parameters, schemas and a curl example each, from the document."""
    document = _document()
    base = document["servers"][0]["url"]
    endpoints = []
    for path, methods in document["paths"].items():
        for method, spec in methods.items():
            endpoints.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "spec": spec,
                    "curl": _curl(method, base + path, spec),
                }
            )
    schemas = {
        name: json.dumps(schema, indent=2, ensure_ascii=False)
        for name, schema in document["components"]["schemas"].items()
    }
    return render_template(
        "api/show_docs.html",
        endpoints=endpoints,
        schemas=schemas,
        base=base,
        open_label=_l("Mở, không cần khóa"),
    )


def _curl(method: str, url: str, spec: dict[str, Any]) -> str:
    parts = ["curl -i"]
    if method != "get":
        parts.append(f"-X {method.upper()}")
    if "security" in spec:
        parts.append('-H "Authorization: Bearer $HAILONG_KEY"')
    operation = OPERATIONS.get(f"api.{spec['operationId']}")
    if any(p["name"] == "Idempotency-Key" and p["required"] for p in spec.get("parameters", [])):
        parts.append('-H "Idempotency-Key: $(uuidgen)"')
    if "requestBody" in spec:
        parts.append('-H "Content-Type: application/json"')
        parts.append(f"-d '{operation.example if operation else '{}'}'")
    example_url = url.replace("{centre}", "van-quan").replace("{code}", "K7M2QX4B9A")
    if any(p["name"] == "period" for p in spec.get("parameters", [])):
        example_url += "?period=2026-11"
    parts.append(f'"{example_url}"')
    return " \\\n  ".join(parts)
