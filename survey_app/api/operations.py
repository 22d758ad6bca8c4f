"""How an API route is declared: one decorator gives authentication, scope, body
checking, Idempotency-Key replay, the rate limit and the route's OpenAPI description.

A new endpoint (the dossier figures, say) is one module of views using :func:`operation`;
the OpenAPI document and the docs page pick it up from :data:`OPERATIONS`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import wraps
from typing import Any

from flask import current_app, g, request
from flask_babel import gettext as _
from pydantic import BaseModel, ValidationError
from werkzeug.wrappers import Response

from survey_app.api.idempotency import replay_or_run, replay_or_run_once
from survey_app.api.keys import authenticate, hash_key
from survey_app.core.problems import FieldError, Problem
from survey_app.extensions import db, limiter
from survey_app.models import ApiKey, ApiScope

View = Callable[..., Response]


@dataclass(frozen=True, slots=True)
class QueryParam:
    """A query parameter as the document describes it."""

    name: str
    description: Any
    schema: dict[str, Any]
    required: bool = False


@dataclass(frozen=True, slots=True)
class Operation:
    """What the document says of one route."""

    summary: Any
    responses: dict[int, type[BaseModel] | str]
    scope: ApiScope | None = None
    body: type[BaseModel] | None = None
    query: tuple[QueryParam, ...] = ()
    idempotent: bool = False
    # The Idempotency-Key is then required, reserved before the write and stored with it.
    idempotency_required: bool = False
    example: str = ""
    tags: tuple[str, ...] = field(default_factory=tuple)


# Endpoint name ("api.mint_receipt_code") → its description; filled as views import.
OPERATIONS: dict[str, Operation] = {}


def api_rate_limit() -> str:
    """How often one key may call (``API_RATE_LIMIT``)."""
    return str(current_app.config["API_RATE_LIMIT"])


def _limit_key() -> str:
    # The whole header's hash: someone who only knows a key's prefix cannot spend its budget.
    return "api-key:" + hash_key(request.headers.get("Authorization", ""))[:32]


def current_key() -> ApiKey:
    """The key the current call authenticated with."""
    key: ApiKey = g.api_key
    return key


def operation(spec: Operation) -> Callable[[View], View]:
    """Register ``spec`` for the view and wrap it with what the spec asks."""

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapper(**kwargs: Any) -> Response:
            if spec.scope is not None:
                _authorise(spec.scope)
            if spec.body is not None:
                kwargs["body"] = parse_body(spec.body)
            if spec.idempotency_required and spec.scope is not None:
                return replay_or_run_once(db.session(), current_key().id, lambda: view(**kwargs))
            if spec.idempotent and spec.scope is not None:
                return replay_or_run(db.session(), current_key().id, lambda: view(**kwargs))
            return view(**kwargs)

        OPERATIONS[f"api.{view.__name__}"] = spec
        if spec.scope is None:
            return wrapper
        return limiter.limit(api_rate_limit, key_func=_limit_key)(wrapper)

    return decorate


def _authorise(scope: ApiScope) -> None:
    key = authenticate(db.session(), request.headers.get("Authorization"))
    if key is None:
        raise Problem(
            401,
            "unauthorized",
            _("Thiếu khóa API, khóa không đúng hoặc đã bị thu hồi."),
            headers={"WWW-Authenticate": 'Bearer realm="hailong-api"'},
        )
    g.api_key = key
    g.api_key_id = key.id
    if str(scope) not in key.scopes:
        raise Problem(403, "scope", _("Khóa API này không có quyền %(scope)s.", scope=str(scope)))


def require_centre(key: ApiKey, centre_id: int) -> None:
    """403 unless the key may act for the centre (centre codes are public: no need to hide)."""
    if not key.may_act_for(centre_id):
        raise Problem(403, "centre", _("Khóa API này không được dùng cho trung tâm này."))


def parse_body(model: type[BaseModel]) -> BaseModel:
    """The request's JSON body checked against ``model``, or a 4xx problem."""
    cap = int(current_app.config["API_MAX_BODY"])
    if request.content_length is not None and request.content_length > cap:
        raise Problem(413, "body-too-large", _("Nội dung yêu cầu vượt quá giới hạn cho phép."))
    if request.mimetype != "application/json":
        raise Problem(415, "content-type", _("Nội dung phải là JSON (application/json)."))
    raw = request.get_data(cache=True)
    if len(raw) > cap:
        raise Problem(413, "body-too-large", _("Nội dung yêu cầu vượt quá giới hạn cho phép."))
    try:
        json.loads(raw)
    except (UnicodeDecodeError, ValueError) as error:
        raise Problem(400, "bad-json", _("Nội dung không phải JSON hợp lệ.")) from error
    try:
        # Validated as JSON, where strict mode takes "2026-11-30" for a date (and still
        # refuses "3" for a number); in Python mode it would want a date object.
        return model.model_validate_json(raw)
    except ValidationError as error:
        raise Problem(
            422,
            "validation",
            _("Một số trường không hợp lệ."),
            errors=[
                FieldError(".".join(str(p) for p in e["loc"]) or "body", e["msg"])
                for e in error.errors(include_url=False)
            ],
        ) from error


def query_value(name: str, pattern_ok: Callable[[str], bool], default: str | None) -> str:
    """A query parameter, its default when absent, or a 422 problem when malformed."""
    value = request.args.get(name)
    if value is None and default is not None:
        return default
    if value is None or not pattern_ok(value):
        raise Problem(
            422,
            "validation",
            _("Một số trường không hợp lệ."),
            errors=[FieldError(name, _("Giá trị không hợp lệ."))],
        )
    return value
