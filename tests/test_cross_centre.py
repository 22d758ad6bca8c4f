"""A manager of centre A gets nothing of centre B: pages, complaints, exports."""

from __future__ import annotations

from datetime import date

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tests import factories
from tests.complaints.conftest import raise_complaint


def test_centre_b_is_closed_to_a_manager_of_centre_a(client: FlaskClient, seeded: Session) -> None:
    complaint, _receipt = raise_complaint(seeded, centre_key="tinh")
    manager = factories.user(seeded, centre_keys=("van-quan",))
    factories.log_in(client, manager)

    assert client.get("/quan-ly/trung-tam/tinh").status_code == 404
    assert client.get("/quan-ly/ap-phich/tinh.pdf").status_code == 404
    assert client.get("/quan-ly/quay/tinh").status_code == 404
    assert client.get(f"/quan-ly/phan-anh/{complaint.id}").status_code in (403, 404)
    assert client.post(f"/quan-ly/phan-anh/{complaint.id}/lien-he").status_code in (403, 404)
    assert client.post(
        f"/quan-ly/phan-anh/{complaint.id}/classify", data={"classification": "b_conduct"}
    ).status_code in (403, 404)
    queue = client.get("/quan-ly/phan-anh/").get_data(as_text=True)
    assert complaint.tracking_code not in queue

    export = client.post(
        "/quan-ly/xuat-du-lieu/phieu",
        data={
            "centres": [str(factories.centre(seeded, "tinh").id)],
            "start": date(2026, 1, 1).isoformat(),
            "end": date(2026, 12, 31).isoformat(),
            "file_format": "csv",
        },
    )
    # The form offers only the manager's own centres, so another centre is refused.
    assert export.status_code in (400, 403, 404)
    assert export.mimetype == "text/html"
