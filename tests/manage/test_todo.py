"""The centre page opens with this week's to-do list, each item a sentence and a link."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from flask.testing import FlaskClient
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from survey_app.core.weeks import local_midnight_utc
from survey_app.models import (
    Answer,
    Complaint,
    DossierCount,
    Question,
    Response,
    Role,
    User,
    utcnow,
)
from survey_app.seeding.demo import seed_demo
from tests import factories
from tests.complaints.conftest import raise_complaint
from tests.html import parse, text_of

WEEK = date(2026, 11, 16)
PAGE = f"/quan-ly/trung-tam/tinh?tuan={WEEK}"


@pytest.fixture
def demo(seeded: Session) -> Session:
    seed_demo(seeded, weeks=4, seed=3, end=date(2026, 11, 25))
    return seeded


def log_in(client: FlaskClient, session: Session, role: Role = Role.MANAGER) -> User:
    account = factories.user(session, username=f"u-{role.value}", role=role, centre_keys=("tinh",))
    factories.log_in(client, account)
    return account


def complaint_due(session: Session, due_in: timedelta) -> Complaint:
    complaint, _receipt = raise_complaint(session, centre_key="tinh", received_at=utcnow())
    complaint.due_at = utcnow() + due_in
    session.commit()
    return complaint


def item(page: object, kind: str) -> object:
    return page.select_one(f"#todo ~ ul .todo-{kind}")  # type: ignore[attr-defined]


def test_the_list_comes_before_every_figure(client: FlaskClient, demo: Session) -> None:
    log_in(client, demo)
    html = client.get(PAGE).get_data(as_text=True)
    assert 'id="todo"' in html
    assert html.index('id="todo"') < html.index('class="cards"') < html.index('id="indices"')
    assert text_of(parse(client.get(PAGE)), "#todo") == "Việc cần làm tuần này"


def test_overdue_and_due_soon_complaints_are_named_with_links(
    client: FlaskClient, demo: Session
) -> None:
    late = complaint_due(demo, -timedelta(days=2))
    soon = complaint_due(demo, timedelta(hours=1))
    calm = complaint_due(demo, timedelta(days=40))
    log_in(client, demo)
    page = parse(client.get(PAGE))
    overdue, due_soon = item(page, "overdue"), item(page, "due_soon")
    assert overdue is not None
    assert due_soon is not None
    assert "đã quá hạn" in overdue.get_text()
    assert "sắp đến hạn" in due_soon.get_text()
    overdue_links = {a.get_text(): a["href"] for a in overdue.select(".codes a")}
    soon_links = {a.get_text(): a["href"] for a in due_soon.select(".codes a")}
    assert overdue_links[late.tracking_code] == f"/quan-ly/phan-anh/{late.id}"
    assert soon_links[soon.tracking_code] == f"/quan-ly/phan-anh/{soon.id}"
    assert late.tracking_code not in soon_links
    assert calm.tracking_code not in overdue_links | soon_links
    assert overdue.select_one("a.action")["href"] == "/quan-ly/phan-anh/"


def test_warnings_and_what_to_fix_first_are_the_pages_own(
    client: FlaskClient, demo: Session
) -> None:
    log_in(client, demo)
    page = parse(client.get(PAGE))
    advice = [li.select_one("strong").get_text(strip=True) for li in page.select("ul.advice li")]
    warnings = [
        li.get_text(" ", strip=True).split(":", 1)[1].split(" Vì sao")[0].strip()
        for li in page.select("ul.warnings li")
    ]
    assert advice, "the demo centre has something to fix first"
    todo = [li.get_text(" ", strip=True) for li in page.select(".todo-list li")]
    for headline in advice:
        assert any(headline in line for line in todo), headline
    # Each warning in the list is one of the page's (the list names each factor once).
    listed = [line for line in todo if line.startswith(("Có nguy cơ:", "Cần theo dõi:"))]
    assert bool(listed) == bool(warnings)
    for line in listed:
        assert any(sentence[:60] in line for sentence in warnings), line
    assert all(a["href"] == "#first" for a in page.select(".todo-fix_first a.action"))


def unhappy_visit_comment(session: Session, text: str) -> None:
    """One of the week's visits rated "very dissatisfied", with ``text`` as its comment."""
    ids = {q.key: q.id for q in session.scalars(select(Question))}
    response_id = session.scalar(
        select(Response.id)
        .where(
            Response.centre_id == factories.centre(session, "tinh").id,
            Response.submitted_at >= local_midnight_utc(WEEK),
            Response.submitted_at < local_midnight_utc(WEEK + timedelta(weeks=1)),
            Response.is_suspect.is_(False),
        )
        .limit(1)
    )
    session.execute(
        update(Answer)
        .where(Answer.response_id == response_id, Answer.question_id == ids["overall.visit"])
        .values(value=1)
    )
    session.execute(
        delete(Answer).where(
            Answer.response_id == response_id, Answer.question_id == ids["comment"]
        )
    )
    session.add(Answer(response_id=response_id, question_id=ids["comment"], text=text))
    session.commit()


def test_unhappy_comments_are_counted_and_linked(client: FlaskClient, demo: Session) -> None:
    unhappy_visit_comment(demo, "Chờ cả buổi sáng mà không ai hướng dẫn")
    log_in(client, demo)
    page = parse(client.get(PAGE))
    unhappy = page.select("ul.comments.unhappy li")
    assert any("Chờ cả buổi sáng" in li.get_text() for li in unhappy)
    found = item(page, "comments")
    assert found is not None
    assert found.get_text(" ", strip=True).startswith(f"{len(unhappy)} góp ý mới")
    assert found.select_one("a.action")["href"] == "#unhappy-comments"
    assert page.select_one("#unhappy-comments") is not None


def test_a_missing_dossier_count_is_asked_for_until_entered(
    client: FlaskClient, demo: Session
) -> None:
    log_in(client, demo)
    found = item(parse(client.get(PAGE)), "dossiers")
    assert found is not None
    assert "16/11–22/11/2026" in found.get_text()
    assert found.select_one("a.action")["href"] == f"/quan-ly/ho-so/tinh?tuan={WEEK}"
    demo.add(DossierCount(centre_id=factories.centre(demo, "tinh").id, week_start=WEEK, dossiers=9))
    demo.commit()
    assert item(parse(client.get(PAGE)), "dossiers") is None


def test_a_viewer_is_not_asked_to_type_dossiers(client: FlaskClient, demo: Session) -> None:
    log_in(client, demo, Role.VIEWER)
    page = parse(client.get(PAGE))
    assert page.select_one(".todo-list") is not None
    assert item(page, "dossiers") is None


def test_nothing_pending_says_so(client: FlaskClient, seeded: Session) -> None:
    log_in(client, seeded)
    seeded.add(
        DossierCount(centre_id=factories.centre(seeded, "tinh").id, week_start=WEEK, dossiers=0)
    )
    seeded.commit()
    page = parse(client.get(PAGE))
    assert page.select_one(".todo-list") is None
    assert text_of(page, ".todo-none").startswith("Không có việc tồn đọng")
