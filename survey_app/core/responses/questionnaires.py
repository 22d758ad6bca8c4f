"""The visit pulse as the form sees it: questions in the page's language, ids by key."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from forms.questions import Choice, FormQuestion
from survey_app.models import Instrument

PULSE_KEY = "visit_pulse"


class QuestionnaireMissingError(RuntimeError):
    """The questionnaire has not been loaded: `flask seed reference` was not run."""


@dataclass(frozen=True, slots=True)
class Questionnaire:
    """One stored version of a questionnaire, ready for forms and for saving answers."""

    instrument_id: int
    question_ids: dict[str, int]
    allowed: dict[str, frozenset[int]]
    form_questions: dict[str, tuple[FormQuestion, ...]]

    def questions_in(self, lang: str) -> tuple[FormQuestion, ...]:
        """The questions worded in ``lang``, Vietnamese when we lack it."""
        return self.form_questions.get(lang) or self.form_questions["vi"]


def current_questionnaire(session: Session, key: str = PULSE_KEY) -> Questionnaire:
    """The newest version of questionnaire ``key``.

    One small query a request; the questions themselves are cached per version, since
    a stored version never changes.
    """
    instrument_id = session.scalar(
        select(Instrument.id).filter_by(key=key).order_by(Instrument.version.desc()).limit(1)
    )
    if instrument_id is None:
        raise QuestionnaireMissingError(key)
    return _load(session, instrument_id)


def questionnaire_by_id(session: Session, instrument_id: int) -> Questionnaire:
    """A stored version by id: the one an earlier response was answered on."""
    return _load(session, instrument_id)


def _load(session: Session, instrument_id: int) -> Questionnaire:
    cached = _CACHE.get((_engine_key(session), instrument_id))
    if cached is not None:
        return cached
    instrument = session.get_one(Instrument, instrument_id)
    scales: dict[str, Any] = instrument.definition.get("scales", {})
    by_key = {q["key"]: q for s in instrument.definition["sections"] for q in s["questions"]}
    questionnaire = Questionnaire(
        instrument_id=instrument.id,
        question_ids={q.key: q.id for q in instrument.questions},
        allowed={q.key: frozenset(q.allowed_values or ()) for q in instrument.questions},
        form_questions={
            lang: tuple(_form_question(by_key[q.key], scales, lang) for q in instrument.questions)
            for lang in ("vi", "en")
        },
    )
    _CACHE[(_engine_key(session), instrument_id)] = questionnaire
    return questionnaire


# Keyed by engine as well as id: tests (and tools) may open several databases in one process.
_CACHE: dict[tuple[str, int], Questionnaire] = {}


def _engine_key(session: Session) -> str:
    bind = session.get_bind()
    return bind.engine.url.render_as_string(hide_password=True)


def _form_question(raw: dict[str, Any], scales: dict[str, Any], lang: str) -> FormQuestion:
    scale = scales.get(raw.get("scale", ""), {})
    labels = scale.get(lang) or scale.get("vi") or []
    return FormQuestion(
        key=raw["key"],
        answer_type="text" if raw["type"] == "text" else "scale",
        label=raw["text"].get(lang) or raw["text"]["vi"],
        choices=tuple(
            Choice(str(value), label)
            for value, label in zip(scale.get("values", []), labels, strict=True)
        ),
        not_applicable=bool(raw.get("not_applicable", False)),
        required=bool(raw.get("required", False)),
        help=(raw.get("help") or {}).get(lang, ""),
        max_length=raw.get("max_length"),
        scale=raw.get("scale", ""),
    )


def latest_instrument(session: Session, key: str) -> Instrument | None:
    """The newest stored version of a questionnaire."""
    return session.scalar(
        select(Instrument).filter_by(key=key).order_by(Instrument.version.desc()).limit(1)
    )
