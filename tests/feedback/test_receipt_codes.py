"""One-time receipt codes: one rating per dossier, consumed only by a valid POST."""

from __future__ import annotations

import threading

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from survey_app.core.qr.codes import hash_receipt_code
from survey_app.core.responses.tokens import issue_submission_token
from survey_app.models import Channel, ReceiptCode, Response
from tests import factories, live
from tests.feedback.test_rating import GOOD_ANSWERS, post_answers
from tests.html import parse, text_of


def responses(session: Session) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(Response))


def used_at(session: Session, code: str) -> object:
    session.expire_all()
    return session.scalar(select(ReceiptCode.used_at).filter_by(code_hash=hash_receipt_code(code)))


def test_opening_the_link_does_not_use_the_code(client: FlaskClient, seeded: Session) -> None:
    code = factories.receipt_code(seeded)
    for _ in range(3):  # a chat app's preview, then the citizen, then a reload
        assert client.get(f"/r/{code}").status_code == 200
    assert used_at(seeded, code) is None


def test_a_code_rates_once_and_then_says_already_rated(
    client: FlaskClient, seeded: Session
) -> None:
    code = factories.receipt_code(seeded)
    url = f"/r/{code}"
    # Two people opened the link before either sent it (a forwarded receipt photo).
    tokens = [parse(client.get(url)).select_one("input[name=submission]")["value"] for _ in "ab"]
    first = client.post(url, data={**GOOD_ANSWERS, "submission": tokens[0]})
    assert first.status_code == 303
    assert used_at(seeded, code) is not None
    saved = seeded.scalar(select(Response))
    assert saved.channel is Channel.RECEIPT_CODE

    second = client.post(url, data={**GOOD_ANSWERS, "submission": tokens[1]})
    assert second.status_code == 409
    assert text_of(parse(second), "h1") == "Hồ sơ này đã được đánh giá"
    again = client.get(f"/r/{code}")
    assert again.status_code == 409
    assert responses(seeded) == 1


def test_the_same_submission_sent_twice_thanks_twice(client: FlaskClient, seeded: Session) -> None:
    code = factories.receipt_code(seeded)
    url = f"/r/{code}"
    token = parse(client.get(url)).select_one("input[name=submission]")["value"]
    data = {**GOOD_ANSWERS, "submission": token}
    assert client.post(url, data=data).status_code == 303
    retry = client.post(url, data=data)
    assert retry.status_code == 303
    assert responses(seeded) == 1


def test_nothing_links_the_rating_to_the_code(client: FlaskClient, seeded: Session) -> None:
    code = factories.receipt_code(seeded)
    post_answers(client, f"/r/{code}")
    stored = seeded.scalar(select(Response))
    columns = {c.key: getattr(stored, c.key) for c in Response.__table__.columns}
    assert not any(code in str(v) or hash_receipt_code(code) in str(v) for v in columns.values())


def test_an_invalid_submission_does_not_use_the_code(client: FlaskClient, seeded: Session) -> None:
    code = factories.receipt_code(seeded)
    assert post_answers(client, f"/r/{code}", **{"staff-general": "9"}).status_code == 400
    assert used_at(seeded, code) is None


def test_a_mistyped_code_is_not_found(client: FlaskClient, seeded: Session) -> None:
    assert client.get("/r/ABCDEFGHJK").status_code == 404
    assert client.get("/r/not-a-code!").status_code == 404


def test_fifty_concurrent_posts_of_one_code_rate_exactly_once(app: Flask, seeded: Session) -> None:
    code = factories.receipt_code(seeded)
    tokens = [issue_submission_token() for _ in range(50)]
    start = threading.Barrier(len(tokens))
    replies: list[live.Reply] = []
    with live.serve(app) as base:

        def send(token: str) -> None:
            start.wait()
            replies.append(live.post(f"{base}/r/{code}", {**GOOD_ANSWERS, "submission": token}))

        threads = [threading.Thread(target=send, args=(t,)) for t in tokens]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    statuses = sorted(r.status for r in replies)
    assert statuses == [303] + [409] * 49, statuses
    assert responses(seeded) == 1
