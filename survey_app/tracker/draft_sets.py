"""The data that ships: the draft criterion sets (CSV) and the province's agencies.

``load_draft`` is idempotent: a set already loaded (same code and year) and an agency
already known (same code) are left as they are, so the command can run on every deploy.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from survey_app.models import Agency, AgencyKind, Commune, CommuneKind, SetKind, SetStatus
from survey_app.tracker.criterion_rows import (
    Problem,
    SetHeader,
    SourceRow,
    build_set,
    check_rows,
    set_exists,
)

DATA = Path(__file__).parent / "data"
DRAFT_SETS = (
    (
        "par_index_2026_draft.csv",
        SetHeader(
            code="PAR-INDEX",
            name="Chỉ số CCHC cấp tỉnh (PAR INDEX) — bản dự thảo",
            year=2026,
            kind=SetKind.PROVINCIAL,
            status=SetStatus.DRAFT,
            is_draft_annex=True,
            declared_total=100.0,
            survey_total=32.0,
        ),
    ),
    (
        "internal_index_2026_draft.csv",
        SetHeader(
            code="CCHC-NOI-BO",
            name="Chỉ số CCHC các sở, ban, ngành và UBND cấp xã — bản dự thảo",
            year=2026,
            kind=SetKind.INTERNAL,
            status=SetStatus.DRAFT,
            is_draft_annex=True,
            declared_total=100.0,
            survey_total=20.0,
        ),
    ),
)
CENTRE_AGENCY = "trung-tam-tinh"


class DraftDataError(Exception):
    """A shipped data file breaks its own rules (a bug in the repository, not the user's)."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(f"{p.sheet}:{p.row}:{p.column}: {p.message}" for p in problems))
        self.problems = problems


@dataclass(frozen=True, slots=True)
class DraftLoad:
    """What ``load_draft`` added (zero everywhere on a second run)."""

    sets: int
    agencies: int


def read_csv_rows(path: Path) -> list[SourceRow]:
    """The rows of a shipped CSV file, numbered by their line in the file."""
    lines = path.read_text(encoding="utf-8").splitlines()
    first = next(i for i, line in enumerate(lines) if not line.startswith("#"))
    reader = csv.DictReader(lines[first:])
    return [
        SourceRow(path.name, first + 2 + n, {k: v or "" for k, v in cells.items()})
        for n, cells in enumerate(reader)
    ]


def load_agencies(session: Session) -> int:
    """The departments, every commune's People's Committee and the provincial centre."""
    known = set(session.scalars(select(Agency.code)))
    wanted: list[Agency] = [
        Agency(code=row.cells["code"], name=row.cells["name"], kind=AgencyKind.DEPARTMENT)
        for row in read_csv_rows(DATA / "departments.csv")
    ]
    for commune in session.scalars(select(Commune).order_by(Commune.name)):
        if commune.kind is CommuneKind.PROVINCE:
            wanted.append(
                Agency(
                    code=CENTRE_AGENCY,
                    name="Trung tâm Phục vụ hành chính công tỉnh",
                    kind=AgencyKind.CENTRE,
                    commune=commune,
                )
            )
            continue
        unit = "phường" if commune.kind is CommuneKind.WARD else "xã"
        wanted.append(
            Agency(
                code=f"ubnd-{commune.key}",
                name=f"UBND {unit} {commune.name}",
                kind=AgencyKind.COMMUNE,
                commune=commune,
            )
        )
    added = [a for a in wanted if a.code not in known]
    session.add_all(added)
    return len(added)


def load_draft(session: Session) -> DraftLoad:
    """The draft sets and the agencies, each only if missing; commits."""
    sets = 0
    for file_name, header in DRAFT_SETS:
        if set_exists(session, header.code, header.year):
            continue
        roots, problems = check_rows(header, read_csv_rows(DATA / file_name))
        if problems:
            raise DraftDataError(problems)
        build_set(session, header, roots)
        sets += 1
    agencies = load_agencies(session)
    session.commit()
    return DraftLoad(sets=sets, agencies=agencies)
