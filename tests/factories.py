"""Factories for test data; keyword-only, with defaults that read like a real centre."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from survey_app.core.clock import now_utc
from survey_app.core.passwords import hash_secret
from survey_app.core.qr.codes import hash_receipt_code, new_poster_code, new_receipt_code
from survey_app.core.report_jobs import FAILED
from survey_app.models import (
    Centre,
    Counter,
    JobStatus,
    PosterCode,
    ReceiptCode,
    ReportJob,
    Role,
    User,
)

PASSWORD = "mật khẩu thử nghiệm"


def centre(session: Session, key: str = "van-quan") -> Centre:
    """A seeded centre by key."""
    found = session.scalar(select(Centre).filter_by(key=key))
    assert found is not None, f"no centre {key!r}: use the `seeded` fixture"
    return found


def poster(
    session: Session, *, centre_key: str = "van-quan", counter_number: int | None = None
) -> PosterCode:
    """An active poster code for a centre, or for one of its counters."""
    place = centre(session, centre_key)
    counter = None
    if counter_number is not None:
        counter = Counter(centre=place, number=counter_number, name=f"Quầy {counter_number}")
        session.add(counter)
    code = PosterCode(code=new_poster_code(), centre=place, counter=counter)
    session.add(code)
    session.commit()
    return code


def receipt_code(session: Session, *, centre_key: str = "van-quan") -> str:
    """A fresh one-time receipt code; only its hash is stored, the code is returned."""
    code = new_receipt_code()
    session.add(
        ReceiptCode(
            code_hash=hash_receipt_code(code), centre=centre(session, centre_key), batch="t"
        )
    )
    session.commit()
    return code


def user(
    session: Session,
    *,
    username: str = "quanly",
    role: Role = Role.MANAGER,
    centre_keys: tuple[str, ...] = ("van-quan",),
    password: str = PASSWORD,
) -> User:
    """A staff account scoped to some centres."""
    account = User(
        username=username,
        full_name=username.title(),
        password_hash=hash_secret(password),
        role=role,
        centres=[centre(session, k) for k in centre_keys],
    )
    session.add(account)
    session.commit()
    return account


def log_in(client: object, account: User, password: str = PASSWORD) -> None:
    """Sign ``account`` in on a test client and check that it worked."""
    response = client.post("/dang-nhap", data={"username": account.username, "password": password})
    assert response.status_code == 302, response.status_code


def pulse_response(
    session: Session,
    *,
    centre_key: str = "van-quan",
    level: int = 5,
    comment: str | None = None,
    flags: tuple[str, ...] = (),
    channel: object = None,
    submitted_at: object = None,
) -> int:
    """A stored visit-pulse response: every service factor and overall at ``level``."""
    import uuid  # noqa: PLC0415

    from survey_app.core.responses.questionnaires import current_questionnaire  # noqa: PLC0415
    from survey_app.core.responses.submissions import Place, Submission, save_submission  # noqa: PLC0415
    from survey_app.models import Channel  # noqa: PLC0415

    place = centre(session, centre_key)
    keys = ("access", "procedure", "staff", "result", "feedback")
    answers: dict[str, int | None] = {f"{k}.general": level for k in keys}
    answers |= {"overall.visit": level, "integrity.harassment": 1, "integrity.on_time": 1}
    result = save_submission(
        session,
        Place(centre_id=place.id, commune_id=place.commune_id, centre_name=place.name),
        current_questionnaire(session),
        Submission(
            submission_id=str(uuid.uuid4()),
            channel=channel or Channel.POSTER_QR,
            answers=answers,
            texts={"comment": comment} if comment else {},
            flags=flags,
            submitted_at=submitted_at,
        ),
    )
    assert result.response_id is not None
    return result.response_id


def late_paper_slip(client: object, session: Session, *, visit_date: str) -> None:
    """A clerk of Văn Quan types in one paper slip (overall 5) for ``visit_date``."""
    log_in(client, user(session, centre_keys=("van-quan",)))
    page = client.get("/quan-ly/phieu-giay").get_data(as_text=True)
    token = page.split('name="submission" value="')[1].split('"')[0]
    client.post(
        "/quan-ly/phieu-giay",
        data={
            "submission": token,
            "centre": str(centre(session).id),
            "visit_date": visit_date,
            "overall-visit": "5",
        },
    )


def report_job(
    session: Session,
    owner: User,
    *,
    status: JobStatus = JobStatus.DONE,
    period: str = "2026-Q3",
) -> ReportJob:
    """A SIPAS workbook job of ``owner``'s, finished now (its file a few bytes)."""
    now = now_utc()
    done = status is JobStatus.DONE
    job = ReportJob(
        kind="survey.sipas",
        parameters={"period": period, "replicates": 20, "seed": 1},
        requested_by_id=owner.id,
        status=status,
        step=11 if done else 0,
        steps=11 if done else 0,
        created_at=now,
        updated_at=now,
        finished_at=now if done else None,
        content=b"PK workbook" if done else None,
        filename=f"sipas-{period}.xlsx" if done else "",
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        error="" if done else FAILED,
    )
    session.add(job)
    session.commit()
    return job
