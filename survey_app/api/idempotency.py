"""Idempotency-Key on writes (IETF httpapi draft "The Idempotency-Key HTTP Header Field").

The first answer given to a key's write with a given Idempotency-Key is stored with a
fingerprint of the request (method, path, body). A retry with the same key and the same
body gets that answer again, not a second write; the same key with another body is a
client error (422).

Two ways to meet concurrent duplicates:

- :func:`replay_or_run` (minting, where the key is optional): both run (the write behind
  it is an insert-if-absent, safe to run twice), the unique constraint lets one store
  its answer and the other replays the winner's.
- :func:`replay_or_run_once` (dossier figures, where the key is required): the key is
  reserved first, by inserting its row in the transaction that then does the write and
  fills in the answer, all committed together. A duplicate waits on that row (the
  unique index on PostgreSQL, the write lock on SQLite) and then replays the answer;
  so exactly one call writes, the stored answer is the one it gave (``created``, not a
  loser's ``unchanged``), and an error rolls back the reservation with the write.
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
    _check_length(idem)
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


def replay_or_run_once(session: Session, key_id: int, run: Callable[[], Response]) -> Response:
    """The stored answer, or ``run()`` with its answer stored in the same transaction.

    ``run`` must write without committing. A missing Idempotency-Key is a 400 problem.
    """
    idem = request.headers.get(HEADER)
    if idem is None:
        raise Problem(400, "idempotency-key-missing", _("Yêu cầu này cần tiêu đề Idempotency-Key."))
    _check_length(idem)
    fingerprint = request_fingerprint()
    stored = _fetch(session, key_id, idem)
    if stored is not None:
        return _replay(stored, fingerprint)
    # The reservation must be the transaction's first write: end the reads made so far
    # (the key lookup), so that SQLite takes its write lock here, waiting its busy time.
    session.commit()
    row = ApiIdempotency(
        api_key_id=key_id, idempotency_key=idem, fingerprint=fingerprint, status=0, body=""
    )
    session.add(row)
    try:
        session.flush()
    except IntegrityError:
        # A duplicate reserved, wrote and committed while we waited: its answer stands.
        session.rollback()
        stored = _fetch(session, key_id, idem)
        if stored is None:
            raise
        return _replay(stored, fingerprint)
    try:
        response = run()
        if response.status_code >= 500:
            session.rollback()
            return response
        row.status = response.status_code
        row.body = response.get_data(as_text=True)
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return response


def _check_length(idem: str) -> None:
    if not idem or len(idem) > MAX_KEY_LENGTH:
        raise Problem(400, "idempotency-key", _("Idempotency-Key phải dài từ 1 đến 255 ký tự."))


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
