"""Saving a visit rating: once, and only once, in one transaction.

The submission id makes a double tap or a retry store one response; a receipt code is
consumed by a conditional UPDATE in the same transaction, so two concurrent uses cannot
both succeed, on SQLite or on PostgreSQL.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, cast

from sqlalchemy import insert, select, update
from sqlalchemy.engine import CursorResult
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload

from survey_app.core.qr.codes import hash_receipt_code, normalise_code
from survey_app.core.responses.questionnaires import Questionnaire
from survey_app.core.rollup import invalidate_week_of
from survey_app.models import (
    Answer,
    Centre,
    Channel,
    Counter,
    PosterCode,
    ReceiptCode,
    Response,
    ServiceField,
    utcnow,
)

RESPONSES = Response.__table__
ANSWERS = Answer.__table__


class Outcome(enum.Enum):
    """What became of a submission."""

    SAVED = "saved"
    DUPLICATE = "duplicate"  # the same submission again: already stored, thank them again
    CODE_USED = "code_used"  # a receipt code that another submission used


@dataclass(frozen=True, slots=True)
class SaveResult:
    """The outcome of a submission and, when one is stored, the response it is stored as."""

    outcome: Outcome
    response_id: int | None = None


@dataclass(frozen=True, slots=True)
class Place:
    """Where a rating is about: a centre, maybe a counter or a service field.

    The SIPAS survey asks residents of a commune, not visitors of a centre: its place
    is a commune alone (``centre_id`` None).
    """

    centre_id: int | None
    commune_id: int
    centre_name: str
    counter_id: int | None = None
    counter_name: str | None = None
    service_field_id: int | None = None
    service_field_vi: str | None = None
    service_field_en: str | None = None

    @property
    def visited_centre_id(self) -> int:
        """The centre of a visit or a complaint; only a survey's place lacks one."""
        if self.centre_id is None:
            raise ValueError("a commune's survey place has no centre")
        return self.centre_id


@dataclass(frozen=True, slots=True)
class Submission:
    """One questionnaire's answers, ready to store."""

    submission_id: str
    channel: Channel
    answers: Mapping[str, int | None]
    texts: Mapping[str, str] = field(default_factory=dict)
    flags: tuple[str, ...] = ()
    submitted_at: datetime | None = None
    entered_by_id: int | None = None
    receipt_code_hash: str | None = None


def find_poster_place(session: Session, raw_code: str) -> tuple[str, Place] | None:
    """The place an active poster code names, with the code as stored."""
    code = normalise_code(raw_code)
    if code is None:
        return None
    # One query for the code with its centre, counter and service field: every form
    # GET and POST starts here.
    poster = session.scalar(
        select(PosterCode)
        .filter_by(code=code, active=True)
        .options(
            joinedload(PosterCode.centre),
            joinedload(PosterCode.counter),
            joinedload(PosterCode.service_field),
        )
    )
    if poster is None or not poster.centre.active:
        return None
    # A closed counter's poster may still hang on a wall: its code stops taking ratings.
    if poster.counter is not None and not poster.counter.active:
        return None
    return code, _place(poster.centre, poster.counter, poster.service_field)


def find_receipt_place(session: Session, raw_code: str) -> tuple[str, Place, bool] | None:
    """The place a receipt code belongs to, its hash, and whether it was used already."""
    code = normalise_code(raw_code)
    if code is None:
        return None
    code_hash = hash_receipt_code(code)
    receipt = session.scalar(select(ReceiptCode).filter_by(code_hash=code_hash))
    if receipt is None:
        return None
    centre = session.get_one(Centre, receipt.centre_id)
    field_ = (
        session.get(ServiceField, receipt.service_field_id) if receipt.service_field_id else None
    )
    return code_hash, _place(centre, None, field_), receipt.used_at is not None


def _place(centre: Centre, counter: Counter | None, field_: ServiceField | None) -> Place:
    return Place(
        centre_id=centre.id,
        commune_id=centre.commune_id,
        centre_name=centre.name,
        counter_id=counter.id if counter else None,
        counter_name=counter.name if counter else None,
        service_field_id=field_.id if field_ else None,
        service_field_vi=field_.name_vi if field_ else None,
        service_field_en=field_.name_en if field_ else None,
    )


def save_submission(
    session: Session, place: Place, questionnaire: Questionnaire, submission: Submission
) -> SaveResult:
    """Store a submission with its answers in one transaction; see :class:`Outcome`."""
    rows = _answer_rows(questionnaire, submission)
    try:
        if submission.receipt_code_hash is not None and not _consume_receipt(
            session, submission.receipt_code_hash
        ):
            session.rollback()
            earlier = _stored(session, submission)
            if earlier is None:
                return SaveResult(Outcome.CODE_USED)
            return SaveResult(Outcome.DUPLICATE, earlier)
        # Core inserts on the tables: one statement each, without the ORM's bookkeeping.
        response_id = session.scalar(
            insert(RESPONSES)
            .values(
                submission_id=submission.submission_id,
                instrument_id=questionnaire.instrument_id,
                commune_id=place.commune_id,
                centre_id=place.centre_id,
                counter_id=place.counter_id,
                service_field_id=place.service_field_id,
                channel=submission.channel,
                submitted_at=submission.submitted_at or utcnow(),
                is_suspect=bool(submission.flags),
                flags=list(submission.flags),
                entered_by_id=submission.entered_by_id,
            )
            .returning(RESPONSES.c.id)
        )
        session.execute(insert(ANSWERS), [{"response_id": response_id, **row} for row in rows])
        if submission.submitted_at is not None:
            # A slip dated in a closed week changes that week's stored counts.
            invalidate_week_of(session, submission.submitted_at)
        session.commit()
    except IntegrityError:
        session.rollback()
        earlier = _stored(session, submission)
        if earlier is not None:
            return SaveResult(Outcome.DUPLICATE, earlier)
        raise
    return SaveResult(Outcome.SAVED, response_id)


def _consume_receipt(session: Session, code_hash: str) -> bool:
    # An UPDATE or DELETE gives a CursorResult, which counts the rows it changed.
    result = cast(
        "CursorResult[Any]",
        session.execute(
            update(ReceiptCode)
            .where(ReceiptCode.code_hash == code_hash, ReceiptCode.used_at.is_(None))
            .values(used_at=utcnow())
            .execution_options(synchronize_session=False)
        ),
    )
    return result.rowcount == 1


def _stored(session: Session, submission: Submission) -> int | None:
    """The id of the response this submission was stored as earlier, if it was."""
    return session.scalar(select(Response.id).filter_by(submission_id=submission.submission_id))


def _answer_rows(
    questionnaire: Questionnaire, submission: Submission
) -> list[dict[str, int | str | None]]:
    """Answer rows by question id; refuses keys and values the questionnaire lacks."""
    rows: list[dict[str, int | str | None]] = []
    for key, value in submission.answers.items():
        if key not in questionnaire.question_ids:
            raise ValueError(f"unknown question {key!r}")
        if value is not None and value not in questionnaire.allowed[key]:
            raise ValueError(f"value {value!r} not allowed for {key!r}")
        rows.append({"question_id": questionnaire.question_ids[key], "value": value, "text": None})
    for key, text in submission.texts.items():
        if key not in questionnaire.question_ids:
            raise ValueError(f"unknown question {key!r}")
        rows.append({"question_id": questionnaire.question_ids[key], "value": None, "text": text})
    return rows


def place_of_centre(centre: Centre) -> Place:
    """The whole centre as the place a paper slip is about."""
    return Place(centre_id=centre.id, commune_id=centre.commune_id, centre_name=centre.name)
