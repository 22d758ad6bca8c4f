"""Reference data and demo data."""

from __future__ import annotations

import tomllib
from datetime import date, timedelta
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import func, select
from sqlalchemy import text as sql
from sqlalchemy.orm import Session

from survey_app.core.instruments import INSTRUMENT_DIR, InstrumentError, read_all, read_instrument
from survey_app.core.passwords import verify_secret
from survey_app.models import (
    Answer,
    Centre,
    Channel,
    Commune,
    CommuneKind,
    Complaint,
    Instrument,
    Question,
    Response,
    Role,
    User,
)
from survey_app.seeding.demo import seed_demo
from survey_app.seeding.reference import seed_instruments, seed_reference


def count(session: Session, model: type) -> int:
    return session.scalar(select(func.count()).select_from(model))


def test_seeding_twice_gives_65_communes_and_66_centres(session: Session) -> None:
    first = seed_reference(session)
    second = seed_reference(session)
    assert second.added == 0
    assert first.communes == second.communes == 65
    assert first.centres == second.centres == 66
    communes = session.scalars(select(Commune).where(Commune.kind != CommuneKind.PROVINCE)).all()
    assert len(communes) == 65
    assert sum(c.kind is CommuneKind.WARD for c in communes) == 4
    assert sum(c.kind is CommuneKind.COMMUNE for c in communes) == 61
    assert count(session, Centre) == 66
    province = session.scalar(select(Commune).filter_by(official_code="20"))
    assert province.kind is CommuneKind.PROVINCE
    assert province.centre.name == "Trung tâm Phục vụ hành chính công tỉnh Lạng Sơn"


def test_commune_names_keep_their_diacritics(seeded: Session) -> None:
    names = set(seeded.scalars(select(Commune.name)))
    assert {"Văn Quan", "Lương Văn Tri", "Kỳ Lừa", "Tam Thanh"} <= names


def test_every_questionnaire_file_is_loaded_with_its_questions(seeded: Session) -> None:
    stored = {(i.key, i.version): len(i.questions) for i in seeded.scalars(select(Instrument))}
    assert stored == {(s.key, s.version): len(s.questions) for s in read_all()}
    pulse = seeded.scalar(select(Instrument).filter_by(key="visit_pulse"))
    by_key = {q.key: q for q in pulse.questions}
    assert by_key["staff.general"].allowed_values == [1, 2, 3, 4, 5]
    assert by_key["feedback.general"].not_applicable is True
    assert by_key["integrity.supplements"].allowed_values == [0, 1, 2, 3]
    assert by_key["comment"].answer_type == "text"


def test_a_changed_questionnaire_needs_a_new_version(seeded: Session, tmp_path: Path) -> None:
    source = (INSTRUMENT_DIR / "visit_pulse_v1.toml").read_text(encoding="utf-8")
    edited = tmp_path / "visit_pulse_v1.toml"
    edited.write_text(source.replace("Về thủ tục hành chính", "Về thủ tục"), encoding="utf-8")
    with pytest.raises(InstrumentError, match="new version"):
        seed_instruments(seeded, [read_instrument(edited)])
    bumped = tmp_path / "visit_pulse_v2.toml"
    bumped.write_text(edited.read_text(encoding="utf-8").replace("version = 1", "version = 2"))
    assert seed_instruments(seeded, [read_instrument(bumped)]) == 1


def test_a_questionnaire_with_an_unknown_scale_is_refused(tmp_path: Path) -> None:
    source = (INSTRUMENT_DIR / "visit_pulse_v1.toml").read_text(encoding="utf-8")
    broken = tmp_path / "broken.toml"
    broken.write_text(source.replace('scale = "on_time"', 'scale = "missing"'), encoding="utf-8")
    with pytest.raises(InstrumentError, match="unknown scale"):
        read_instrument(broken)


def test_pulse_has_one_question_per_service_factor() -> None:
    data = tomllib.loads((INSTRUMENT_DIR / "visit_pulse_v1.toml").read_text(encoding="utf-8"))
    keys = [q["key"] for s in data["sections"] for q in s["questions"] if q["family"] == "service"]
    assert keys == [f"{f}.general" for f in ("access", "procedure", "staff", "result", "feedback")]


