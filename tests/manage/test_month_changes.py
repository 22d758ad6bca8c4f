"""The month view marks a change from the month before as up or down only where the
change test says it is more than chance, with n both months."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from survey_app.models import Centre, Role
from survey_app.reporting.centre_figures import span_changes
from tests import factories
from tests.html import parse

OCTOBER = (date(2026, 10, 1), date(2026, 10, 31))
NOVEMBER = (date(2026, 11, 1), date(2026, 11, 29))


def _answers(session: Session, key: str, month: int, levels: list[int]) -> None:
    at = datetime(2026, month, 10, 3, 0, tzinfo=UTC)
    for level in levels:
        factories.pulse_response(session, centre_key=key, level=level, submitted_at=at)


@pytest.fixture
def months(seeded: Session) -> Session:
    # Văn Quan falls from 90 % to 40 %; Bắc Sơn moves by a few points; Tỉnh has too few.
    _answers(seeded, "van-quan", 10, [5] * 36 + [1] * 4)
    _answers(seeded, "van-quan", 11, [5] * 16 + [1] * 24)
    _answers(seeded, "bac-son", 10, [5] * 30 + [1] * 10)
    _answers(seeded, "bac-son", 11, [5] * 28 + [1] * 12)
    _answers(seeded, "tinh", 10, [5] * 40)
    _answers(seeded, "tinh", 11, [1] * 10)
    return seeded


def _centre(session: Session, key: str) -> Centre:
    return session.query(Centre).filter_by(key=key).one()


def test_a_large_fall_is_significant_a_small_one_is_noise_and_few_answers_are_untested(
    months: Session,
) -> None:
    fall = span_changes(months, _centre(months, "van-quan"), OCTOBER, NOVEMBER)
    assert fall["overall"].direction == "down"
    assert fall["overall"].difference == pytest.approx(-50.0)
    assert (fall["overall"].n_previous, fall["overall"].n_current) == (40, 40)
    assert fall["service"].direction == "down"
    small = span_changes(months, _centre(months, "bac-son"), OCTOBER, NOVEMBER)
    assert small["overall"].direction == "noise"
    assert small["overall"].difference == pytest.approx(-5.0)
    few = span_changes(months, _centre(months, "tinh"), OCTOBER, NOVEMBER)
    assert few["overall"].direction == "untested"
    assert few["overall"].difference is None
    # A rise the size of the fall, the other way round, is marked up.
    rise = span_changes(months, _centre(months, "van-quan"), NOVEMBER, OCTOBER)
    assert rise["overall"].direction == "up"


def test_month_view_words_the_change_and_shows_both_months_n(
    client: FlaskClient, months: Session
) -> None:
    factories.log_in(client, factories.user(months, role=Role.ADMIN, centre_keys=()))
    page = parse(client.get("/quan-ly/trung-tam/van-quan/thang?thang=2026-11"))
    rows = {r.th.get_text(strip=True): r for r in page.select("table.factors tbody tr")}
    overall = rows["Hài lòng chung"]
    change = overall.select_one("td.change")
    assert "change-down" in change["class"]
    assert "−50,0 giảm có ý nghĩa" in change.get_text(" ", strip=True)
    numbers = [td.get_text(strip=True) for td in overall.select("td.num")]
    assert numbers[-3:] == ["40", "90,0", "40"]  # n this month, last month, n last month
    steady = parse(client.get("/quan-ly/trung-tam/bac-son/thang?thang=2026-11"))
    steady_change = steady.select_one("table.factors tbody tr td.change")
    assert "change-noise" in steady_change["class"]
    assert "thay đổi trong phạm vi dao động ngẫu nhiên" in steady_change.get_text()
    assert "giảm có ý nghĩa" not in steady_change.get_text()


def test_month_view_in_english(client: FlaskClient, months: Session) -> None:
    factories.log_in(client, factories.user(months, role=Role.ADMIN, centre_keys=()))
    client.get("/?lang=en")
    page = client.get("/quan-ly/trung-tam/van-quan/thang?thang=2026-11").get_data(as_text=True)
    assert "significant fall" in page
