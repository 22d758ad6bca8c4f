"""Report jobs: built in a real thread, progress in the database, the file for its owner only.

The job's state lives in its row, so what a test reads through the page is what any other
app server would read. A job belongs to who asked for it (and the province's roles: the
Department, the administrator): anyone else is told "not found".
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import timedelta

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from survey_app.core import report_jobs
from survey_app.core.clock import now_utc
from survey_app.core.report_jobs import create_job, purge_expired, start_job
from survey_app.models import AuditEvent, JobStatus, ReportJob, Role, User
from tests import factories
from tests.reports.jobs import Gate, follow, wait_until_finished


@pytest.fixture
def gate(monkeypatch: pytest.MonkeyPatch) -> Iterator[Gate]:
    made = Gate()
    monkeypatch.setitem(report_jobs._KINDS, "test.gate", made.kind())
    yield made
    made.open.set()  # never leave a thread waiting


@pytest.fixture
def manager(seeded: Session) -> User:
    return factories.user(seeded, username="lanh-dao", role=Role.MANAGER)


def started(session: Session, owner: User, n: int = 7) -> int:
    job = create_job(session, owner, "test.gate", {"n": n})
    session.commit()
    start_job(job.id)
    return job.id


def test_a_job_shows_its_step_while_building_then_its_download(
    client: FlaskClient, seeded: Session, manager: User, gate: Gate
) -> None:
    factories.log_in(client, manager)
    job_id = started(seeded, manager)
    assert gate.reached.wait(30)
    page = follow(client, job_id)
    assert "Đang tạo báo cáo… bước 1/3: Đếm câu trả lời trong kỳ" in page
    assert '<progress value="1" max="3">' in page
    assert '<meta http-equiv="refresh" content="2">' in page
    assert "<script" not in page
    seeded.commit()
    job = seeded.get_one(ReportJob, job_id)
    assert (job.status, job.step, job.steps) == (JobStatus.RUNNING, 1, 3)
    gate.open.set()
    assert wait_until_finished(job_id) is JobStatus.DONE
    page = follow(client, job_id)
    assert "http-equiv" not in page  # done: the page stops reloading itself
    assert f'href="/quan-ly/bao-cao/{job_id}/tai-xuong"' in page
    response = client.get(f"/quan-ly/bao-cao/{job_id}/tai-xuong")
    assert response.status_code == 200
    assert response.data == "tệp 7".encode()
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Content-Disposition"] == 'attachment; filename="thu-nghiem.txt"'
    audit = seeded.scalars(select(AuditEvent).where(AuditEvent.action == "export.test_report"))
    assert [(e.actor_id, e.target_id) for e in audit] == [(manager.id, "7")]


def test_another_user_is_told_the_job_does_not_exist(
    client: FlaskClient, seeded: Session, manager: User, gate: Gate
) -> None:
    job_id = started(seeded, manager)
    gate.open.set()
    assert wait_until_finished(job_id) is JobStatus.DONE
    other = factories.user(seeded, username="lanh-dao-khac", role=Role.MANAGER)
    factories.log_in(client, other)
    for url in (f"/quan-ly/bao-cao/{job_id}", f"/quan-ly/bao-cao/{job_id}/tai-xuong"):
        assert client.get(url).status_code == 404
        assert client.get(url.replace(str(job_id), str(job_id + 1000))).status_code == 404
    assert client.post(f"/quan-ly/bao-cao/{job_id}/tao-lai").status_code == 404
    # The Department and the administrator see every job; a user whose role may not build
    # it sees none.
    for role in (Role.DEPARTMENT, Role.ADMIN):
        factories.log_in(client, factories.user(seeded, username=f"tinh-{role}", role=role))
        assert client.get(f"/quan-ly/bao-cao/{job_id}/tai-xuong").status_code == 200
    manager.role = Role.VIEWER
    seeded.commit()
    factories.log_in(client, manager)
    assert client.get(f"/quan-ly/bao-cao/{job_id}").status_code == 404


def test_a_failure_shows_a_translated_message_and_logs_the_traceback(
    client: FlaskClient,
    seeded: Session,
    manager: User,
    gate: Gate,
    caplog: pytest.LogCaptureFixture,
) -> None:
    gate.fail = RuntimeError("secret detail of the server")
    factories.log_in(client, manager)
    with caplog.at_level(logging.ERROR, logger="survey_app.core.report_jobs"):
        job_id = started(seeded, manager)
        gate.open.set()
        assert wait_until_finished(job_id) is JobStatus.FAILED
    assert "secret detail of the server" in caplog.text  # the traceback is logged
    page = follow(client, job_id)
    assert "Không tạo được báo cáo do lỗi trên máy chủ" in page
    assert "secret detail" not in page
    assert "Traceback" not in page
    assert ">Tạo lại</button>" in page
    assert client.get(f"/quan-ly/bao-cao/{job_id}/tai-xuong").status_code == 404
    english = client.get(f"/quan-ly/bao-cao/{job_id}?lang=en").get_data(as_text=True)
    assert "The report could not be built because of an error on the server" in english
    # "Tạo lại" builds it again as a new job, which finishes.
    gate.fail = None
    response = client.post(f"/quan-ly/bao-cao/{job_id}/tao-lai")
    assert response.status_code == 303
    again = int(response.headers["Location"].rsplit("/", 1)[1])
    assert again != job_id
    assert wait_until_finished(again) is JobStatus.DONE


def test_a_job_whose_worker_died_shows_as_failed(
    client: FlaskClient, seeded: Session, manager: User, gate: Gate
) -> None:
    long_ago = now_utc() - timedelta(minutes=11)
    job = ReportJob(
        kind="test.gate",
        parameters={"n": 3},
        requested_by_id=manager.id,
        status=JobStatus.RUNNING,
        step=1,
        steps=3,
        step_label="Đếm câu trả lời trong kỳ",
        created_at=long_ago,
        started_at=long_ago,
        updated_at=long_ago,
    )
    seeded.add(job)
    seeded.commit()
    recent = factories.report_job(seeded, manager, status=JobStatus.RUNNING)
    recent.kind, recent.parameters = "test.gate", {"n": 4}
    recent.updated_at = now_utc() - timedelta(minutes=9)
    seeded.commit()
    factories.log_in(client, manager)
    page = follow(client, job.id)
    assert "Máy chủ đang tạo báo cáo đã dừng giữa chừng" in page
    assert ">Tạo lại</button>" in page
    assert "http-equiv" not in page
    seeded.refresh(job)
    assert job.status is JobStatus.FAILED
    assert "Đang chờ máy chủ" in follow(client, recent.id) or "Đang tạo" in follow(
        client, recent.id
    )


def test_files_older_than_a_day_are_no_longer_served_and_then_emptied(
    client: FlaskClient, seeded: Session, manager: User, gate: Gate
) -> None:
    old = factories.report_job(seeded, manager)
    old.kind, old.parameters = "test.gate", {"n": 5}
    old.finished_at = now_utc() - timedelta(hours=25)
    fresh = factories.report_job(seeded, manager)
    fresh.kind, fresh.parameters = "test.gate", {"n": 6}
    seeded.commit()
    factories.log_in(client, manager)
    assert client.get(f"/quan-ly/bao-cao/{old.id}/tai-xuong").status_code == 404
    assert "đã được xoá sau 24 giờ" in follow(client, old.id)
    assert client.get(f"/quan-ly/bao-cao/{fresh.id}/tai-xuong").status_code == 200
    purge_expired(seeded, now_utc())
    seeded.commit()
    contents = dict(seeded.execute(select(ReportJob.id, ReportJob.content)).all())
    assert contents == {old.id: None, fresh.id: b"PK workbook"}
