"""Helpers for report jobs in tests: a kind that waits for the test, and waiting for a job."""

from __future__ import annotations

import re
import threading
import time
from typing import Any

from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from survey_app.core.report_jobs import Built, JobKind, Progress
from survey_app.extensions import db
from survey_app.models import PROVINCE_ROLES, JobStatus, ReportJob, Role

JOB_URL = re.compile(r"/quan-ly/bao-cao/(\d+)$")


class Gate:
    """A builder that reports step 1 of 3, then waits until the test opens the gate."""

    def __init__(self, *, fail: Exception | None = None) -> None:
        self.reached = threading.Event()
        self.open = threading.Event()
        self.fail = fail

    def build(self, session: Session, parameters: dict[str, Any], progress: Progress) -> Built:
        progress(1, 3, "Đếm câu trả lời trong kỳ")
        self.reached.set()
        assert self.open.wait(30), "the test never opened the gate"
        if self.fail is not None:
            raise self.fail
        progress(2, 3, "Lưu tệp Excel")
        return Built(f"tệp {parameters['n']}".encode(), "thu-nghiem.txt", "text/plain")

    def kind(self, name: str = "test.gate") -> JobKind:
        return JobKind(
            name=name,
            build=self.build,
            describe=lambda parameters: f"Báo cáo thử {parameters['n']}",
            audit_action="export.test_report",
            audit_target=lambda parameters: str(parameters["n"]),
            roles=frozenset({*PROVINCE_ROLES, Role.MANAGER}),
        )


def job_id_of(response_location: str) -> int:
    """The job id a redirect to a job page names."""
    match = JOB_URL.search(response_location)
    assert match, response_location
    return int(match.group(1))


def wait_until_finished(job_id: int, timeout: float = 120) -> JobStatus:
    """Poll the database, as another app server would, until the job is done or failed."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        db.session.commit()  # end this session's transaction: read what the thread committed
        status = db.session.scalar(select(ReportJob.status).where(ReportJob.id == job_id))
        if status in (JobStatus.DONE, JobStatus.FAILED):
            return status
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} did not finish in {timeout} s")


def follow(client: FlaskClient, job_id: int) -> str:
    """The job page's text."""
    response = client.get(f"/quan-ly/bao-cao/{job_id}")
    assert response.status_code == 200, response.status_code
    assert response.headers["Cache-Control"] == "no-store"
    return response.get_data(as_text=True)
