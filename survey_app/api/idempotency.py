"""Idempotency-Key on writes (IETF httpapi draft "The Idempotency-Key HTTP Header Field").

The first answer given to a key's write with a given Idempotency-Key is stored with a
fingerprint of the request (method, path, body). A retry with the same key and the same
body gets that answer again, not a second write; the same key with another body is a
client error (422). Of two concurrent duplicates both run (every write behind this is
itself safe to run twice: an insert-if-absent or a replace), the unique constraint
lets one store its answer and the other replays the winner's.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from flask import request
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from survey_app.core.problems import Problem
from survey_app.models import ApiIdempotency

HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 255


def request_fingerprint() -> str:
    """SHA-256 of the method, the path and the body."""
    digest = hashlib.sha256()
    digest.update(request.method.encode("ascii"))
    digest.update(b"\x00" + request.path.encode("utf-8") + b"\x00")
    digest.update(request.get_data(cache=True))
    return digest.hexdigest()


def replay_or_run(session: Session, key_id: int, run: Callable[[], Response]) -> Response:
    """The stored answer for this Idempotency-Key, or ``run()``'s answer, stored."""
    idem = request.headers.get(HEADER)
    if idem is None:
        return run()
    if not idem or len(idem) > MAX_KEY_LENGTH:
        raise Problem(400, "idempotency-key", _("Idempotency-Key phải dài từ 1 đến 255 ký tự."))
    fingerprint = request_fingerprint()
    stored = _fetch(session, key_id, idem)
    if stored is not None:
        return _replay(stored, fingerprint)
    response = run()
    if response.status_code >= 500:
        return response
    row = ApiIdempotency(
        api_key_id=key_id,
        idempotency_key=idem,
        fingerprint=fingerprint,
        status=response.status_code,
        body=response.get_data(as_text=True),
    )
    session.add(row)
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        stored = _fetch(session, key_id, idem)
        if stored is not None:
            return _replay(stored, fingerprint)
        raise
    return response


def _fetch(session: Session, key_id: int, idem: str) -> ApiIdempotency | None:
    return session.scalar(
        select(ApiIdempotency).where(
            ApiIdempotency.api_key_id == key_id, ApiIdempotency.idempotency_key == idem
        )
    )


def _replay(stored: ApiIdempotency, fingerprint: str) -> Response:
    if stored.fingerprint != fingerprint:
        raise Problem(
            422,
            "idempotency-key-reused",
            _("Idempotency-Key này đã được dùng cho một yêu cầu khác."),
        )
    mimetype = "application/problem+json" if stored.status >= 400 else "application/json"
    response = Response(stored.body, status=stored.status, mimetype=mimetype)
    response.headers["Idempotent-Replayed"] = "true"
    return response
