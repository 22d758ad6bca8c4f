"""The SIPAS questionnaire as pages: one page per section of the instrument file."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from forms.questions import COMMUNE_TYPE, Choice, FormQuestion
from survey_app.core.responses.questionnaires import Questionnaire, current_questionnaire
from survey_app.models import Instrument

SURVEY_KEY = "sipas_survey"


@dataclass(frozen=True, slots=True)
class SurveyPage:
    """One section of the questionnaire, worded in one language."""

    number: int
    key: str
    title: str
    questions: tuple[FormQuestion, ...]


@dataclass(frozen=True, slots=True)
class _Section:
    key: str
    title: dict[str, str]
    question_keys: tuple[str, ...]
    commune_keys: frozenset[str]


def survey_questionnaire(session: Session) -> Questionnaire:
    """The newest stored version of the SIPAS questionnaire."""
    return current_questionnaire(session, SURVEY_KEY)


def survey_pages(
    session: Session,
    questionnaire: Questionnaire,
    lang: str,
    communes: Sequence[tuple[int, str]],
    *,
    commune_required: bool = True,
) -> list[SurveyPage]:
    """The pages in ``lang``; the commune question offers ``communes``.

    The online form requires the commune although the file makes every question
    optional: each response is counted against its commune's sample, so an answer
    without one could not be used.
    """
    by_key = {q.key: q for q in questionnaire.questions_in(lang)}
    commune_choices = tuple(Choice(str(i), name) for i, name in communes)
    pages = []
    for number, section in enumerate(_sections(session, questionnaire.instrument_id), start=1):
        questions = []
        for key in section.question_keys:
            question = by_key[key]
            if key in section.commune_keys:
                question = dataclasses.replace(
                    question,
                    answer_type=COMMUNE_TYPE,
                    choices=commune_choices,
                    required=commune_required,
                )
            questions.append(question)
        title = section.title.get(lang) or section.title["vi"]
        pages.append(SurveyPage(number, section.key, title, tuple(questions)))
    return pages


def commune_question_keys(session: Session, questionnaire: Questionnaire) -> frozenset[str]:
    """Keys of the questions answered with a commune (stored on the response, not as a value)."""
    return frozenset().union(
        *(s.commune_keys for s in _sections(session, questionnaire.instrument_id))
    )


# A stored version never changes, so its sections are read once per database and version.
_SECTIONS: dict[tuple[str, int], tuple[_Section, ...]] = {}


def _sections(session: Session, instrument_id: int) -> tuple[_Section, ...]:
    key = (session.get_bind().engine.url.render_as_string(hide_password=True), instrument_id)
    if key not in _SECTIONS:
        definition = session.get_one(Instrument, instrument_id).definition
        _SECTIONS[key] = tuple(
            _Section(
                key=raw["key"],
                title=dict(raw["title"]),
                question_keys=tuple(q["key"] for q in raw.get("questions", [])),
                commune_keys=frozenset(
                    q["key"] for q in raw.get("questions", []) if q["type"] == COMMUNE_TYPE
                ),
            )
            for raw in definition["sections"]
        )
    return _SECTIONS[key]