def test_demo_data_spans_the_weeks_and_every_centre(seeded: Session) -> None:
    end = date(2026, 11, 25)
    summary = seed_demo(seeded, weeks=2, seed=7, end=end)
    assert summary.responses == count(seeded, Response) > 1000
    assert summary.answers == count(seeded, Answer)
    assert len(summary.declining_centres) == 4
    first, last = seeded.execute(
        select(func.min(Response.submitted_at), func.max(Response.submitted_at))
    ).one()
    monday = end - timedelta(days=end.weekday())
    assert first.date() >= monday - timedelta(weeks=2, days=1)
    assert last.date() < monday
    centres_with_answers = seeded.scalar(select(func.count(func.distinct(Response.centre_id))))
    assert centres_with_answers == 66
    channels = set(seeded.scalars(select(Response.channel).distinct()))
    assert channels == {Channel.POSTER_QR, Channel.RECEIPT_CODE, Channel.KIOSK, Channel.PAPER}


def test_demo_answers_are_valid_for_their_questions(seeded: Session) -> None:
    seed_demo(seeded, weeks=1, seed=3, end=date(2026, 11, 25))
    rows = seeded.execute(
        select(Question.key, Question.allowed_values, Answer.value, Answer.text).join(Answer)
    ).all()
    for key, allowed, value, text in rows:
        if key == "comment":
            assert text
        elif value is None:
            assert key == "feedback.general"
        else:
            assert value in allowed, (key, value)
    satisfied = sum(v >= 4 for k, _, v, _ in rows if k == "overall.visit")
    total = sum(1 for k, *_ in rows if k == "overall.visit")
    assert 0.6 < satisfied / total < 0.95


def test_demo_complaints_point_at_unhappy_answers(seeded: Session) -> None:
    seed_demo(seeded, weeks=2, seed=11, end=date(2026, 11, 25))
    complaints = seeded.scalars(select(Complaint)).all()
    assert complaints
    for complaint in complaints:
        assert complaint.events
        assert complaint.contact_ciphertext is None


def test_seed_demo_command_adds_data_once(runner: FlaskCliRunner, seeded: Session) -> None:
    first = runner.invoke(args=["seed", "demo", "--weeks", "1"])
    assert first.exit_code == 0, first.output
    assert "responses" in first.output
    stored = count(seeded, Response)
    second = runner.invoke(args=["seed", "demo", "--weeks", "1"])
    assert "nothing added" in second.output
    assert count(seeded, Response) == stored


def test_seed_demo_command_leaves_the_planner_its_statistics(
    runner: FlaskCliRunner, seeded: Session
) -> None:
    # Stale statistics after a bulk load made the warnings' pivot query run for minutes.
    if seeded.get_bind().dialect.name != "postgresql":
        pytest.skip("SQLite's planner keeps no table statistics")
    seeded.commit()
    result = runner.invoke(args=["seed", "demo", "--weeks", "1"])
    assert result.exit_code == 0, result.output
    analysed = seeded.scalar(
        sql("SELECT last_analyze FROM pg_stat_user_tables WHERE relname = 'answer'")
    )
    assert analysed is not None


def test_seed_demo_command_explains_a_missing_reference(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["seed", "demo", "--weeks", "1"])
    assert result.exit_code != 0
    assert "flask seed reference" in str(result.exception) + result.output


def test_demo_data_creates_demo_accounts_once_with_random_passwords(
    runner: FlaskCliRunner, seeded: Session
) -> None:
    first = runner.invoke(args=["seed", "demo", "--weeks", "1"])
    lines = [line for line in first.output.splitlines() if line.startswith("demo account")]
    # Four staff accounts (the system administrator, the Department, a centre manager, a
    # complaint handler) and three agency users of the criterion tracker.
    assert len(lines) == 7
    usernames = {line.split("'")[1] for line in lines}
    department = seeded.scalar(select(User).filter_by(username="demo-sonoivu"))
    administrator = seeded.scalar(select(User).filter_by(username="demo-quantri"))
    assert (department.role, administrator.role) == (Role.DEPARTMENT, Role.ADMIN)
    assert usernames >= {"demo-quantri", "demo-sonoivu", "demo-quanly", "demo-xuly"}
    username, password = lines[0].split("'")[1], lines[0].split("'")[3]
    stored = seeded.scalar(select(User).filter_by(username=username))
    assert verify_secret(stored.password_hash, password)
    again = runner.invoke(args=["seed", "demo", "--weeks", "1", "--force"])
    assert "demo account" not in again.output


def test_demo_data_is_refused_in_production(
    app: Flask, runner: FlaskCliRunner, seeded: Session
) -> None:
    app.config["CONFIG_NAME"] = "production"
    result = runner.invoke(args=["seed", "demo", "--weeks", "1"])
    assert result.exit_code != 0
    assert "never goes into a production database" in result.output
    assert count(seeded, Response) == 0
