"""The survey estimates are kept per process, keyed on the responses they come from."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.orm import Session

from analysis.par_index import IndexEstimate
from survey_app.core.clock import today_local
from survey_app.tracker import survey_estimates as module
from tests import factories


def test_estimates_are_made_once_per_data_version(
    seeded: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    made: list[tuple[int, date]] = []
    real = module._compute

    def counting(
        session: Session, number: int, first: date, last: date
    ) -> dict[str, IndexEstimate]:
        made.append((number, last))
        return real(session, number, first, last)

    monkeypatch.setattr(module, "_compute", counting)
    today = today_local()
    number = today.year
    first = module.survey_estimates(seeded, number, today)
    again = module.survey_estimates(seeded, number, today)
    assert len(made) == 1
    assert again == first
    # What a caller does with its copy does not change what is kept.
    again["added by a caller"] = IndexEstimate(50.0, 40.0, 60.0, n=10)
    assert "added by a caller" not in module.survey_estimates(seeded, number, today)
    assert len(made) == 1
    # A new response of the year is another version of the data: made again.
    factories.pulse_response(seeded, level=5)
    seeded.commit()
    module.survey_estimates(seeded, number, today)
    assert len(made) == 2
    # Another last day counted is another key too.
    module.survey_estimates(seeded, number, date(number, 1, 1))
    assert len(made) == 3
