"""The OpenAPI 3.1 document, built from the routes and the pydantic models.

Paths come from the app's URL map, descriptions from :data:`OPERATIONS`, schemas from
the models (JSON Schema 2020-12, which OpenAPI 3.1 takes as is): nothing is written
twice, so the document stays true to the code.
"""

from __future__ import annotations

import re
from typing import Any

from flask import Flask
from flask_babel import lazy_gettext as _l
from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from survey_app.api.operations import OPERATIONS, Operation
from survey_app.api.schemas import ProblemDocument

REF = "#/components/schemas/{model}"
PROBLEM = "application/problem+json"
IDEMPOTENCY_HELP = _l(
    "Một giá trị riêng cho mỗi lần gửi (ví dụ một UUID). Gửi lại cùng khóa và cùng nội "
    "dung: nhận lại đúng câu trả lời đã lưu; cùng khóa với nội dung khác: lỗi 422."
)
_CONVERTER = re.compile(r"<(?:[a-z]+:)?([a-z_]+)>")


def build_document(app: Flask, server_url: str) -> dict[str, Any]:
    """The whole OpenAPI document of /api/v1."""
    models = _models()
    _, defs = models_json_schema([(m, "serialization") for m in models], ref_template=REF)
    paths: dict[str, dict[str, Any]] = {}
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        spec = OPERATIONS.get(rule.endpoint)
        if spec is None:
            continue
        path = _CONVERTER.sub(r"{\1}", rule.rule.removeprefix("/api/v1"))
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            paths.setdefault(path or "/", {})[method.lower()] = _operation(
                rule.endpoint, spec, rule.arguments
            )
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "HàiLòng API",
            "version": "1.0.0",
            "description": (
                "Receipt codes per dossier for the one-stop system, and satisfaction "
                "figures for dashboards. Errors are RFC 9457 problem documents."
            ),
        },
        "servers": [{"url": server_url.rstrip("/") + "/api/v1"}],
        "paths": paths,
        "components": {
            "schemas": defs.get("$defs", {}),
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
    }


def _models() -> list[type[BaseModel]]:
    found: dict[str, type[BaseModel]] = {"ProblemDocument": ProblemDocument}
    for spec in OPERATIONS.values():
        for model in (spec.body, *spec.responses.values()):
            if isinstance(model, type) and issubclass(model, BaseModel):
                found[model.__name__] = model
    return list(found.values())


def _operation(endpoint: str, spec: Operation, arguments: set[str]) -> dict[str, Any]:
    parameters: list[dict[str, Any]] = [
        {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
        for name in sorted(arguments)
    ]
    parameters += [
        {
            "name": q.name,
            "in": "query",
            "required": q.required,
            "description": str(q.description),
            "schema": q.schema,
        }
        for q in spec.query
    ]
    if spec.idempotent or spec.idempotency_required:
        parameters.append(
            {
                "name": "Idempotency-Key",
                "in": "header",
                "required": spec.idempotency_required,
                "description": str(IDEMPOTENCY_HELP),
                "schema": {"type": "string", "minLength": 1, "maxLength": 255},
            }
        )
    responses: dict[str, Any] = {}
    for status, model in sorted(spec.responses.items()):
        responses[str(status)] = _response(status, model)
    for status in _error_statuses(spec):
        responses.setdefault(str(status), _response(status, ProblemDocument))
    responses = dict(sorted(responses.items()))
    result: dict[str, Any] = {
        "operationId": endpoint.removeprefix("api."),
        "summary": str(spec.summary),
        "responses": responses,
    }
    if parameters:
        result["parameters"] = parameters
    if spec.body is not None:
        result["requestBody"] = {
            "required": True,
            "content": {
                "application/json": {"schema": {"$ref": REF.format(model=spec.body.__name__)}}
            },
        }
    if spec.scope is not None:
        result["security"] = [{"bearer": []}]
        result["x-scope"] = str(spec.scope)
    return result


def _response(status: int, model: type[BaseModel] | str) -> dict[str, Any]:
    if isinstance(model, str):
        schema: dict[str, Any] = {"type": "string"}
        if model == "image/png":
            schema["contentMediaType"] = "image/png"
        return {"description": str(status), "content": {model: {"schema": schema}}}
    media = PROBLEM if model is ProblemDocument else "application/json"
    ref = {"$ref": REF.format(model=model.__name__)}
    return {"description": model.__doc__ or str(status), "content": {media: {"schema": ref}}}


def _error_statuses(spec: Operation) -> list[int]:
    statuses = [404, 405, 429, 500]
    if spec.query:
        statuses.append(422)
    if spec.scope is not None:
        statuses += [401, 403]
    if spec.body is not None:
        statuses += [400, 413, 415, 422]
    return sorted(set(statuses))
