"""The one-stop system's figures where managers read them: the week page and the province."""

from __future__ import annotations

from datetime import date, timedelta

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from survey_app.core.one_stop import DayFigures, FigureSource, replace_days_figures
from survey_app.manage.digest import build_digests
from survey_app.models import DossierCount, Role
from tests import factories
from tests.html import parse, text_of

MONDAY = date(2026, 11, 16)


def push_week(session: Session, key: str = "van-quan") -> None:
    centre = factories.centre(session, key)
    replace_days_figures(
        session,
        centre.id,
        {
            MONDAY: DayFigures(60, 50, 6, 4, 3),
            MONDAY + timedelta(days=1): DayFigures(40, 30, 4, 2, 1),
        },
        FigureSource.api_key(1),
    )


def test_the_week_page_shows_the_one_stop_block(client: FlaskClient, seeded: Session) -> None:
    push_week(seeded)
    factories.log_in(client, factories.user(seeded))
    page = parse(client.get(f"/quan-ly/trung-tam/van-quan?tuan={MONDAY}"))
    block = page.select_one("section.one-stop")
    assert block is not None
    rows = {
        row.select_one("th").get_text(strip=True): [td.get_text(strip=True) for td in row("td")]
        for row in block.select("tbody tr")
    }
    assert rows["Hồ sơ tiếp nhận"][0] == "100"
    assert rows["Kết quả trả đúng hạn"][:2] == ["80", "88,9%"]
    assert rows["Kết quả trả đúng hạn"][-1] == "90"
    assert rows["Trễ hạn có văn bản xin lỗi"][:2] == ["6", "60,0%"]
    assert rows["Hồ sơ yêu cầu bổ sung quá một lần"][:2] == ["4", "4,0%"]
    assert "Người dân cho biết phải bổ sung hồ sơ hơn một lần" in text_of(page, "p.beside")


def test_the_response_rate_says_its_source(client: FlaskClient, seeded: Session) -> None:
    centre = factories.centre(seeded)
    seeded.add(DossierCount(centre_id=centre.id, week_start=MONDAY, dossiers=500))
    seeded.commit()
    factories.log_in(client, factories.user(seeded))
    typed = parse(client.get(f"/quan-ly/trung-tam/van-quan?tuan={MONDAY}"))
    assert "500 hồ sơ tiếp nhận" in text_of(typed, ".card.dossiers")
    assert "theo số nhập tay" in text_of(typed, ".card.dossiers")
    push_week(seeded)
    pushed = parse(client.get(f"/quan-ly/trung-tam/van-quan?tuan={MONDAY}"))
    assert "100 hồ sơ tiếp nhận" in text_of(pushed, ".card.dossiers")
    assert "theo hệ thống một cửa" in text_of(pushed, ".card.dossiers")


def test_a_week_without_figures_says_so(client: FlaskClient, seeded: Session) -> None:
    factories.log_in(client, factories.user(seeded))
    page = parse(client.get(f"/quan-ly/trung-tam/van-quan?tuan={MONDAY}"))
    assert "Chưa có số liệu từ hệ thống một cửa" in text_of(page, "section.one-stop")
    assert page.select("section.one-stop table") == []


def test_the_province_page_has_a_row_per_centre_with_figures(
    client: FlaskClient, seeded: Session
) -> None:
    push_week(seeded)
    admin = factories.user(seeded, username="so", role=Role.ADMIN, centre_keys=())
    factories.log_in(client, admin)
    page = parse(client.get(f"/quan-ly/tinh?ky={MONDAY}"))
    rows = page.select("table.one-stop-centres tbody tr")
    assert [r.select_one("th").get_text(strip=True) for r in rows] == ["Văn Quan"]
    cells = [td.get_text(" ", strip=True) for td in rows[0]("td")]
    assert cells[0] == "100"
    assert cells[1] == "88,9% (80/90)"
    assert "Chưa có số liệu từ hệ thống một cửa:" in text_of(page, "section.one-stop .missing")


def test_the_province_page_says_when_no_centre_has_figures(
    client: FlaskClient, seeded: Session
) -> None:
    admin = factories.user(seeded, username="so", role=Role.ADMIN, centre_keys=())
    factories.log_in(client, admin)
    page = parse(client.get(f"/quan-ly/tinh?ky={MONDAY}"))
    assert "Chưa có số liệu từ hệ thống một cửa cho kỳ này." in text_of(page, "section.one-stop")
    assert page.select("table.one-stop-centres") == []


def test_the_digest_has_a_one_stop_line_per_centre(app: object, seeded: Session) -> None:
    push_week(seeded)
    manager = factories.user(seeded, centre_keys=("van-quan", "tam-thanh"))
    manager.email = "quanly@langson.gov.vn"
    seeded.commit()
    (digest,) = build_digests(seeded, MONDAY)
    for body in (digest.text, digest.html):
        assert (
            "Hệ thống một cửa: 100 hồ sơ tiếp nhận; 80/90 kết quả đúng hạn (88,9%); "
            "10 trễ hạn, 6 có văn bản xin lỗi; 4 hồ sơ phải bổ sung quá một lần." in body
        )
        assert body.count("Chưa có số liệu từ hệ thống một cửa cho tuần này.") == 1
