"""Reference data: communes and centres, service fields, questionnaires. Idempotent."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from survey_app.core.instruments import InstrumentError, InstrumentSpec, read_all
from survey_app.models import Centre, Commune, CommuneKind, Instrument, Question, ServiceField

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
COMMUNES_CSV = DATA_DIR / "lang_son_communes.csv"
SERVICE_FIELDS_CSV = DATA_DIR / "service_fields.csv"


@dataclass(frozen=True, slots=True)
class ReferenceSummary:
    """How many rows of each kind exist after seeding, and how many were new.

    ``communes`` counts the commune-level units only, without the province row.
    """

    communes: int
    centres: int
    service_fields: int
    instruments: int
    added: int


def seed_reference(session: Session) -> ReferenceSummary:
    """Create or update every reference row; running it again changes nothing."""
    added = seed_communes(session) + seed_service_fields(session) + seed_instruments(session)
    session.commit()
    return ReferenceSummary(
        communes=session.scalar(select(func.count()).where(Commune.kind != CommuneKind.PROVINCE))
        or 0,
        centres=_count(session, Centre),
        service_fields=_count(session, ServiceField),
        instruments=_count(session, Instrument),
        added=added,
    )


def _count(session: Session, model: type) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


def seed_communes(session: Session, path: Path = COMMUNES_CSV) -> int:
    """The 65 communes and the province row, each with its service centre."""
    existing = {c.key: c for c in session.scalars(select(Commune))}
    added = 0
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            commune = existing.get(row["key"])
            if commune is None:
                commune = Commune(key=row["key"])
                session.add(commune)
                added += 1
            commune.official_code = row["official_code"]
            commune.name = row["name"]
            commune.kind = CommuneKind(row["kind"])
            commune.formed_from = row["formed_from"]
            if commune.centre is None:
                commune.centre = Centre(key=row["key"], name=row["centre_name"])
                added += 1
            else:
                commune.centre.name = row["centre_name"]
    session.flush()
    return added


def seed_service_fields(session: Session, path: Path = SERVICE_FIELDS_CSV) -> int:
    """The fields of procedures used to tag answers and receipt codes."""
    existing = {f.key: f for f in session.scalars(select(ServiceField))}
    added = 0
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            field = existing.get(row["key"])
            if field is None:
                field = ServiceField(key=row["key"])
                session.add(field)
                added += 1
            field.name_vi = row["name_vi"]
            field.name_en = row["name_en"]
    session.flush()
    return added


def seed_instruments(session: Session, specs: list[InstrumentSpec] | None = None) -> int:
    """Store each questionnaire version once; refuse a changed file with an old version.

    Stored answers point at a question's wording, so a file that changes must say so
    with a new version rather than silently rewrite what people were asked.
    """
    added = 0
    for spec in specs if specs is not None else read_all():
        stored = session.scalar(select(Instrument).filter_by(key=spec.key, version=spec.version))
        if stored is not None:
            if stored.checksum != spec.checksum:
                raise InstrumentError(
                    f"{spec.key} version {spec.version} changed since it was loaded; "
                    "give the file a new version number"
                )
            continue
        session.add(instrument_from_spec(spec))
        added += 1
    session.flush()
    return added


def instrument_from_spec(spec: InstrumentSpec) -> Instrument:
    """A new Instrument row with its questions."""
    instrument = Instrument(
        key=spec.key,
        version=spec.version,
        kind=spec.kind,
        title_vi=spec.title_vi,
        title_en=spec.title_en,
        checksum=spec.checksum,
        definition=spec.definition,
    )
    instrument.questions = [
        Question(
            key=q.key,
            position=q.position,
            section=q.section,
            family=q.family,
            factor=q.factor,
            item=q.item,
            policy=q.policy,
            answer_type=q.answer_type,
            allowed_values=list(q.allowed_values) if q.allowed_values else None,
            not_applicable=q.not_applicable,
            required=q.required,
            text_vi=q.text_vi,
            text_en=q.text_en,
        )
        for q in spec.questions
    ]
    return instrument
